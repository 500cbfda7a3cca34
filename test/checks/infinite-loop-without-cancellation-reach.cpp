// RUN: %check_clang_tidy -std=c++17-or-later %s threadleak-infinite-loop-without-cancellation %t -- -- -pthread

#include <array>
#include <atomic>
#include <functional>
#include <pthread.h>
#include <thread>
#include <utility>

void tick();
std::atomic<bool> Stop{false};

// ===== pthread_create with a captureless lambda as the start routine =====

void lambdaRoutine() {
  pthread_t T;
  pthread_create(&T, nullptr, [](void *) -> void * {
    for (;;)
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits and checks no stop token or stop flag: the thread running it can never finish or be stopped, so it leaks [threadleak-infinite-loop-without-cancellation]
      // CHECK-NOTES: :[[@LINE-3]]:3: note: thread started here
      tick();
  }, nullptr);
  pthread_join(T, nullptr);
}

void lambdaRoutineStops() {
  pthread_t T;
  pthread_create(&T, nullptr, [](void *) -> void * {
    for (;;) {
      if (Stop)
        break;
      tick();
    }
    return nullptr;
  }, nullptr);
  Stop = true;
  pthread_join(T, nullptr);
}

void lambdaRoutineCancellable() {
  pthread_t T;
  pthread_create(&T, nullptr, [](void *) -> void * {
    for (;;) {
      pthread_testcancel();
      tick();
    }
  }, nullptr);
  pthread_cancel(T);
  pthread_join(T, nullptr);
}

void unaryPlusRoutine() {
  pthread_t T;
  pthread_create(&T, nullptr, +[](void *) -> void * {
    while (true)
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits and checks no stop token or stop flag: the thread running it can never finish or be stopped, so it leaks [threadleak-infinite-loop-without-cancellation]
      // CHECK-NOTES: :[[@LINE-3]]:3: note: thread started here
      tick();
  }, nullptr);
  pthread_join(T, nullptr);
}

void unaryPlusRoutineReturns() {
  pthread_t T;
  pthread_create(&T, nullptr, +[](void *) -> void * {
    tick();
    return nullptr;
  }, nullptr);
  pthread_join(T, nullptr);
}

void storedRoutine() {
  auto Routine = [](void *) -> void * {
    for (;;)
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits and checks no stop token or stop flag: the thread running it can never finish or be stopped, so it leaks [threadleak-infinite-loop-without-cancellation]
      // CHECK-NOTES: :[[@LINE+4]]:3: note: thread started here
      tick();
  };
  pthread_t T;
  pthread_create(&T, nullptr, Routine, nullptr);
  pthread_join(T, nullptr);
}

void storedRoutineStops() {
  auto Routine = [](void *) -> void * {
    while (!Stop)
      tick();
    return nullptr;
  };
  pthread_t T;
  pthread_create(&T, nullptr, Routine, nullptr);
  Stop = true;
  pthread_join(T, nullptr);
}

// A thread class whose pthread trampoline is a lambda: the callers' bodies
// are the thread bodies.
class LambdaThread {
public:
  explicit LambdaThread(std::function<void()> Fn) : Body(std::move(Fn)) {
    pthread_create(&Tid, nullptr, [](void *Self) -> void * {
      static_cast<LambdaThread *>(Self)->Body();
      return nullptr;
    }, this);
  }
  ~LambdaThread() { pthread_join(Tid, nullptr); }

private:
  std::function<void()> Body;
  pthread_t Tid{};
};

void useLambdaThread() {
  LambdaThread Poller([] {
    for (;;)
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits and checks no stop token or stop flag: the thread running it can never finish or be stopped, so it leaks [threadleak-infinite-loop-without-cancellation]
      // CHECK-NOTES: :[[@LINE-3]]:16: note: thread started here
      tick();
  });
  LambdaThread Once([] { tick(); });
  LambdaThread Stoppable([] {
    for (;;) {
      if (Stop)
        break;
      tick();
    }
  });
  Stop = true;
}

