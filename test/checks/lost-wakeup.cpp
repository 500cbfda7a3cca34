// RUN: %check_clang_tidy -std=c++17 -fix-notes %s threadleak-lost-wakeup %t -- -- -pthread
// RUN: %check_clang_tidy -std=c++20-or-later -fix-notes -check-suffixes=,CXX20 %s threadleak-lost-wakeup %t -- -- -pthread

// Shutdown code that cannot wake the thread it waits for: (1) the stop flag
// set without the waiter's mutex before the notify, (2) the flag set with no
// wake-up of what the thread waits on, (3) a destructor that joins without
// asking the thread to stop. Each positive has its near-identical correct
// form beside it.

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <pthread.h>
#include <queue>
#include <semaphore.h>
#include <thread>
#include <vector>
#if __cplusplus >= 202002L
#include <semaphore>
#include <stop_token>
#endif

void work();
void shutdownHook();

// ===== 1. The flag is set without the waiter's mutex before the notify =====

// The classic header-only pool before its fix: a plain bool.
class ClassicPool {
public:
  ClassicPool() {
    for (int I = 0; I < 4; ++I)
      Workers.emplace_back([this] {
        for (;;) {
          std::function<void()> Task;
          {
            std::unique_lock<std::mutex> Lock(QueueMutex);
            Condition.wait(Lock, [this] { return Stop || !Tasks.empty(); });
            if (Stop && Tasks.empty())
              return;
            Task = std::move(Tasks.front());
            Tasks.pop();
          }
          Task();
        }
      });
  }
  ~ClassicPool() {
    Stop = true;
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'Stop' is set without holding 'QueueMutex', and 'Condition' is notified before 'QueueMutex' is taken again: a thread that has just checked 'Stop' and is about to wait misses the wake-up and sleeps forever [threadleak-lost-wakeup]
    // CHECK-NOTES: :[[@LINE-13]]:23: note: the thread checks 'Stop' under 'QueueMutex' and waits here for it to become true
    // CHECK-NOTES: :[[@LINE+3]]:5: note: 'Condition' is notified here, with 'QueueMutex' not taken since 'Stop' was set
    // CHECK-NOTES: :[[@LINE-4]]:5: note: set 'Stop' while holding 'QueueMutex' (or lock and unlock 'QueueMutex' before notifying)
    // CHECK-FIXES: { std::lock_guard<std::mutex> Lock(QueueMutex); Stop = true; }
    Condition.notify_all();
    for (std::thread &Worker : Workers)
      Worker.join();
  }

private:
  std::vector<std::thread> Workers;
  std::queue<std::function<void()>> Tasks;
  std::mutex QueueMutex;
  std::condition_variable Condition;
  bool Stop = false;
};

// An atomic flag has the same race: the store is atomic, the test-then-sleep
// is not.
class AtomicPool {
public:
  AtomicPool() : Worker([this] { loop(); }) {}
  ~AtomicPool() {
    Running = false;
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'Running' is set without holding 'TasksMutex', and 'TasksAvailable' is notified before 'TasksMutex' is taken again: a thread that has just checked 'Running' and is about to wait misses the wake-up and sleeps forever [threadleak-lost-wakeup]
    // CHECK-NOTES: :[[@LINE+12]]:22: note: the thread checks 'Running' under 'TasksMutex' and waits here for it to become false
    // CHECK-NOTES: :[[@LINE+3]]:5: note: 'TasksAvailable' is notified here, with 'TasksMutex' not taken since 'Running' was set
    // CHECK-NOTES: :[[@LINE-4]]:5: note: set 'Running' while holding 'TasksMutex' (or lock and unlock 'TasksMutex' before notifying)
    // CHECK-FIXES: { std::lock_guard<std::mutex> Lock(TasksMutex); Running = false; }
    TasksAvailable.notify_all();
    Worker.join();
  }

private:
  void loop() {
    while (true) {
      std::unique_lock<std::mutex> Lock(TasksMutex);
      TasksAvailable.wait(Lock, [this] { return !Running || !Tasks.empty(); });
      if (!Running)
        return;
      Tasks.pop();
    }
  }
  std::atomic<bool> Running{true};
  std::queue<int> Tasks;
  std::mutex TasksMutex;
  std::condition_variable TasksAvailable;
  std::thread Worker;
};

// The waiting loop written out, and store() instead of assignment.
class LoopWaiter {
public:
  LoopWaiter() : T([this] { run(); }) {}
  ~LoopWaiter() {
    Done.store(true);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'Done' is set without holding 'M', and 'Cv' is notified before 'M' is taken again: a thread that has just checked 'Done' and is about to wait misses the wake-up and sleeps forever [threadleak-lost-wakeup]
    // CHECK-NOTES: :[[@LINE+12]]:10: note: the thread checks 'Done' under 'M' and waits here for it to become true
    // CHECK-NOTES: :[[@LINE+3]]:5: note: 'Cv' is notified here, with 'M' not taken since 'Done' was set
    // CHECK-NOTES: :[[@LINE-4]]:5: note: set 'Done' while holding 'M' (or lock and unlock 'M' before notifying)
    // CHECK-FIXES: { std::lock_guard<std::mutex> Lock(M); Done.store(true); }
    Cv.notify_one();
    T.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    while (!Done && Items.empty())
      Cv.wait(Lock);
  }
  std::atomic<bool> Done{false};
  std::vector<int> Items;
  std::mutex M;
  std::condition_variable Cv;
  std::thread T;
};

