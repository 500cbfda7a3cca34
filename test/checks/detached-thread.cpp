// RUN: %check_clang_tidy -std=c++17 %s threadleak-detached-thread %t -- -- -pthread
// RUN: %check_clang_tidy -std=c++20-or-later -check-suffixes=,CXX20 %s threadleak-detached-thread %t -- -- -pthread

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <functional>
#include <future>
#include <mutex>
#include <pthread.h>
#include <queue>
#include <stdexcept>
#include <thread>

void tick();
bool fatal();

// ===== Positives: every callable shape, detached, running forever =====

void lambdaBody() {
  std::thread T([] {
    while (true) {
      tick();
    }
  });
  T.detach();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: detached thread can never finish: it loops forever and the loop never checks for a stop request, so nothing can stop or join it and it leaks until the process exits [threadleak-detached-thread]
  // CHECK-NOTES: :[[@LINE-6]]:5: note: the thread loops forever here: no break, return or throw leaves the loop and nothing in it checks a stop token or flag
  // CHECK-NOTES: :[[@LINE-8]]:15: note: thread started here
  // CHECK-NOTES-CXX20: :[[@LINE-9]]:15: note: use std::jthread and end the loop with its stop token
}

void lambdaThroughVariable() {
  auto Work = [] {
    for (;;)
      tick();
  };
  std::thread T(Work);
  T.detach();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: detached thread can never finish: it loops forever
  // CHECK-NOTES: :[[@LINE-6]]:5: note: the thread loops forever here
  // CHECK-NOTES: :[[@LINE-4]]:15: note: thread started here
}

void spin() {
  while (1)
    tick();
}

void functionBody() {
  std::thread(spin).detach();
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: detached thread can never finish: it loops forever
  // CHECK-NOTES: :[[@LINE-7]]:3: note: the thread loops forever here
}

void functionPointer() {
  void (*Entry)() = &spin;
  std::thread T(Entry);
  T.detach();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: detached thread can never finish: it loops forever
  // CHECK-NOTES: :[[@LINE-15]]:3: note: the thread loops forever here
  // CHECK-NOTES: :[[@LINE-4]]:15: note: thread started here
}

void boundFunction() {
  std::thread(std::bind(spin)).detach();
  // CHECK-NOTES: :[[@LINE-1]]:32: warning: detached thread can never finish: it loops forever
  // CHECK-NOTES: :[[@LINE-22]]:3: note: the thread loops forever here
}

struct Pump {
  void operator()() const {
    do {
      tick();
    } while (true);
  }
};

void functorBody() {
  std::thread(Pump{}).detach();
  // CHECK-NOTES: :[[@LINE-1]]:23: warning: detached thread can never finish: it loops forever
  // CHECK-NOTES: :[[@LINE-9]]:5: note: the thread loops forever here
}

class Poller {
public:
  void start() {
    Thread = std::thread(&Poller::poll, this);
    Thread.detach();
    // CHECK-NOTES: :[[@LINE-1]]:12: warning: detached thread can never finish: it loops forever
    // CHECK-NOTES: :[[@LINE+6]]:5: note: the thread loops forever here
    // CHECK-NOTES: :[[@LINE-4]]:14: note: thread started here
  }

private:
  void poll() {
    while (true)
      Polls.fetch_add(1); // A counter that is only incremented is no stop flag.
  }
  std::atomic<int> Polls{0};
  std::thread Thread;
};

void level3() {
  for (;;)
    tick();
}
void level2() { level3(); }
void level1() { level2(); }

