// RUN: %check_clang_tidy -std=c++17-or-later %s threadleak-lost-wakeup %t -- -- -pthread

// Waits through user wrappers of a condition variable (a CondVar class
// around std::condition_variable, C-style functions around pthread_cond_t):
// a shutdown that sets the flag the loop around the wrapper's call tests,
// and then neither wakes the object through a wake wrapper nor joins only
// after asking, leaves the thread asleep. Each positive has its correct form
// beside it.

#include <condition_variable>
#include <mutex>
#include <pthread.h>
#include <thread>

class Mutex {
public:
  void lock() { Mu.lock(); }
  void unlock() { Mu.unlock(); }

private:
  friend class CondVar;
  std::mutex Mu;
};

class CondVar {
public:
  explicit CondVar(Mutex *Mu) : Mu(Mu) {}
  void wait() {
    std::unique_lock<std::mutex> Lock(Mu->Mu, std::adopt_lock);
    Cond.wait(Lock);
    Lock.release();
  }
  void signalAll() { Cond.notify_all(); }
  // Wakes through a helper.
  void wakeEveryone() { signalAll(); }

private:
  std::condition_variable Cond;
  Mutex *const Mu;
};

struct Channel {
  pthread_mutex_t Mu = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t Cond = PTHREAD_COND_INITIALIZER;
  bool Closed = false;
};
void channelWait(Channel *C) { pthread_cond_wait(&C->Cond, &C->Mu); }
void channelBroadcast(Channel *C) { pthread_cond_broadcast(&C->Cond); }

// ===== Positives =====

// The destructor closes the channel but broadcasts nothing.
class SilentClose {
public:
  SilentClose() : Thread([this] { run(); }) {}
  ~SilentClose() {
    pthread_mutex_lock(&Ch.Mu);
    Ch.Closed = true;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Closed' is set to end the thread waiting on 'Ch', but 'Ch' is not woken after it: the thread sleeps on and 'SilentClose::~SilentClose' waits for it forever [threadleak-lost-wakeup]
    // CHECK-MESSAGES: :[[@LINE+10]]:7: note: the thread checks 'Closed' and waits here for it to become true
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: call 'channelBroadcast(&Ch)' after setting 'Closed'
    pthread_mutex_unlock(&Ch.Mu);
    Thread.join();
  }

private:
  void run() {
    pthread_mutex_lock(&Ch.Mu);
    while (!Ch.Closed)
      channelWait(&Ch);
    pthread_mutex_unlock(&Ch.Mu);
  }

  Channel Ch;
  std::thread Thread;
};

// The same with the CondVar class: Stop is set, nothing signals.
class SilentStop {
public:
  SilentStop() : Thread(&SilentStop::run, this) {}
  ~SilentStop() {
    Mu.lock();
    Stop = true;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Stop' is set to end the thread waiting on 'Cond', but 'Cond' is not woken after it: the thread sleeps on and 'SilentStop::~SilentStop' waits for it forever [threadleak-lost-wakeup]
    // CHECK-MESSAGES: :[[@LINE+10]]:12: note: the thread checks 'Stop' and waits here for it to become true
    // CHECK-MESSAGES: :[[@LINE-3]]:5: note: call 'Cond.signalAll()' after setting 'Stop'
    Mu.unlock();
    Thread.join();
  }

private:
  void run() {
    Mu.lock();
    while (!Stop)
      Cond.wait();
    Mu.unlock();
  }

  Mutex Mu;
  CondVar Cond{&Mu};
  bool Stop = false;
  std::thread Thread;
};