// The store and the notify in helpers the destructor calls.
class HelperStop {
public:
  HelperStop() : T([this] { run(); }) {}
  ~HelperStop() {
    markStopped();
    wakeAll();
    T.join();
  }

private:
  void markStopped() { Stopped = true; }
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: 'Stopped' is set without holding 'M', and 'Cv' is notified before 'M' is taken again: a thread that has just checked 'Stopped' and is about to wait misses the wake-up and sleeps forever [threadleak-lost-wakeup]
  // CHECK-NOTES: :[[@LINE+6]]:8: note: the thread checks 'Stopped' under 'M' and waits here for it to become true
  // CHECK-NOTES: :[[@LINE+2]]:20: note: 'Cv' is notified here, with 'M' not taken since 'Stopped' was set
  // CHECK-NOTES: :[[@LINE-4]]:24: note: set 'Stopped' while holding 'M' (or lock and unlock 'M' before notifying)
  void wakeAll() { Cv.notify_all(); }
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Stopped; });
  }
  bool Stopped = false;
  std::mutex M;
  std::condition_variable Cv;
  std::thread T;
};

// A class template, reported once for its instantiations.
template <typename Item> class Channel {
public:
  Channel() : Consumer([this] { drain(); }) {}
  ~Channel() {
    Closed = true;
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'Closed' is set without holding 'M', and 'NotEmpty' is notified before 'M' is taken again: a thread that has just checked 'Closed' and is about to wait misses the wake-up and sleeps forever [threadleak-lost-wakeup]
    // CHECK-NOTES: :[[@LINE+12]]:16: note: the thread checks 'Closed' under 'M' and waits here for it to become true
    // CHECK-NOTES: :[[@LINE+3]]:5: note: 'NotEmpty' is notified here, with 'M' not taken since 'Closed' was set
    // CHECK-NOTES: :[[@LINE-4]]:5: note: set 'Closed' while holding 'M' (or lock and unlock 'M' before notifying)
    // CHECK-FIXES: { std::lock_guard<std::mutex> Lock(M); Closed = true; }
    NotEmpty.notify_all();
    Consumer.join();
  }

private:
  void drain() {
    for (;;) {
      std::unique_lock<std::mutex> Lock(M);
      NotEmpty.wait(Lock, [this] { return Closed || !Items.empty(); });
      if (Closed)
        break;
      Items.pop();
    }
  }
  std::queue<Item> Items;
  std::mutex M;
  std::condition_variable NotEmpty;
  bool Closed = false;
  std::thread Consumer;
};

// pthread: the flag is set without pthread_mutex_lock.
class PthreadWorker {
public:
  PthreadWorker() { pthread_create(&Thread, nullptr, &PthreadWorker::run, this); }
  ~PthreadWorker() {
    Quit = true;
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'Quit' is set without holding 'Mutex', and 'Cond' is notified before 'Mutex' is taken again: a thread that has just checked 'Quit' and is about to wait misses the wake-up and sleeps forever [threadleak-lost-wakeup]
    // CHECK-NOTES: :[[@LINE+13]]:7: note: the thread checks 'Quit' under 'Mutex' and waits here for it to become true
    // CHECK-NOTES: :[[@LINE+3]]:5: note: 'Cond' is notified here, with 'Mutex' not taken since 'Quit' was set
    // CHECK-NOTES: :[[@LINE-4]]:5: note: set 'Quit' while holding 'Mutex' (or lock and unlock 'Mutex' before notifying)
    // CHECK-FIXES: pthread_mutex_lock(&Mutex); Quit = true; pthread_mutex_unlock(&Mutex);
    pthread_cond_broadcast(&Cond);
    pthread_join(Thread, nullptr);
  }

private:
  static void *run(void *Self) {
    auto *W = static_cast<PthreadWorker *>(Self);
    pthread_mutex_lock(&W->Mutex);
    while (!W->Quit)
      pthread_cond_wait(&W->Cond, &W->Mutex);
    pthread_mutex_unlock(&W->Mutex);
    return nullptr;
  }
  pthread_t Thread;
  pthread_mutex_t Mutex = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t Cond = PTHREAD_COND_INITIALIZER;
  bool Quit = false;
};

// A stop() that the destructor calls: the race is in stop().
class StopMethod {
public:
  StopMethod() : T([this] { run(); }) {}
  ~StopMethod() { stop(); }
  void stop() {
    Exit = true;
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'Exit' is set without holding 'M', and 'Cv' is notified before 'M' is taken again: a thread that has just checked 'Exit' and is about to wait misses the wake-up and sleeps forever [threadleak-lost-wakeup]
    // CHECK-NOTES: :[[@LINE+11]]:8: note: the thread checks 'Exit' under 'M' and waits here for it to become true
    // CHECK-NOTES: :[[@LINE+2]]:5: note: 'Cv' is notified here, with 'M' not taken since 'Exit' was set
    // CHECK-NOTES: :[[@LINE-4]]:5: note: set 'Exit' while holding 'M' (or lock and unlock 'M' before notifying)
    Cv.notify_all();
    if (T.joinable())
      T.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [&] { return Exit; });
  }
  bool Exit = false;
  std::mutex M;
  std::condition_variable Cv;
  std::thread T;
};

