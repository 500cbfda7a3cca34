// RUN: %check_clang_tidy -std=c++17-or-later %s threadleak-infinite-loop-without-cancellation %t -- -- -pthread

#include <atomic>
#include <csetjmp>
#include <csignal>
#include <cstdlib>
#include <exception>
#include <functional>
#include <future>
#include <pthread.h>
#include <stdexcept>
#include <thread>

void tick();
bool fatal();
void log(int);

// ===== while (true) in a lambda =====

void lambdaLoop() {
  std::thread T([] {
    while (true) {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits and checks no stop token or stop flag: the thread running it can never finish or be stopped, so it leaks [threadleak-infinite-loop-without-cancellation]
      // CHECK-NOTES: :[[@LINE-3]]:15: note: thread started here
      tick();
    }
  });
  T.join();
}

void lambdaLoopWithBreak() {
  std::thread T([] {
    while (true) {
      if (fatal())
        break;
      tick();
    }
  });
  T.join();
}

// ===== switch-break trap: a break that only leaves the switch =====

void switchBreak(int Mode) {
  std::thread T([Mode] {
    while (1) {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits
      // CHECK-NOTES: :[[@LINE-3]]:15: note: thread started here
      switch (Mode) {
      case 0:
        tick();
        break;
      default:
        break;
      }
    }
  });
  T.join();
}

void breakAfterSwitch(int Mode) {
  std::thread T([Mode] {
    while (1) {
      switch (Mode) {
      case 0:
        tick();
        break;
      default:
        break;
      }
      if (fatal())
        break;
    }
  });
  T.join();
}

// ===== a break that only leaves an inner loop; goto out of both =====

void innerLoopBreak() {
  std::thread T([] {
    for (;;) {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits
      // CHECK-NOTES: :[[@LINE-3]]:15: note: thread started here
      for (int I = 0; I < 10; ++I) {
        if (fatal())
          break;
        tick();
      }
    }
  });
  T.join();
}

void gotoOutOfBothLoops() {
  std::thread T([] {
    for (;;) {
      for (int I = 0; I < 10; ++I) {
        if (fatal())
          goto Done;
        tick();
      }
    }
  Done:
    tick();
  });
  T.join();
}

// ===== return inside a nested lambda does not leave the loop =====

void returnInNestedLambda() {
  std::thread T([] {
    for (;;) {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits
      // CHECK-NOTES: :[[@LINE-3]]:15: note: thread started here
      auto Check = [] { return fatal(); };
      if (Check())
        tick();
    }
  });
  T.join();
}

void returnFromTheBody() {
  std::thread T([] {
    for (;;) {
      auto Check = [] { return fatal(); };
      if (Check())
        return;
      tick();
    }
  });
  T.join();
}

// ===== constant-true conditions through macros and constexpr =====

#define FOREVER for (;;)

void macroLoop() {
  std::thread T([] {
    FOREVER {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits
      // CHECK-NOTES: :[[@LINE-6]]:17: note: expanded from macro 'FOREVER'
      // CHECK-NOTES: :[[@LINE-4]]:15: note: thread started here
      tick();
    }
  });
  T.join();
}

void macroLoopWithThrow() {
  std::thread T([] {
    FOREVER {
      if (fatal())
        throw std::runtime_error("fatal");
      tick();
    }
  });
  T.join();
}

constexpr bool Forever = true;

void constexprLoop() {
  std::thread T([] {
    while (Forever) {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits
      // CHECK-NOTES: :[[@LINE-3]]:15: note: thread started here
      tick();
    }
  });
  T.join();
}

static bool KeepGoing = true;
void stopEverything() { KeepGoing = false; }

void flagLoop() {
  std::thread T([] {
    while (KeepGoing) {
      tick();
    }
  });
  T.join();
}

// ===== loops in callees several calls deep =====

