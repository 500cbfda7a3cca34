// Code with errors: clang recovers (RecoveryExpr for undeclared names and
// bad calls, invalid lambdas and instantiations) and the checks run over
// what it kept. They must not crash; clang-tidy must print the errors and
// exit 1, and the well-formed leaks must still be reported.
//
// RUN: %no_crash --expect-exit=1 -- %threadleak_tidy --config={} '-checks=-*,threadleak-*' %s \
// RUN:   -- -std=c++20 -pthread -ferror-limit=0 | FileCheck %s
// RUN: %no_crash --expect-exit=1 -- %threadleak_tidy --config={} '-checks=-*,threadleak-*' %s \
// RUN:   -- -std=c++20 -pthread -ferror-limit=0 %libcxx_flags | FileCheck %s
// RUN: %no_crash --expect-exit=1 -- %clang_tidy --load=%plugin --config={} '-checks=-*,threadleak-*' %s \
// RUN:   -- -std=c++20 -pthread -ferror-limit=0 | FileCheck %s
// RUN: %no_crash --expect-exit=1 -- %clang_tidy --load=%plugin --config={} '-checks=-*,threadleak-*' %s \
// RUN:   -- -std=c++20 -pthread -ferror-limit=0 %libcxx_flags | FileCheck %s

#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

// CHECK: :[[@LINE+1]]:51: warning: {{.*}} [threadleak-detached-thread]
void sentinel() { std::thread([] { for (;;) {} }).detach(); }

// Undeclared names inside thread bodies: clang keeps the calls and
// conditions as RecoveryExpr nodes of unknown type.
void undeclaredInBody() {
  // CHECK: :[[@LINE+1]]:27: error: use of undeclared identifier 'Undeclared' [clang-diagnostic-error]
  std::thread([] { while (Undeclared) {} }).detach();
  // CHECK: :[[@LINE+1]]:29: error: use of undeclared identifier 'undeclaredCall' [clang-diagnostic-error]
  std::thread([] { for (;;) undeclaredCall(1); }).detach();
  std::thread([] { for (;; ++Missing) {} }).detach();
}
// CHECK: :[[@LINE+1]]:32: error: use of undeclared identifier 'sentinal'; did you mean 'sentinel'? [clang-diagnostic-error]
void typoEntry() { std::thread(sentinal).detach(); }
// CHECK: :[[@LINE+1]]:27: error: use of undeclared identifier 'NoSuchThread' [clang-diagnostic-error]
void undeclaredThread() { NoSuchThread.detach(); }
void wrongArguments() { std::thread T(42, nullptr); T.detach(); }

// Broken lambdas.
void brokenLambdas() {
  // CHECK: :[[@LINE+1]]:19: error: expected variable name or 'this' in lambda capture list [clang-diagnostic-error]
  std::thread([=, =] { for (;;) {} }).detach();
  std::thread([](int Needed) { for (;;) {} }).detach();
  // CHECK: :[[@LINE+1]]:30: error: use of undeclared identifier 'qqMissing' [clang-diagnostic-error]
  auto Returns = [] { return qqMissing + 1; };
  std::thread(Returns).detach();
  // CHECK: :[[@LINE+1]]:21: error: expected a type [clang-diagnostic-error]
  std::thread([] -> { for (;;) {} }).detach();
}

// Waits and stop tokens used wrongly.
void wrongWaits(std::condition_variable &Cv, std::mutex &M) {
  std::thread([&] {
    std::unique_lock<std::mutex> Lock(M);
    // CHECK: :[[@LINE+1]]:19: error: use of undeclared identifier 'qqPredicate' [clang-diagnostic-error]
    Cv.wait(Lock, qqPredicate);
    // CHECK: :[[@LINE+1]]:8: error: no matching member function for call to 'wait' [clang-diagnostic-error]
    Cv.wait();
    Cv.wait_for(Lock, notADuration);
  }).detach();
  std::jthread J([](std::stop_token Token) {
    // CHECK: :[[@LINE+1]]:34: error: too many arguments to function call, expected 0, have 1 [clang-diagnostic-error]
    while (!Token.stop_requested(1)) {}
  });
  J.detach();
  // CHECK: :[[@LINE+1]]:55: error: use of undeclared identifier 'nope' [clang-diagnostic-error]
  auto F = std::async(std::launch::async, [] { return nope(); });
  F.get();
}

// An incomplete class and an error only seen at instantiation.
struct Incomplete;
// CHECK: :[[@LINE+1]]:53: error: incomplete type 'Incomplete' named in nested name specifier [clang-diagnostic-error]
void incompleteMember(Incomplete *I) { std::thread(&Incomplete::run, I).detach(); }
template <typename T> void dependent() {
  // CHECK: :[[@LINE+1]]:20: error: type 'int' cannot be used prior to '::' because it has no members [clang-diagnostic-error]
  std::thread([] { T::undeclared(); for (;;) {} }).detach();
}
template void dependent<int>();

// A syntax error inside the thread body, last: it may swallow what follows.
// CHECK: :[[@LINE+1]]:46: error: expected ')' [clang-diagnostic-error]
void unbalanced() { std::thread([] { for (;; {} }).detach(); }

// clang-tidy's last words on a file that does not compile.
// CHECK: Found compiler error(s).