void loopInCallee() {
  std::thread([] { level1(); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:33: warning: detached thread can never finish: it loops forever
  // CHECK-NOTES: :[[@LINE-9]]:3: note: loops forever here, in 'level3' called from the thread: no break, return or throw leaves the loop and nothing in it checks a stop token or flag
}

#define FOREVER for (;;)

void macroLoop() {
  std::thread([] {
    FOREVER { tick(); }
  }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: detached thread can never finish: it loops forever
  // CHECK-NOTES: :[[@LINE-3]]:5: note: the thread loops forever here
  // CHECK-NOTES: :[[@LINE-8]]:17: note: expanded from macro 'FOREVER'
}

constexpr bool RunForever = true;

void constexprCondition() {
  std::thread([] {
    while (RunForever)
      tick();
  }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: detached thread can never finish: it loops forever
  // CHECK-NOTES: :[[@LINE-4]]:5: note: the thread loops forever here
}

void switchBreakTrap() {
  std::thread([](int Mode) {
    while (true) {
      switch (Mode) {
      case 0:
        break; // Leaves the switch, not the loop.
      default:
        tick();
      }
    }
  }, 0).detach();
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: detached thread can never finish: it loops forever
  // CHECK-NOTES: :[[@LINE-10]]:5: note: the thread loops forever here
}

void innerLoopBreakAndLambdaReturnTrap() {
  std::thread([] {
    while (true) {
      for (int I = 0; I < 3; ++I)
        break; // Leaves the inner loop only.
      auto Step = [] { return; }; // Returns from the lambda only.
      Step();
    }
  }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: detached thread can never finish: it loops forever
  // CHECK-NOTES: :[[@LINE-8]]:5: note: the thread loops forever here
}

template <typename T> struct Ticker {
  void start() { std::thread(&Ticker::run, this).detach(); }
  // CHECK-NOTES: :[[@LINE-1]]:50: warning: detached thread can never finish: it loops forever
  // CHECK-NOTES: :[[@LINE+2]]:5: note: the thread loops forever here
  void run() {
    while (true)
      Value = T();
  }
  T Value;
};
// Instantiated twice, reported once.
template struct Ticker<int>;
template struct Ticker<long>;

struct Channel {
  int recv() {
    std::unique_lock<std::mutex> Lock(M);
    CV.wait(Lock, [this] { return !Items.empty(); });
    int V = Items.front();
    Items.pop();
    return V;
  }
  std::mutex M;
  std::condition_variable CV;
  std::queue<int> Items;
};

void blockedReceiver(Channel &C) {
  std::thread([&C] { C.recv(); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:35: warning: detached thread may never finish: it blocks without a deadline and nothing can wake it for shutdown, so nothing can stop or join it and it leaks until the process exits [threadleak-detached-thread]
  // CHECK-NOTES: :[[@LINE-13]]:8: note: blocks here, in 'recv' called from the thread, without a deadline and nothing can wake it for shutdown; use 'wait_for' or wait on a predicate that checks a stop flag
}

void *routine(void *) {
  for (;;)
    tick();
  return nullptr;
}

void pthreadDetach() {
  pthread_t T;
  pthread_create(&T, nullptr, routine, nullptr);
  pthread_detach(T);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: detached thread can never finish: it loops forever
  // CHECK-NOTES: :[[@LINE-10]]:3: note: the thread loops forever here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: thread started here
}

void pthreadCreatedDetached() {
  pthread_attr_t Attr;
  pthread_attr_init(&Attr);
  pthread_attr_setdetachstate(&Attr, PTHREAD_CREATE_DETACHED);
  pthread_t T;
  pthread_create(&T, &Attr, routine, nullptr);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: thread created detached can never finish: it loops forever
  // CHECK-NOTES: :[[@LINE-21]]:3: note: the thread loops forever here
}

void *selfDetaching(void *) {
  pthread_detach(pthread_self());
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: detached thread can never finish: it loops forever
  // CHECK-NOTES: :[[@LINE+1]]:3: note: the thread loops forever here
  while (true)
    tick();
}

class Service {
public:
  Service() : Worker(&Service::loop, this) { Worker.detach(); }
  // CHECK-NOTES: :[[@LINE-1]]:53: warning: detached thread can never finish: it loops forever
  // CHECK-NOTES: :[[@LINE+6]]:5: note: the thread loops forever here
  // CHECK-NOTES: :[[@LINE-3]]:15: note: thread started here

private:
  void loop() {
    std::mutex M;
    while (true) {
      std::lock_guard<std::mutex> Lock(M);
      tick();
    }
  }
  std::thread Worker;
};

// ===== Hard negatives: the same shapes, but the thread can finish =====

std::atomic<bool> StopAll{false};

void stopFlagBreak() {
  std::thread T([] {
    while (true) {
      if (StopAll.load())
        break;
      tick();
    }
  });
  T.detach();
}

void stopFlagInCondition() {
  std::thread([] {
    while (!StopAll)
      tick();
  }).detach();
}

class StoppablePoller {
public:
  void start() {
    Thread = std::thread(&StoppablePoller::poll, this);
    Thread.detach();
  }

private:
  bool stopping() const { return Stop.load(std::memory_order_acquire); }
  void poll() {
    while (true) {
      if (stopping())
        return; // Observed in a callee, then left.
      tick();
    }
  }
  std::atomic<bool> Stop{false};
  std::thread Thread;
};

void finiteBody() {
  std::thread([] {
    for (int I = 0; I < 10; ++I)
      tick();
  }).detach();
}

void throwsOut() {
  std::thread([] {
    while (true) {
      if (fatal())
        throw std::runtime_error("fatal");
      tick();
    }
  }).detach();
}

[[noreturn]] void die();
void exitsThroughNoreturn() {
  std::thread([] {
    for (;;) {
      if (fatal())
        std::exit(1);
      if (fatal())
        die();
      tick();
    }
  }).detach();
}

void fail() { throw std::runtime_error("stop"); }
void exitsThroughAlwaysThrowingCallee() {
  std::thread([] {
    while (true) {
      if (fatal())
        fail();
      tick();
    }
  }).detach();
}

void gotoOut() {
  std::thread([] {
    while (true) {
      if (fatal())
        goto done;
      tick();
    }
  done:
    tick();
  }).detach();
}

void *stoppableRoutine(void *) {
  while (true) {
    if (StopAll)
      pthread_exit(nullptr);
    tick();
  }
}

void pthreadStoppable() {
  pthread_t T;
  pthread_create(&T, nullptr, stoppableRoutine, nullptr);
  pthread_detach(T);
}

volatile std::sig_atomic_t Interrupted = 0;

void signalFlag() {
  std::thread([] {
    while (true) {
      if (Interrupted)
        return;
      tick();
    }
  }).detach();
}

struct ClosableChannel {
  bool recv(int &V) {
    std::unique_lock<std::mutex> Lock(M);
    CV.wait(Lock, [this] { return !Items.empty() || Closed; });
    if (Items.empty())
      return false;
    V = Items.front();
    Items.pop();
    return true;
  }
  std::mutex M;
  std::condition_variable CV;
  std::queue<int> Items;
  bool Closed = false;
};

void closableReceiver(ClosableChannel &C) {
  std::thread([&C] {
    int V;
    while (C.recv(V))
      tick();
  }).detach();
}

void futureReceiver(std::future<int> F) {
  // A future's waiter is released with broken_promise when its promise dies.
  std::thread([F = std::move(F)]() mutable { F.get(); }).detach();
}

void joinedNotDetached() {
  std::thread T([] {
    while (true)
      tick();
  });
  T.join();
}

void flagCapturedByReference(std::atomic<bool> &Flag) {
  std::thread T([&Flag] {
    while (true) {
      if (Flag)
        return;
    }
  });
  T.detach();
}

struct StoppablePump {
  std::atomic<bool> *Stop;
  void operator()() const {
    do {
      if (Stop->load())
        return;
      tick();
    } while (true);
  }
};

void stoppableFunctor(std::atomic<bool> &Stop) {
  std::thread(StoppablePump{&Stop}).detach();
}

void stoppableLambdaThroughVariable() {
  auto Work = [] {
    for (;;) {
      if (StopAll)
        break;
      tick();
    }
  };
  std::thread T(Work);
  T.detach();
}

void stoppableSpin() {
  while (1) {
    if (StopAll.load())
      return;
    tick();
  }
}

void stoppableBoundFunction() {
  std::thread(std::bind(stoppableSpin)).detach();
  void (*Entry)() = &stoppableSpin;
  std::thread(Entry).detach();
}

#define FOREVER_UNTIL_STOPPED while (!StopAll)

void stoppableMacroLoop() {
  std::thread([] {
    FOREVER_UNTIL_STOPPED { tick(); }
  }).detach();
}

void suppressed() {
  std::thread T([] {
    while (true)
      tick();
  });
  T.detach(); // NOLINT(threadleak-detached-thread)
}