void deepest() {
  while (true) {
    // CHECK-NOTES: :[[@LINE-1]]:3: warning: loop never exits
    // CHECK-NOTES: :[[@LINE+7]]:15: note: 'deepest' runs on the thread started here
    tick();
  }
}
void middle() { deepest(); }
void outer() { middle(); }
void deepCallee() {
  std::thread T([] { outer(); });
  T.join();
}

struct Stopped {};
std::atomic<bool> StopRequested{false};
void requestStop() { StopRequested.store(true); }
void throwIfStopped() {
  if (StopRequested.load())
    throw Stopped{};
}
void deepestObserving() {
  while (true) {
    throwIfStopped();
    tick();
  }
}
void middleObserving() { deepestObserving(); }
void deepCalleeObservingStop() {
  std::thread T([] {
    try {
      middleObserving();
    } catch (const Stopped &) {
    }
  });
  T.join();
}

// A loop nobody runs on a thread is not this check's business.
void mainLoop() {
  while (true)
    tick();
}

// A lambda that is never called does not run on the thread.
void uncalledNestedLambda() {
  std::thread T([] {
    auto Later = [] {
      while (true)
        tick();
    };
    (void)Later;
  });
  T.join();
}

// ===== templates: reported once however often instantiated =====

template <typename T> void consume(T);

template <typename T> void pump(T Value) {
  while (true) {
    // CHECK-NOTES: :[[@LINE-1]]:3: warning: loop never exits
    // CHECK-NOTES: :[[@LINE+6]]:15: note: 'pump<int>' runs on the thread started here
    consume(Value);
  }
}

void templateInstances() {
  std::thread A([] { pump(1); });
  std::thread B([] { pump(2.0); });
  std::thread C([] { pump('c'); });
  A.join();
  B.join();
  C.join();
}

template <typename T> bool offer(T);

template <typename T> void drain(T Value) {
  while (true) {
    if (!offer(Value))
      return;
  }
}

void templateWithExit() {
  std::thread A([] { drain(1); });
  std::thread B([] { drain(2.0); });
  A.join();
  B.join();
}

// ===== member-function bodies and functors =====

class Worker {
public:
  void start() { Thread = std::thread(&Worker::run, this); }
  void startChecked() { Thread = std::thread(&Worker::runChecked, this); }
  void stop() { Stopping = true; }

private:
  void run() {
    for (;;)
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits
      // CHECK-NOTES: :[[@LINE-8]]:27: note: thread started here
      process();
  }
  void runChecked() {
    for (;;) {
      if (Stopping.load())
        break;
      process();
    }
  }
  void process();
  std::atomic<bool> Stopping{false};
  std::thread Thread;
};

struct Spinner {
  void operator()() const {
    do {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits
      // CHECK-NOTES: :[[@LINE+7]]:15: note: thread started here
      tick();
    } while (true);
  }
};

void functorBody() {
  std::thread T{Spinner{}};
  T.join();
}

std::jmp_buf Env;

struct Escaper {
  void operator()() const {
    do {
      if (fatal())
        std::longjmp(Env, 1);
      tick();
    } while (true);
  }
};

void functorWithLongjmp() {
  std::thread T{Escaper{}};
  T.join();
}

// ===== pthread start routines =====

void *routine(void *) {
  for (;;)
    // CHECK-NOTES: :[[@LINE-1]]:3: warning: loop never exits
    // CHECK-NOTES: :[[@LINE+6]]:3: note: thread started here
    tick();
}

void startPthread() {
  pthread_t T;
  pthread_create(&T, nullptr, routine, nullptr);
  pthread_join(T, nullptr);
}

void *cancellableRoutine(void *) {
  for (;;) {
    pthread_testcancel();
    tick();
  }
}

void *exitingRoutine(void *) {
  for (;;) {
    if (fatal())
      pthread_exit(nullptr);
    tick();
  }
}

void startPthreads() {
  pthread_t A, B;
  pthread_create(&A, nullptr, cancellableRoutine, nullptr);
  pthread_create(&B, nullptr, exitingRoutine, nullptr);
  pthread_cancel(A);
  pthread_join(A, nullptr);
  pthread_join(B, nullptr);
}

