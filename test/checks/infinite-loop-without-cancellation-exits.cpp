// What leaves a loop and what does not, owners that live as long as the
// process, and threads started by an in-class member initializer.
// RUN: %check_clang_tidy -check-suffixes=,DEFAULT -std=c++20-or-later %s threadleak-infinite-loop-without-cancellation %t
// RUN: %check_clang_tidy -check-suffixes=,STRICT -std=c++20-or-later %s threadleak-infinite-loop-without-cancellation %t -- \
// RUN:   -config="{CheckOptions: {threadleak-infinite-loop-without-cancellation.ReportProcessLifetimeThreads: true}}"

#include <cassert>
#include <cstdlib>
#include <exception>
#include <pthread.h>
#include <stdexcept>
#include <stop_token>
#include <thread>

int poll();

// A failed assertion or abort() crashes the process: no way out of a loop.
void assertsInLoop() {
  std::thread T([] {
    while (true) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: loop never exits and checks no stop token or stop flag
      int V = poll();
      assert(V >= 0);
      if (V > 100)
        std::abort();
      if (V > 200)
        std::terminate();
    }
  });
  T.join();
}

// exit() ends the process normally: the loop has a way out.
void exitsInLoop() {
  std::thread T([] {
    while (true) {
      if (poll() < 0)
        std::exit(0);
    }
  });
  T.join();
}

// A callee that exits the process on one path is a way out, as exit() in
// the loop itself is.
void runCommand(int Command) {
  if (Command == 0)
    std::exit(0);
}

void exitingCallee() {
  std::thread T([] {
    for (;;)
      runCommand(poll());
  });
  T.join();
}

// pthread_exit() in a callee of a callee ends the thread.
void finishThread() { pthread_exit(nullptr); }
void runJob(int Job) {
  if (Job < 0)
    finishThread();
}

void threadExitingCallee() {
  std::thread T([] {
    while (true)
      runJob(poll());
  });
  T.join();
}

// A callee whose only way out is a failed check crashes the process: the
// loop has no exit.
[[noreturn]] void checkFailed(const char *What);
void checkedStep(int V) {
  if (V < 0)
    checkFailed("negative");
  assert(V != 7);
}

void checkingCallee() {
  std::thread T([] {
    while (true)
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: loop never exits and checks no stop token or stop flag
      checkedStep(poll());
  });
  T.join();
}

struct ShutdownRequested {};

void handleCommand() {
  if (poll() == 42)
    throw ShutdownRequested{};
}

// An exception thrown by a callee on a shutdown command leaves the loop.
void throwingCallee() {
  std::thread T([] {
    try {
      for (;;)
        handleCommand();
    } catch (const ShutdownRequested &) {
    }
  });
  T.join();
}

// ... unless a catch-all inside the loop swallows it.
void swallowedException() {
  std::thread T([] {
    for (;;) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: loop never exits
      try {
        handleCommand();
      } catch (...) {
      }
    }
  });
  T.join();
}

// A stop token handed to a callee counts only if the callee consults it.
void logToken(std::stop_token Token) { (void)Token; }
bool stopped(std::stop_token Token) { return Token.stop_requested(); }

void tokenOnlyLogged() {
  std::jthread T([](std::stop_token Token) {
    for (;;) {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: loop never exits
      logToken(Token);
    }
  });
}

void tokenConsulted() {
  std::jthread T([](std::stop_token Token) {
    for (;;) {
      if (stopped(Token))
        break;
    }
  });
}

// The process-wide registry is never destroyed: its destructor aborts.
class Registry {
public:
  Registry() : Flusher([this] { flushForever(); }) {}
  ~Registry() { std::abort(); }

private:
  void flushForever() {
    for (;;)
    // CHECK-MESSAGES-STRICT: :[[@LINE-1]]:5: warning: loop never exits
      poll();
  }
  std::thread Flusher;
};

// A singleton behind an accessor, a function-local static.
class Heartbeat {
public:
  static Heartbeat &instance() {
    static Heartbeat Instance;
    return Instance;
  }

private:
  Heartbeat() : Beater([] {
    for (;;)
    // CHECK-MESSAGES-STRICT: :[[@LINE-1]]:5: warning: loop never exits
      poll();
  }) {}
  std::thread Beater;
};

// The same thread in a class that is created and destroyed as usual.
class Ticker {
public:
  Ticker() : Beater([] {
    for (;;)
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: loop never exits
      poll();
  }) {}
  ~Ticker() { Beater.join(); }

private:
  std::thread Beater;
};

void useTicker() { Ticker T; }

// A thread started by an in-class default member initializer.
class InClassStarted {
  void spin() {
    while (true)
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: loop never exits
      poll();
  }
  std::thread Worker{&InClassStarted::spin, this};

public:
  ~InClassStarted() { Worker.join(); }
};

void useInClassStarted() { InClassStarted C; }

// A delete whose destroyed type a template leaves open: the index must not
// assume it is known.
template <typename T> struct Owned {
  static void destroy(void *Opaque) {
    auto Typed = static_cast<Owned *>(Opaque);
    delete Typed;
  }
  T Value;
};