// Globals, and a thread running a free function.
std::mutex GlobalMutex;
std::condition_variable GlobalCv;
bool GlobalStop = false;
void globalWorker() {
  std::unique_lock<std::mutex> Lock(GlobalMutex);
  GlobalCv.wait(Lock, [] { return GlobalStop; });
}
void runAndStop() {
  std::thread T(globalWorker);
  GlobalStop = true;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'GlobalStop' is set without holding 'GlobalMutex', and 'GlobalCv' is notified before 'GlobalMutex' is taken again: a thread that has just checked 'GlobalStop' and is about to wait misses the wake-up and sleeps forever [threadleak-lost-wakeup]
  // CHECK-NOTES: :[[@LINE-6]]:12: note: the thread checks 'GlobalStop' under 'GlobalMutex' and waits here for it to become true
  // CHECK-NOTES: :[[@LINE+3]]:3: note: 'GlobalCv' is notified here, with 'GlobalMutex' not taken since 'GlobalStop' was set
  // CHECK-NOTES: :[[@LINE-4]]:3: note: set 'GlobalStop' while holding 'GlobalMutex' (or lock and unlock 'GlobalMutex' before notifying)
  // CHECK-FIXES: { std::lock_guard<std::mutex> Lock(GlobalMutex); GlobalStop = true; }
  GlobalCv.notify_all();
  T.join();
}

// Written through a macro: reported, but the fix-it would edit the macro.
#define SIGNAL_STOP(Flag, Cv)                                                  \
  Flag = true;                                                                 \
  Cv.notify_all()
class MacroStop {
public:
  MacroStop() : T([this] { run(); }) {}
  ~MacroStop() {
    SIGNAL_STOP(Stop, Cv);
    // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'Stop' is set without holding 'M', and 'Cv' is notified before 'M' is taken again: a thread that has just checked 'Stop' and is about to wait misses the wake-up and sleeps forever [threadleak-lost-wakeup]
    // CHECK-NOTES: :[[@LINE+9]]:8: note: the thread checks 'Stop' under 'M' and waits here for it to become true
    // CHECK-NOTES: :[[@LINE-3]]:23: note: 'Cv' is notified here, with 'M' not taken since 'Stop' was set
    // CHECK-NOTES: :[[@LINE-4]]:17: note: set 'Stop' while holding 'M' (or lock and unlock 'M' before notifying)
    T.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Stop; });
  }
  bool Stop = false;
  std::mutex M;
  std::condition_variable Cv;
  std::thread T;
};

// Under a mutex, but not the waiter's.
class WrongMutex {
public:
  WrongMutex() : T([this] { run(); }) {}
  ~WrongMutex() {
    {
      std::lock_guard<std::mutex> Lock(StateMutex);
      Stop = true;
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'Stop' is set without holding 'M', and 'Cv' is notified before 'M' is taken again: a thread that has just checked 'Stop' and is about to wait misses the wake-up and sleeps forever [threadleak-lost-wakeup]
      // CHECK-NOTES: :[[@LINE+12]]:8: note: the thread checks 'Stop' under 'M' and waits here for it to become true
      // CHECK-NOTES: :[[@LINE+4]]:5: note: 'Cv' is notified here, with 'M' not taken since 'Stop' was set
      // CHECK-NOTES: :[[@LINE-4]]:7: note: set 'Stop' while holding 'M' (or lock and unlock 'M' before notifying)
      // CHECK-FIXES: { std::lock_guard<std::mutex> Lock(M); Stop = true; }
    }
    Cv.notify_all();
    T.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Stop; });
  }
  bool Stop = false;
  std::mutex M, StateMutex;
  std::condition_variable Cv;
  std::thread T;
};

// exchange() is a store too; a shutdown() that joins is a shutdown path.
class ExchangeStop {
public:
  ExchangeStop() : T([this] { run(); }) {}
  void shutdown() {
    if (!Stop.exchange(true)) {
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'Stop' is set without holding 'M', and 'Cv' is notified before 'M' is taken again: a thread that has just checked 'Stop' and is about to wait misses the wake-up and sleeps forever [threadleak-lost-wakeup]
    // CHECK-NOTES: :[[@LINE+11]]:8: note: the thread checks 'Stop' under 'M' and waits here for it to become true
    // CHECK-NOTES: :[[@LINE+2]]:7: note: 'Cv' is notified here, with 'M' not taken since 'Stop' was set
    // CHECK-NOTES: :[[@LINE-4]]:10: note: set 'Stop' while holding 'M' (or lock and unlock 'M' before notifying)
      Cv.notify_all();
      T.join();
    }
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Stop.load(); });
  }
  std::atomic<bool> Stop{false};
  std::mutex M;
  std::condition_variable Cv;
  std::thread T;
};

