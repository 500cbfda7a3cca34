// RUN: %check_clang_tidy -std=c++17-or-later -fix-notes %s threadleak-lost-wakeup %t -- -- -pthread

// Threads started through thread wrappers (a class that runs a callable on a
// pthread, a function that hands it to std::thread): the wrapper's argument
// is the thread body, and its waits are judged as if it were started
// directly. Each positive has its correct form beside it.

#include <condition_variable>
#include <functional>
#include <mutex>
#include <pthread.h>
#include <thread>
#include <utility>

// A thread class of the kind many projects write: it stores the callable
// and runs it from a pthread trampoline.
class Thread {
public:
  explicit Thread(std::function<void()> Fn) : Body(std::move(Fn)) {
    pthread_create(&Handle, nullptr, &Thread::trampoline, this);
  }
  void join() { pthread_join(Handle, nullptr); }

private:
  static void *trampoline(void *Self) {
    static_cast<Thread *>(Self)->Body();
    return nullptr;
  }
  std::function<void()> Body;
  pthread_t Handle;
};

// A function that starts a std::thread and hands it back.
std::thread startThread(std::function<void()> Fn) {
  return std::thread(std::move(Fn));
}

// ===== Positives =====

// The flag is set without the mutex before the notify.
class Worker {
public:
  Worker() : T([this] { loop(); }) {}
  ~Worker() {
    Stop = true;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Stop' is set without holding 'M', and 'Cv' is notified before 'M' is taken again: a thread that has just checked 'Stop' and is about to wait misses the wake-up and sleeps forever [threadleak-lost-wakeup]
    // CHECK-FIXES: { std::lock_guard<std::mutex> Lock(M); Stop = true; }
    Cv.notify_all();
    T.join();
  }

private:
  void loop() {
    std::unique_lock<std::mutex> Lock(M);
    while (!Stop)
      Cv.wait(Lock);
  }
  std::mutex M;
  std::condition_variable Cv;
  bool Stop = false;
  Thread T;
};

// The flag is set under the mutex, but nothing notifies the thread.
class Consumer {
public:
  Consumer() : T(startThread([this] { run(); })) {}
  ~Consumer() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Done = true;
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'Done' is set to end the thread waiting on 'Cv', but 'Cv' is not notified after it: the thread sleeps on and 'Consumer::~Consumer' waits for it forever [threadleak-lost-wakeup]
    }
    T.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Done; });
  }
  std::mutex M;
  std::condition_variable Cv;
  bool Done = false;
  std::thread T;
};

// The destructor joins without asking the thread to stop; stop() would.
class Poller {
public:
  Poller() : T([this] { poll(); }) {}
  void stop() {
    std::lock_guard<std::mutex> Lock(M);
    Quit = true;
    Cv.notify_one();
  }
  ~Poller() { T.join(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'Poller::~Poller' joins a thread that finishes only once 'Quit' is true and 'Cv' is notified, and does neither before the join: the join waits forever [threadleak-lost-wakeup]

private:
  void poll() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Quit; });
  }
  std::mutex M;
  std::condition_variable Cv;
  bool Quit = false;
  Thread T;
};

// ===== Hard negatives: the same classes, written correctly =====

class LockedWorker {
public:
  LockedWorker() : T([this] { loop(); }) {}
  ~LockedWorker() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Stop = true;
    }
    Cv.notify_all();
    T.join();
  }

private:
  void loop() {
    std::unique_lock<std::mutex> Lock(M);
    while (!Stop)
      Cv.wait(Lock);
  }
  std::mutex M;
  std::condition_variable Cv;
  bool Stop = false;
  Thread T;
};

class NotifiedConsumer {
public:
  NotifiedConsumer() : T(startThread([this] { run(); })) {}
  ~NotifiedConsumer() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Done = true;
    }
    Cv.notify_one();
    T.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Done; });
  }
  std::mutex M;
  std::condition_variable Cv;
  bool Done = false;
  std::thread T;
};

class StoppingPoller {
public:
  StoppingPoller() : T([this] { poll(); }) {}
  void stop() {
    std::lock_guard<std::mutex> Lock(M);
    Quit = true;
    Cv.notify_one();
  }
  ~StoppingPoller() {
    stop();
    T.join();
  }

private:
  void poll() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Quit; });
  }
  std::mutex M;
  std::condition_variable Cv;
  bool Quit = false;
  Thread T;
};

// A wrapper that only stores the callable and never starts a thread: its
// argument is not a thread body.
class Task {
public:
  explicit Task(std::function<void()> Fn) : Body(std::move(Fn)) {}
  void operator()() { Body(); }

private:
  std::function<void()> Body;
};

class Deferred {
public:
  Deferred() : Job([this] { loop(); }) {}
  ~Deferred() {
    Stop = true;
    Cv.notify_all();
  }

private:
  void loop() {
    std::unique_lock<std::mutex> Lock(M);
    while (!Stop)
      Cv.wait(Lock);
  }
  std::mutex M;
  std::condition_variable Cv;
  bool Stop = false;
  Task Job;
};