// ===== std::async tasks =====

void asyncTask() {
  auto F = std::async(std::launch::async, [] {
    do {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits
      // CHECK-NOTES: :[[@LINE-3]]:12: note: thread started here
      tick();
    } while (true);
  });
}

void fail() { throw std::runtime_error("failed"); }

void asyncTaskWithThrowingCallee() {
  auto F = std::async(std::launch::async, [] {
    do {
      if (fatal())
        fail();
      tick();
    } while (true);
  });
}

[[noreturn]] void die();

void asyncTaskWithNoreturnCallee() {
  auto F = std::async([] {
    while (true) {
      if (fatal())
        die();
      tick();
    }
  });
}

// ===== counters are not stop flags =====

std::atomic<int> Processed{0};

void atomicOnlyIncremented() {
  std::thread T([] {
    while (true) {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits
      // CHECK-NOTES: :[[@LINE-3]]:15: note: thread started here
      tick();
      log(Processed.load());
      Processed++;
      Processed.fetch_add(1);
    }
  });
  T.join();
}

std::atomic<int> State{0};
void shutdown() { State.store(2); }
void throwIfShuttingDown() {
  if (State.load() == 2)
    throw Stopped{};
}

void atomicStateWord() {
  std::thread T([] {
    while (true) {
      throwIfShuttingDown();
      tick();
    }
  });
  T.detach();
}

static volatile int Ticks;
static int Sum;

void *counterOnlyRead(void *) {
  for (;;) {
    // CHECK-NOTES: :[[@LINE-1]]:3: warning: loop never exits
    // CHECK-NOTES: :[[@LINE+15]]:3: note: thread started here
    Sum += Ticks;
    tick();
  }
}

static volatile std::sig_atomic_t GotSignal;
void onSignal(int) { GotSignal = 1; }
void exitOnSignal() {
  if (GotSignal)
    std::exit(0);
}

void startCounterThreads() {
  pthread_t A;
  pthread_create(&A, nullptr, counterOnlyRead, nullptr);
  std::signal(SIGTERM, onSignal);
  std::thread B([] {
    for (;;) {
      exitOnSignal();
      tick();
    }
  });
  pthread_join(A, nullptr);
  B.join();
}

static bool Verbose = false;

void flagNobodySets() {
  std::thread T([] {
    while (true) {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits
      // CHECK-NOTES: :[[@LINE-3]]:15: note: thread started here
      if (Verbose)
        log(0);
      tick();
    }
  });
  T.join();
}

static bool Quit = false;
void requestQuit() { Quit = true; }

// The flag is read but nothing leaves the loop on it; when in doubt the check
// trusts a read of a flag someone sets.
void flagSomeoneSets() {
  std::thread T([] {
    while (true) {
      if (Quit)
        log(1);
      tick();
    }
  });
  T.join();
}

// ===== nested endless loops: the inner one is to blame =====

void nestedEndless() {
  std::thread T([] {
    while (true) {
      tick();
      while (true) {
        // CHECK-NOTES: :[[@LINE-1]]:7: warning: loop never exits
        // CHECK-NOTES: :[[@LINE-5]]:15: note: thread started here
        tick();
      }
    }
  });
  T.join();
}

// ===== a lambda stored in a std::function member, called by the thread =====

struct ConfiguredTicker {
  std::function<void()> Body;
  std::thread T;
  void configure() {
    Body = [] {
      for (;;)
        // CHECK-NOTES: :[[@LINE-1]]:7: warning: loop never exits
        // CHECK-NOTES: :[[@LINE+4]]:22: note: the lambda that contains the loop runs on the thread started here
        tick();
    };
  }
  void start() { T = std::thread([this] { Body(); }); }
  ~ConfiguredTicker() { T.join(); }
};

// ===== NOLINT =====

void suppressed() {
  std::thread T([] {
    while (true) // NOLINT(threadleak-infinite-loop-without-cancellation)
      tick();
  });
  T.join();
}