// An enumeration state, compared in the loop around the wait.
class StateMachine {
public:
  enum class Phase { Running, Stopping };
  StateMachine() : T([this] { run(); }) {}
  ~StateMachine() {
    Current = Phase::Stopping;
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'Current' is set without holding 'M', and 'Cv' is notified before 'M' is taken again: a thread that has just checked 'Current' and is about to wait misses the wake-up and sleeps forever [threadleak-lost-wakeup]
    // CHECK-NOTES: :[[@LINE+12]]:10: note: the thread checks 'Current' under 'M' and waits here for it to become other than 'Phase::Running'
    // CHECK-NOTES: :[[@LINE+3]]:5: note: 'Cv' is notified here, with 'M' not taken since 'Current' was set
    // CHECK-NOTES: :[[@LINE-4]]:5: note: set 'Current' while holding 'M' (or lock and unlock 'M' before notifying)
    // CHECK-FIXES: { std::lock_guard<std::mutex> Lock(M); Current = Phase::Stopping; }
    Cv.notify_all();
    T.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    while (Current == Phase::Running && Jobs.empty())
      Cv.wait(Lock);
  }
  Phase Current = Phase::Running;
  std::queue<int> Jobs;
  std::mutex M;
  std::condition_variable Cv;
  std::thread T;
};

// A C-style int flag.
struct CWorker {
  pthread_t Thread;
  pthread_mutex_t Mutex = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t Cond = PTHREAD_COND_INITIALIZER;
  int Done = 0;
};
static void *cWorkerMain(void *Arg) {
  auto *W = static_cast<CWorker *>(Arg);
  pthread_mutex_lock(&W->Mutex);
  while (!W->Done)
    pthread_cond_wait(&W->Cond, &W->Mutex);
  pthread_mutex_unlock(&W->Mutex);
  return nullptr;
}
void cWorkerRun(CWorker *W) {
  pthread_create(&W->Thread, nullptr, cWorkerMain, W);
  W->Done = 1;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'Done' is set without holding 'Mutex', and 'Cond' is notified before 'Mutex' is taken again: a thread that has just checked 'Done' and is about to wait misses the wake-up and sleeps forever [threadleak-lost-wakeup]
  // CHECK-NOTES: :[[@LINE-8]]:5: note: the thread checks 'Done' under 'Mutex' and waits here for it to become true
  // CHECK-NOTES: :[[@LINE+2]]:3: note: 'Cond' is notified here, with 'Mutex' not taken since 'Done' was set
  // CHECK-NOTES: :[[@LINE-4]]:3: note: set 'Done' while holding 'Mutex' (or lock and unlock 'Mutex' before notifying)
  pthread_cond_signal(&W->Cond);
  pthread_join(W->Thread, nullptr);
}

// ===== 1. Not reported: the store or the notify is ordered by the mutex ====

std::mutex LockedMutex;
std::condition_variable LockedCv;
bool LockedStop = false;
void lockedWorker() {
  std::unique_lock<std::mutex> Lock(LockedMutex);
  LockedCv.wait(Lock, [] { return LockedStop; });
}
void runAndStopLocked() {
  std::thread T(lockedWorker);
  {
    std::lock_guard<std::mutex> Lock(LockedMutex);
    LockedStop = true;
  }
  LockedCv.notify_all();
  T.join();
}

class StoreUnderLock {
public:
  StoreUnderLock() : T([this] { run(); }) {}
  ~StoreUnderLock() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Stop = true;
    }
    Cv.notify_all();
    T.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Stop; });
  }
  bool Stop = false;
  std::mutex M;
  std::condition_variable Cv;
  std::thread T;
};

class NotifyUnderLock {
public:
  NotifyUnderLock() : T([this] { run(); }) {}
  ~NotifyUnderLock() {
    Stop = true;
    std::unique_lock<std::mutex> Lock(M);
    Cv.notify_all();
    Lock.unlock();
    T.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Stop.load(); });
  }
  std::atomic<bool> Stop{false};
  std::mutex M;
  std::condition_variable Cv;
  std::thread T;
};

// Store; an empty critical section; notify.
class EmptyCriticalSection {
public:
  EmptyCriticalSection() : T([this] { run(); }) {}
  ~EmptyCriticalSection() {
    Stop = true;
    { std::lock_guard<std::mutex> Sync(M); }
    Cv.notify_all();
    T.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Stop.load(); });
  }
  std::atomic<bool> Stop{false};
  std::mutex M;
  std::condition_variable Cv;
  std::thread T;
};

// lock() and unlock() by hand between the store and the notify.
class ManualLock {
public:
  ManualLock() : T([this] { run(); }) {}
  ~ManualLock() {
    Stop.store(true);
    M.lock();
    M.unlock();
    Cv.notify_one();
    T.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    while (!Stop)
      Cv.wait(Lock);
  }
  std::atomic<bool> Stop{false};
  std::mutex M;
  std::condition_variable Cv;
  std::thread T;
};

// The store is in a helper that the caller runs with the mutex held.
class HelperUnderLock {
public:
  HelperUnderLock() : T([this] { run(); }) {}
  ~HelperUnderLock() {
    {
      std::scoped_lock Lock(M);
      setStopLocked();
    }
    Cv.notify_all();
    T.join();
  }

private:
  void setStopLocked() { Stop = true; }
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Stop; });
  }
  bool Stop = false;
  std::mutex M;
  std::condition_variable Cv;
  std::thread T;
};

// A unique_lock released by hand after the store.
class UniqueLockReleased {
public:
  UniqueLockReleased() : T([this] { run(); }) {}
  ~UniqueLockReleased() {
    std::unique_lock<std::mutex> Lock(M);
    Stop = true;
    Lock.unlock();
    Cv.notify_all();
    T.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Stop; });
  }
  bool Stop = false;
  std::mutex M;
  std::condition_variable Cv;
  std::thread T;
};