// The destructor joins; stop() would have set the flag and signalled.
class JoinsWithoutStop {
public:
  JoinsWithoutStop() : Thread(&JoinsWithoutStop::run, this) {}
  void stop() {
    Mu.lock();
    Stop = true;
    Cond.signalAll();
    Mu.unlock();
  }
  ~JoinsWithoutStop() { Thread.join(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'JoinsWithoutStop::~JoinsWithoutStop' joins a thread that finishes only once 'Stop' is true and 'Cond' is woken, and does neither before the join: the join waits forever [threadleak-lost-wakeup]
  // CHECK-MESSAGES: :[[@LINE+7]]:12: note: the thread checks 'Stop' and waits here for it to become true
  // CHECK-MESSAGES: :[[@LINE-9]]:8: note: 'JoinsWithoutStop::stop' sets 'Stop'; call it before the join

private:
  void run() {
    Mu.lock();
    while (!Stop)
      Cond.wait();
    Mu.unlock();
  }

  Mutex Mu;
  CondVar Cond{&Mu};
  bool Stop = false;
  std::thread Thread;
};

// ===== Negatives =====

class ClosesAndBroadcasts {
public:
  ClosesAndBroadcasts() : Thread([this] { run(); }) {}
  ~ClosesAndBroadcasts() {
    pthread_mutex_lock(&Ch.Mu);
    Ch.Closed = true;
    channelBroadcast(&Ch);
    pthread_mutex_unlock(&Ch.Mu);
    Thread.join();
  }

private:
  void run() {
    pthread_mutex_lock(&Ch.Mu);
    while (!Ch.Closed)
      channelWait(&Ch);
    pthread_mutex_unlock(&Ch.Mu);
  }

  Channel Ch;
  std::thread Thread;
};

class StopsAndSignals {
public:
  StopsAndSignals() : Thread(&StopsAndSignals::run, this) {}
  ~StopsAndSignals() {
    Mu.lock();
    Stop = true;
    Cond.signalAll();
    Mu.unlock();
    Thread.join();
  }

private:
  void run() {
    Mu.lock();
    while (!Stop)
      Cond.wait();
    Mu.unlock();
  }

  Mutex Mu;
  CondVar Cond{&Mu};
  bool Stop = false;
  std::thread Thread;
};

// The wake goes through a helper of the wrapper.
class SignalsThroughHelper {
public:
  SignalsThroughHelper() : Thread(&SignalsThroughHelper::run, this) {}
  ~SignalsThroughHelper() {
    Mu.lock();
    Stop = true;
    Cond.wakeEveryone();
    Mu.unlock();
    Thread.join();
  }

private:
  void run() {
    Mu.lock();
    while (!Stop)
      Cond.wait();
    Mu.unlock();
  }

  Mutex Mu;
  CondVar Cond{&Mu};
  bool Stop = false;
  std::thread Thread;
};

// The destructor asks the thread to stop before the join.
class StopsBeforeJoin {
public:
  StopsBeforeJoin() : Thread(&StopsBeforeJoin::run, this) {}
  void stop() {
    Mu.lock();
    Stop = true;
    Cond.signalAll();
    Mu.unlock();
  }
  ~StopsBeforeJoin() {
    stop();
    Thread.join();
  }

private:
  void run() {
    Mu.lock();
    while (!Stop)
      Cond.wait();
    Mu.unlock();
  }

  Mutex Mu;
  CondVar Cond{&Mu};
  bool Stop = false;
  std::thread Thread;
};

// Setting the flag outside a shutdown path may be for later.
class SetsForLater {
public:
  SetsForLater() : Thread([this] { run(); }) {}
  void pause() {
    pthread_mutex_lock(&Ch.Mu);
    Ch.Closed = true;
    pthread_mutex_unlock(&Ch.Mu);
  }
  ~SetsForLater() {
    pthread_mutex_lock(&Ch.Mu);
    Ch.Closed = true;
    channelBroadcast(&Ch);
    pthread_mutex_unlock(&Ch.Mu);
    Thread.join();
  }

private:
  void run() {
    pthread_mutex_lock(&Ch.Mu);
    while (!Ch.Closed)
      channelWait(&Ch);
    pthread_mutex_unlock(&Ch.Mu);
  }

  Channel Ch;
  std::thread Thread;
};
