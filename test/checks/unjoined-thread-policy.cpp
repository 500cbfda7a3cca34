// RUN: %check_clang_tidy -std=c++17-or-later %s threadleak-unjoined-thread %t -- -- -pthread
// RUN: %check_clang_tidy -std=c++17 -check-suffixes=,ENV %s threadleak-unjoined-thread %t -- \
// RUN:   -config="{CheckOptions: {ReportEnvironmentFailures: true}}" -- -pthread

// Which exception paths destroy a joinable local thread by default
// (docs/analysis.md, "What is reported"): a throw of the project's code, a
// function defined elsewhere, bad input to std::stoi, and anything a try
// block of the function itself catches. Not by default: a broken invariant
// (a throw of std::logic_error itself), the library's misuse exceptions
// (std::bad_function_call, at(), optional::value()), a thread that cannot
// start, an exception relayed from where it was caught, and an exception
// that leaves main(), which terminates the process anyway.

#include <exception>
#include <functional>
#include <future>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

void work();
int parsePort(const std::string &Text);
void startServer();

// ===== The project's own throw: ordinary =====

void validate(int Port) {
  if (Port <= 0)
    throw std::invalid_argument("port");
}

void serveOnPort(int Port) {
  std::thread T(work);
  validate(Port);
  // CHECK-MESSAGES: :[[@LINE-2]]:15: warning: thread 'T' is destroyed while still joinable when an exception leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: if this throws, the exception destroys 'T' before it is joined
  T.join();
}

// std::stoi on text the program reads: bad input throws.
int readPort(const std::string &Text) {
  std::thread T(work);
  int Port = std::stoi(Text);
  // CHECK-MESSAGES: :[[@LINE-2]]:15: warning: thread 'T' is destroyed while still joinable when an exception leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:14: note: if this throws, the exception destroys 'T' before it is joined
  T.join();
  return Port;
}

// ===== A broken invariant: a bug, not an input =====

void checkInvariant(bool Ok) {
  if (!Ok)
    throw std::logic_error("invariant broken");
}

void withInvariant(bool Ok) {
  std::thread T(work);
  // CHECK-MESSAGES-ENV: :[[@LINE-1]]:15: warning: thread 'T' is destroyed while still joinable when an exception leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
  checkInvariant(Ok);
  T.join();
}

// A callable of the project's own that throws std::bad_function_call when
// empty, as std::function does.
template <typename R> class Callback {
public:
  R operator()() const {
    if (!Fn)
      throw std::bad_function_call();
    return Fn();
  }
  R (*Fn)() = nullptr;
};

void callsOwnCallback(const Callback<int> &Cb) {
  std::thread T(work);
  // CHECK-MESSAGES-ENV: :[[@LINE-1]]:15: warning: thread 'T' is destroyed while still joinable when an exception leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
  Cb();
  T.join();
}

// at() and optional::value() throw only on misuse.
int firstPort(const std::vector<int> &Ports, std::optional<int> Override) {
  std::thread T(work);
  // CHECK-MESSAGES-ENV: :[[@LINE-1]]:15: warning: thread 'T' is destroyed while still joinable when an exception leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
  int Port = Override.value() + Ports.at(0);
  T.join();
  return Port;
}

// ===== A future whose promise always gets a value =====

int promisedValue() {
  std::promise<int> P;
  std::future<int> F = P.get_future();
  std::thread T([&P] { P.set_value(42); });
  int V = F.get();
  T.join();
  return V;
}

// ===== An exception relayed from where it was caught =====

std::exception_ptr Stored;
void rethrowStored() {
  if (Stored)
    std::rethrow_exception(Stored);
}

void relayedOutside() {
  std::thread T(work);
  rethrowStored();
  T.join();
}

// ===== What a try block of the function catches is expected =====

bool relayedInside() {
  try {
    std::thread T(work);
    rethrowStored();
    // CHECK-MESSAGES: :[[@LINE-2]]:17: warning: thread 'T' is destroyed while still joinable when an exception leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: if this throws, the exception destroys 'T' before it is joined
    T.join();
  } catch (...) {
    return false;
  }
  return true;
}

// A thread that cannot start, inside a try that handles exactly that.
bool startsAnother() {
  try {
    std::thread T(work);
    std::vector<std::thread> More;
    More.emplace_back(work);
    // CHECK-MESSAGES: :[[@LINE-3]]:17: warning: thread 'T' is destroyed while still joinable when an exception leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
    // CHECK-MESSAGES: :[[@LINE-2]]:10: note: if this throws, the exception destroys 'T' before it is joined
    More.back().join();
    T.join();
  } catch (const std::system_error &) {
    return false;
  }
  return true;
}

// ===== main() =====

// Caught in main(): the handler reports the error, and the joinable thread
// turns it into std::terminate.
int main(int Argc, char **Argv) {
  try {
    std::thread T(work);
    startServer();
    // CHECK-MESSAGES: :[[@LINE-2]]:17: warning: thread 'T' is destroyed while still joinable when an exception leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: if this throws, the exception destroys 'T' before it is joined
    T.join();
  } catch (const std::exception &E) {
    std::cerr << E.what() << "\n";
    return 1;
  }
  // Uncaught: the exception terminates the process whatever is joinable.
  std::thread U(work);
  int Port = parsePort(Argv[1]);
  U.join();
  return Port;
}