class PthreadLocked {
public:
  PthreadLocked() { pthread_create(&Thread, nullptr, &PthreadLocked::run, this); }
  ~PthreadLocked() {
    pthread_mutex_lock(&Mutex);
    Quit = true;
    pthread_mutex_unlock(&Mutex);
    pthread_cond_broadcast(&Cond);
    pthread_join(Thread, nullptr);
  }

private:
  static void *run(void *Self) {
    auto *W = static_cast<PthreadLocked *>(Self);
    pthread_mutex_lock(&W->Mutex);
    while (!W->Quit)
      pthread_cond_wait(&W->Cond, &W->Mutex);
    pthread_mutex_unlock(&W->Mutex);
    return nullptr;
  }
  pthread_t Thread;
  pthread_mutex_t Mutex = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t Cond = PTHREAD_COND_INITIALIZER;
  bool Quit = false;
};

class StateMachineLocked {
public:
  enum class Phase { Running, Stopping };
  StateMachineLocked() : T([this] { run(); }) {}
  ~StateMachineLocked() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Current = Phase::Stopping;
    }
    Cv.notify_all();
    T.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    while (Current == Phase::Running)
      Cv.wait(Lock);
  }
  Phase Current = Phase::Running;
  std::mutex M;
  std::condition_variable Cv;
  std::thread T;
};

// Setting the flag the other way (pausing) needs no wake-up.
class Resettable {
public:
  Resettable() : T([this] { run(); }) {}
  void restart() {
    Stop = false;
    Cv.notify_all();
  }
  ~Resettable() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Stop = true;
    }
    Cv.notify_all();
    T.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Stop; });
  }
  bool Stop = false;
  std::mutex M;
  std::condition_variable Cv;
  std::thread T;
};

// A timed wait wakes by itself.
class TimedWait {
public:
  TimedWait() : T([this] { run(); }) {}
  ~TimedWait() {
    Stop = true;
    Cv.notify_all();
    T.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    while (!Stop)
      Cv.wait_for(Lock, std::chrono::milliseconds(100));
  }
  std::atomic<bool> Stop{false};
  std::mutex M;
  std::condition_variable Cv;
  std::thread T;
};

// Clearing the flag before the thread starts is no wake-up.
class ClearsFirst {
public:
  ClearsFirst() {
    Stop = false;
    T = std::thread([this] { run(); });
  }
  ~ClearsFirst() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Stop = true;
    }
    Cv.notify_all();
    T.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Stop; });
  }
  bool Stop = true;
  std::mutex M;
  std::condition_variable Cv;
  std::thread T;
};

// ===== 2. The flag is set and nothing wakes the waiter =====

// The producer waits on NotFull; shutdown notifies NotEmpty only.
class BoundedQueue {
public:
  BoundedQueue() : Producer([this] { produce(); }) {}
  ~BoundedQueue() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Stopping = true;
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'Stopping' is set to end the thread waiting on 'NotFull', but 'NotFull' is not notified after it: the thread sleeps on and 'BoundedQueue::~BoundedQueue' waits for it forever [threadleak-lost-wakeup]
      // CHECK-NOTES: :[[@LINE+12]]:15: note: the thread checks 'Stopping' under 'M' and waits here for it to become true
      // CHECK-NOTES: :[[@LINE+3]]:5: note: 'NotEmpty' is notified here instead
      // CHECK-NOTES: :[[@LINE-4]]:7: note: call 'NotFull.notify_all()' after setting 'Stopping'
    }
    NotEmpty.notify_all();
    Producer.join();
  }

private:
  void produce() {
    for (;;) {
      std::unique_lock<std::mutex> Lock(M);
      NotFull.wait(Lock, [this] { return Stopping || Items.size() < 8; });
      if (Stopping)
        return;
      Items.push(1);
      NotEmpty.notify_one();
    }
  }
  std::queue<int> Items;
  std::mutex M;
  std::condition_variable NotEmpty, NotFull;
  bool Stopping = false;
  std::thread Producer;
};

// No notify at all.
class NoNotify {
public:
  NoNotify() : T([this] { run(); }) {}
  ~NoNotify() {
    std::lock_guard<std::mutex> Lock(M);
    Finished = true;
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'Finished' is set to end the thread waiting on 'Cv', but 'Cv' is not notified after it: the thread sleeps on [threadleak-lost-wakeup]
    // CHECK-NOTES: :[[@LINE+8]]:8: note: the thread checks 'Finished' under 'M' and waits here for it to become true
    // CHECK-NOTES: :[[@LINE-3]]:5: note: call 'Cv.notify_all()' after setting 'Finished'
  }
  void join() { T.join(); }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Finished; });
  }
  bool Finished = false;
  std::mutex M;
  std::condition_variable Cv;
  std::thread T;
};

// A POSIX semaphore that only sem_post ends.
class SemaphoreWorker {
public:
  SemaphoreWorker() {
    sem_init(&Ready, 0, 0);
    T = std::thread([this] {
      while (Running) {
        sem_wait(&Ready);
        work();
      }
    });
  }
  ~SemaphoreWorker() {
    Running = false;
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'Running' is set to end the thread waiting on 'Ready', but 'Ready' is not posted after it: the thread sleeps on and 'SemaphoreWorker::~SemaphoreWorker' waits for it forever [threadleak-lost-wakeup]
    // CHECK-NOTES: :[[@LINE-8]]:9: note: the thread waits here until 'Ready' is posted
    // CHECK-NOTES: :[[@LINE-3]]:5: note: call 'sem_post(&Ready)' after setting 'Running'
    T.join();
  }

private:
  sem_t Ready;
  std::atomic<bool> Running{true};
  std::thread T;
};

// The notify comes before the flag is set: the waiter wakes, sees the flag
// unset, and sleeps again.
class NotifyTooEarly {
public:
  NotifyTooEarly() : T([this] { run(); }) {}
  ~NotifyTooEarly() {
    Cv.notify_all();
    {
      std::lock_guard<std::mutex> Lock(M);
      Stop = true;
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'Stop' is set to end the thread waiting on 'Cv', but 'Cv' is not notified after it: the thread sleeps on and 'NotifyTooEarly::~NotifyTooEarly' waits for it forever [threadleak-lost-wakeup]
      // CHECK-NOTES: :[[@LINE+9]]:8: note: the thread checks 'Stop' under 'M' and waits here for it to become true
      // CHECK-NOTES: :[[@LINE-3]]:7: note: call 'Cv.notify_all()' after setting 'Stop'
    }
    T.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Stop; });
  }
  bool Stop = false;
  std::mutex M;
  std::condition_variable Cv;
  std::thread T;
};

// pthread producer/consumer: shutdown signals the producers' condition, but
// the consumer waits on the other one.
class PthreadBuffer {
public:
  PthreadBuffer() { pthread_create(&Consumer, nullptr, &PthreadBuffer::consume, this); }
  ~PthreadBuffer() {
    pthread_mutex_lock(&Mutex);
    Done = true;
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'Done' is set to end the thread waiting on 'NotEmpty', but 'NotEmpty' is not notified after it: the thread sleeps on and 'PthreadBuffer::~PthreadBuffer' waits for it forever [threadleak-lost-wakeup]
    // CHECK-NOTES: :[[@LINE+13]]:7: note: the thread checks 'Done' under 'Mutex' and waits here for it to become true
    // CHECK-NOTES: :[[@LINE+2]]:5: note: 'NotFull' is notified here instead
    // CHECK-NOTES: :[[@LINE-4]]:5: note: call 'pthread_cond_broadcast(&NotEmpty)' after setting 'Done'
    pthread_cond_broadcast(&NotFull);
    pthread_mutex_unlock(&Mutex);
    pthread_join(Consumer, nullptr);
  }

private:
  static void *consume(void *Self) {
    auto *B = static_cast<PthreadBuffer *>(Self);
    pthread_mutex_lock(&B->Mutex);
    while (B->Count == 0 && !B->Done)
      pthread_cond_wait(&B->NotEmpty, &B->Mutex);
    pthread_mutex_unlock(&B->Mutex);
    return nullptr;
  }
  pthread_t Consumer;
  pthread_mutex_t Mutex = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t NotEmpty = PTHREAD_COND_INITIALIZER;
  pthread_cond_t NotFull = PTHREAD_COND_INITIALIZER;
  int Count = 0;
  bool Done = false;
};

// A stop() that joins, called from the owner's code: the shutdown path is
// the caller, which reaches the join through stop().
class StopFunctionCaller {
public:
  void start() { T = std::thread([this] { run(); }); }
  void stop() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Stopping = true;
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'Stopping' is set to end the thread waiting on 'Cv', but 'Cv' is not notified after it: the thread sleeps on and 'runStopFunctionCaller' waits for it forever [threadleak-lost-wakeup]
      // CHECK-NOTES: :[[@LINE+9]]:8: note: the thread checks 'Stopping' under 'M' and waits here for it to become true
      // CHECK-NOTES: :[[@LINE-3]]:7: note: call 'Cv.notify_all()' after setting 'Stopping'
    }
    T.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Stopping; });
  }
  bool Stopping = false;
  std::mutex M;
  std::condition_variable Cv;
  std::thread T;
};

void runStopFunctionCaller() {
  StopFunctionCaller Owner;
  Owner.start();
  Owner.stop();
}

// A free stop function over globals with a POSIX semaphore: the flag is an
// int, and nothing posts the semaphore.
sem_t SamplerTick;
volatile int SamplerRunning = 1;
std::thread Sampler;

void joinSampler() { Sampler.join(); }

void stopSampler() {
  SamplerRunning = 0;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'SamplerRunning' is set to end the thread waiting on 'SamplerTick', but 'SamplerTick' is not posted after it: the thread sleeps on and 'stopSampler' waits for it forever [threadleak-lost-wakeup]
  // CHECK-NOTES: :[[@LINE+8]]:7: note: the thread waits here until 'SamplerTick' is posted
  // CHECK-NOTES: :[[@LINE-3]]:3: note: call 'sem_post(&SamplerTick)' after setting 'SamplerRunning'
  joinSampler();
}

void startSampler() {
  Sampler = std::thread([] {
    while (SamplerRunning)
      sem_wait(&SamplerTick);
  });
}

// ===== 2. Not reported =====

// The same stop() with the notify: the caller's shutdown wakes the thread.
class StopFunctionNotifies {
public:
  void start() { T = std::thread([this] { run(); }); }
  void stop() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Stopping = true;
    }
    Cv.notify_all();
    T.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Stopping; });
  }
  bool Stopping = false;
  std::mutex M;
  std::condition_variable Cv;
  std::thread T;
};

void runStopFunctionNotifies() {
  StopFunctionNotifies Owner;
  Owner.start();
  Owner.stop();
}

// The free stop function that posts the semaphore.
sem_t PostedTick;
volatile int PostedRunning = 1;
std::thread PostedSampler;

void joinPostedSampler() { PostedSampler.join(); }

void stopPostedSampler() {
  PostedRunning = 0;
  sem_post(&PostedTick);
  joinPostedSampler();
}

void startPostedSampler() {
  PostedSampler = std::thread([] {
    while (PostedRunning)
      sem_wait(&PostedTick);
  });
}


class SemaphorePosted {
public:
  SemaphorePosted() {
    sem_init(&Ready, 0, 0);
    T = std::thread([this] {
      while (Running) {
        sem_wait(&Ready);
        work();
      }
    });
  }
  ~SemaphorePosted() {
    Running = false;
    sem_post(&Ready);
    T.join();
  }

private:
  sem_t Ready;
  std::atomic<bool> Running{true};
  std::thread T;
};

// The wake through a helper of another object.
class Signal {
public:
  void fire() { Cv.notify_all(); }
  std::condition_variable Cv;
};
class WakesThroughMember {
public:
  WakesThroughMember() : T([this] { run(); }) {}
  ~WakesThroughMember() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Stop = true;
    }
    Wake.fire();
    T.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Wake.Cv.wait(Lock, [this] { return Stop; });
  }
  bool Stop = false;
  std::mutex M;
  Signal Wake;
  std::thread T;
};

// The rest of shutdown is in another file: it may wake the thread.
class ExternalShutdown {
public:
  ExternalShutdown() : T([this] { run(); }) {}
  ~ExternalShutdown() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Stop = true;
    }
    shutdownHook();
    T.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Stop; });
  }
  bool Stop = false;
  std::mutex M;
  std::condition_variable Cv;
  std::thread T;
};

// A flag set outside shutdown, for later (no join, not a destructor).
class ArmLater {
public:
  ArmLater() : T([this] { run(); }) {}
  void arm() {
    std::lock_guard<std::mutex> Lock(M);
    Armed = true;
  }
  void fire() {
    Cv.notify_all();
  }
  ~ArmLater() {
    arm();
    fire();
    T.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Armed; });
  }
  bool Armed = false;
  std::mutex M;
  std::condition_variable Cv;
  std::thread T;
};

// ===== 3. A join with no stop before it =====

// stop() is right; the destructor forgets to call it.
class ForgetsStop {
public:
  ForgetsStop() : T([this] { run(); }) {}
  void stop() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Stop = true;
    }
    Cv.notify_all();
  }
  ~ForgetsStop() {
    if (T.joinable())
      T.join();
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'ForgetsStop::~ForgetsStop' joins a thread that finishes only once 'Stop' is true and 'Cv' is notified, and does neither before the join: the join waits forever [threadleak-lost-wakeup]
      // CHECK-NOTES: :[[@LINE+7]]:8: note: the thread checks 'Stop' under 'M' and waits here for it to become true
      // CHECK-NOTES: :[[@LINE-12]]:8: note: 'ForgetsStop::stop' sets 'Stop'; call it before the join
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Stop; });
  }
  bool Stop = false;
  std::mutex M;
  std::condition_variable Cv;
  std::thread T;
};

// The pool destructor joins its workers but never announces the stop.
class SplitShutdown {
public:
  SplitShutdown() {
    for (int I = 0; I < 2; ++I)
      Workers.emplace_back([this] { loop(); });
  }
  void announceStop() {
    std::lock_guard<std::mutex> Lock(M);
    Stop = true;
    Cv.notify_all();
  }
  ~SplitShutdown() { joinWorkers(); }
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: 'SplitShutdown::~SplitShutdown' joins a thread that finishes only once 'Stop' is true and 'Cv' is notified, and does neither before the join: the join waits forever [threadleak-lost-wakeup]
  // CHECK-NOTES: :[[@LINE+11]]:10: note: the thread checks 'Stop' under 'M' and waits here for it to become true
  // CHECK-NOTES: :[[@LINE-8]]:8: note: 'SplitShutdown::announceStop' sets 'Stop'; call it before the join

private:
  void joinWorkers() {
    for (auto &W : Workers)
      W.join();
  }
  void loop() {
    for (;;) {
      std::unique_lock<std::mutex> Lock(M);
      Cv.wait(Lock, [this] { return Stop || !Jobs.empty(); });
      if (Stop)
        return;
      Jobs.pop();
    }
  }
  std::vector<std::thread> Workers;
  std::queue<int> Jobs;
  std::mutex M;
  std::condition_variable Cv;
  bool Stop = false;
};

// pthread: the destructor joins; only stop() sets the flag.
class PthreadForgets {
public:
  PthreadForgets() { pthread_create(&Thread, nullptr, &PthreadForgets::run, this); }
  void stop() {
    pthread_mutex_lock(&Mutex);
    Quit = true;
    pthread_cond_signal(&Cond);
    pthread_mutex_unlock(&Mutex);
  }
  ~PthreadForgets() { pthread_join(Thread, nullptr); }
  // CHECK-NOTES: :[[@LINE-1]]:23: warning: 'PthreadForgets::~PthreadForgets' joins a thread that finishes only once 'Quit' is true and 'Cond' is notified, and does neither before the join: the join waits forever [threadleak-lost-wakeup]
  // CHECK-NOTES: :[[@LINE+8]]:7: note: the thread checks 'Quit' under 'Mutex' and waits here for it to become true
  // CHECK-NOTES: :[[@LINE-9]]:8: note: 'PthreadForgets::stop' sets 'Quit'; call it before the join

private:
  static void *run(void *Self) {
    auto *W = static_cast<PthreadForgets *>(Self);
    pthread_mutex_lock(&W->Mutex);
    while (!W->Quit)
      pthread_cond_wait(&W->Cond, &W->Mutex);
    pthread_mutex_unlock(&W->Mutex);
    return nullptr;
  }
  pthread_t Thread;
  pthread_mutex_t Mutex = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t Cond = PTHREAD_COND_INITIALIZER;
  bool Quit = false;
};

// ===== 3. Not reported =====

// The thread waits for work only: it needs no stop flag to finish.
class WorkOnly {
public:
  WorkOnly() : T([this] { run(); }) {}
  void stop() {
    std::lock_guard<std::mutex> Lock(M);
    Ready = true;
    Cv.notify_all();
  }
  ~WorkOnly() { T.join(); }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return !Jobs.empty(); });
  }
  std::queue<int> Jobs;
  bool Ready = false;
  std::mutex M;
  std::condition_variable Cv;
  std::thread T;
};

class StopsThenJoins {
public:
  StopsThenJoins() {
    for (int I = 0; I < 2; ++I)
      Workers.emplace_back([this] { loop(); });
  }
  void announceStop() {
    std::lock_guard<std::mutex> Lock(M);
    Stop = true;
    Cv.notify_all();
  }
  ~StopsThenJoins() {
    announceStop();
    for (auto &W : Workers)
      W.join();
  }

private:
  void loop() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Stop; });
  }
  std::vector<std::thread> Workers;
  std::mutex M;
  std::condition_variable Cv;
  bool Stop = false;
};

// A counter the producers increment is no stop flag: the destructor that
// joins without touching it is threadleak-blocking-wait's business, or fine.
class CountedWork {
public:
  CountedWork() : T([this] { run(); }) {}
  void post() {
    std::lock_guard<std::mutex> Lock(M);
    ++Pending;
    Cv.notify_one();
  }
  ~CountedWork() { T.join(); }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Pending != 0; });
  }
  int Pending = 0;
  std::mutex M;
  std::condition_variable Cv;
  std::thread T;
};

// Pushing work (a poison pill) and notifying wakes the thread.
class PoisonPill {
public:
  PoisonPill() : T([this] { run(); }) {}
  void stop() {
    std::lock_guard<std::mutex> Lock(M);
    Stop = true;
    Cv.notify_all();
  }
  ~PoisonPill() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Jobs.push(-1);
    }
    Cv.notify_all();
    T.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Stop || !Jobs.empty(); });
  }
  std::queue<int> Jobs;
  bool Stop = false;
  std::mutex M;
  std::condition_variable Cv;
  std::thread T;
};

#if __cplusplus >= 202002L
// A stop token wakes condition_variable_any.
class TokenWait {
public:
  TokenWait() : T([this](std::stop_token Token) { run(Token); }) {}
  ~TokenWait() {
    T.request_stop();
    T.join();
  }

private:
  void run(std::stop_token Token) {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, Token, [this] { return Ready; });
  }
  bool Ready = false;
  std::mutex M;
  std::condition_variable_any Cv;
  std::jthread T;
};

// A std::counting_semaphore that shutdown never releases.
class CountingWorker {
public:
  CountingWorker() : T([this] {
    while (!Stop) {
      Slots.acquire();
      work();
    }
  }) {}
  ~CountingWorker() {
    Stop = true;
    // CHECK-NOTES-CXX20: :[[@LINE-1]]:5: warning: 'Stop' is set to end the thread waiting on 'Slots', but 'Slots' is not released after it: the thread sleeps on and 'CountingWorker::~CountingWorker' waits for it forever [threadleak-lost-wakeup]
    // CHECK-NOTES-CXX20: :[[@LINE-7]]:13: note: the thread waits here until 'Slots' is released
    // CHECK-NOTES-CXX20: :[[@LINE-3]]:5: note: call 'Slots.release()' after setting 'Stop'
    T.join();
  }

private:
  std::counting_semaphore<8> Slots{0};

// The same loop around a semaphore used as a lock: it starts full and the
// thread gives back what it takes, so nothing needs to release it at stop.
class SemaphoreLock {
public:
  SemaphoreLock() : T([this] {
    while (!Stop) {
      Slot.acquire();
      work();
      Slot.release();
    }
  }) {}
  ~SemaphoreLock() {
    Stop = true;
    T.join();
  }

private:
  std::binary_semaphore Slot{1};
  std::atomic<bool> Stop{false};
  std::thread T;
};
  std::atomic<bool> Stop{false};
  std::thread T;
};

class CountingReleased {
public:
  CountingReleased() : T([this] {
    while (!Stop) {
      Slots.acquire();
      work();
    }
  }) {}
  ~CountingReleased() {
    Stop = true;
    Slots.release();
    T.join();
  }

private:
  std::counting_semaphore<8> Slots{0};
  std::atomic<bool> Stop{false};
  std::thread T;
};
#endif

void instantiate() {
  Channel<int> A;
  Channel<long> B;
}
