// RUN: %check_clang_tidy -std=c++17-or-later %s threadleak-detached-thread %t -- -- -pthread

// Thread wrappers that detach: a call of the wrapper whose argument runs
// forever is reported at the call, where the body is written; the detach
// inside the wrapper is a note.

#include <atomic>
#include <condition_variable>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <pthread.h>
#include <thread>
#include <utility>

void tick();

// ===== Positives =====

void spawn(std::function<void()> Fn) { std::thread(std::move(Fn)).detach(); }

void spinViaSpawn() {
  spawn([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'spawn' runs this function in a detached thread, and it can never finish: it loops forever and the loop never checks for a stop request, so nothing can stop or join it and it leaks until the process exits [threadleak-detached-thread]
    for (;;)
      // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the thread loops forever here: no break, return or throw leaves the loop and nothing in it checks a stop token or flag
      // CHECK-MESSAGES: :[[@LINE-7]]:67: note: the thread is detached here
      tick();
  });
}

template <typename F> void runInBackground(F &&Fn) {
  std::thread T(std::forward<F>(Fn));
  T.detach();
}

void pollForever() {
  while (true)
    tick();
}

void pollViaTemplate() {
  runInBackground(pollForever);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'runInBackground' runs this function in a detached thread, and it can never finish: {{.*}} [threadleak-detached-thread]
  // CHECK-MESSAGES: :[[@LINE-7]]:3: note: the thread loops forever here: {{.*}}
  // CHECK-MESSAGES: :[[@LINE-12]]:5: note: the thread is detached here
  // A second instantiation, with a lambda.
  runInBackground([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'runInBackground' runs this function in a detached thread, {{.*}} [threadleak-detached-thread]
    do
      // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the thread loops forever here: {{.*}}
      // CHECK-MESSAGES: :[[@LINE-18]]:5: note: the thread is detached here
      tick();
    while (true);
  });
}

std::mutex M;
std::condition_variable Ready;
int Items = 0;

class Executor {
public:
  void post(std::function<void()> Task) {
    std::thread Worker(std::move(Task));
    Worker.detach();
  }
};

void waitViaMember(Executor &E) {
  E.post([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'post' runs this function in a detached thread, and it may never finish: it blocks without a deadline and nothing can wake it for shutdown, so nothing can stop or join it and it leaks until the process exits [threadleak-detached-thread]
    std::unique_lock<std::mutex> Lock(M);
    Ready.wait(Lock, [] { return Items > 0; });
    // CHECK-MESSAGES: :[[@LINE-1]]:11: note: the thread blocks here without a deadline and nothing can wake it for shutdown; use 'wait_for' or wait on a predicate that checks a stop flag
    // CHECK-MESSAGES: :[[@LINE-10]]:12: note: the thread is detached here
  });
}

// A thread class: the constructor stores the callable and starts a
// detached pthread whose trampoline calls it.
class DetachedThread {
public:
  explicit DetachedThread(std::function<void()> Fn) : Body(std::move(Fn)) {
    pthread_attr_t Attr;
    pthread_attr_init(&Attr);
    pthread_attr_setdetachstate(&Attr, PTHREAD_CREATE_DETACHED);
    pthread_t Handle;
    pthread_create(&Handle, &Attr, &DetachedThread::entry, this);
    pthread_attr_destroy(&Attr);
  }

private:
  static void *entry(void *Self) {
    static_cast<DetachedThread *>(Self)->Body();
    return nullptr;
  }
  std::function<void()> Body;
};

void spinViaThreadClass() {
  new DetachedThread([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'DetachedThread' runs this function in a detached thread, and it can never finish: {{.*}} [threadleak-detached-thread]
    for (;;)
      // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the thread loops forever here: {{.*}}
      // CHECK-MESSAGES: :[[@LINE-17]]:5: note: the thread is created detached here
      tick();
  });
}

// The library constructs the wrapper: make_unique, a container's
// emplace_back. The report names the class.
void spinViaMakeUnique() {
  auto Owner = std::make_unique<DetachedThread>([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'DetachedThread' runs this function in a detached thread, and it can never finish: {{.*}} [threadleak-detached-thread]
    while (true)
      // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the thread loops forever here: {{.*}}
      // CHECK-MESSAGES: :[[@LINE-29]]:5: note: the thread is created detached here
      tick();
  });
}

void spinViaEmplace(std::list<DetachedThread> &Threads) {
  Threads.emplace_back([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'DetachedThread' runs this function in a detached thread, and it can never finish: {{.*}} [threadleak-detached-thread]
    for (;;)
      // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the thread loops forever here: {{.*}}
      // CHECK-MESSAGES: :[[@LINE-39]]:5: note: the thread is created detached here
      tick();
  });
}

// The trampoline detaches itself.
class SelfDetachingThread {
public:
  explicit SelfDetachingThread(void (*Fn)()) : Body(Fn) {
    pthread_t Handle;
    pthread_create(&Handle, nullptr, &SelfDetachingThread::entry, this);
  }

private:
  static void *entry(void *Self) {
    pthread_detach(pthread_self());
    static_cast<SelfDetachingThread *>(Self)->Body();
    return nullptr;
  }
  void (*Body)();
};

void spinViaSelfDetaching() {
  SelfDetachingThread T(pollForever);
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'SelfDetachingThread' runs this function in a detached thread, and it can never finish: {{.*}} [threadleak-detached-thread]
  // CHECK-MESSAGES: :[[@LINE-115]]:3: note: the thread loops forever here: {{.*}}
  // CHECK-MESSAGES: :[[@LINE-11]]:5: note: the thread is detached here
}

// A wrapper of the detaching wrapper: the report names the function called
// here, and the detach is the one inside the innermost wrapper.
void spawnLogged(std::function<void()> Fn) { spawn([Fn] { Fn(); }); }

void spinViaSpawnLogged() {
  spawnLogged([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'spawnLogged' runs this function in a detached thread, and it can never finish: {{.*}} [threadleak-detached-thread]
    while (true)
      // CHECK-MESSAGES: :[[@LINE-1]]:5: note: the thread loops forever here: {{.*}}
      // CHECK-MESSAGES: :[[@LINE-146]]:67: note: the thread is detached here
      tick();
  });
}

// ===== Negatives =====

// A wrapper of the detaching wrapper whose body finishes.
void spawnLoggedOnce() {
  spawnLogged([] { tick(); });
}

// A function that calls the detaching wrapper, but runs its own parameter
// on the caller's thread.
void afterSpawn(std::function<void()> Fn) {
  spawn([] { tick(); });
  Fn();
}

void spinAfterSpawn() {
  afterSpawn([] {
    for (;;)
      tick();
  });
}

// The argument finishes.
void finishesViaSpawn() {
  spawn([] { tick(); });
}

// The argument checks a stop flag that something sets.
std::atomic<bool> Stopping{false};

void stoppableViaSpawn() {
  spawn([] {
    while (!Stopping)
      tick();
  });
}

void requestStop() { Stopping = true; }

// The loop ends on a break.
void breaksViaTemplate() {
  runInBackground([] {
    for (;;) {
      if (Items > 3)
        break;
      tick();
    }
  });
}

// A wrapper that joins: the thread is not detached (the
// infinite-loop check's business, not this one's).
template <typename F> void runAndWait(F Fn) {
  std::thread T(Fn);
  T.join();
}

void spinJoined() { runAndWait(pollForever); }

// The parameter runs on the caller's thread; the detached thread runs
// something else, which finishes.
void spawnTick(std::function<void()> OnDone) {
  std::thread([] { tick(); }).detach();
  OnDone();
}

void spinOnCaller() {
  spawnTick([] {
    for (;;)
      tick();
  });
}

// A thread class that joins in its destructor.
class JoinedThread {
public:
  explicit JoinedThread(std::function<void()> Fn) : Body(std::move(Fn)) {
    pthread_create(&Handle, nullptr, &JoinedThread::entry, this);
  }
  ~JoinedThread() { pthread_join(Handle, nullptr); }

private:
  static void *entry(void *Self) {
    static_cast<JoinedThread *>(Self)->Body();
    return nullptr;
  }
  std::function<void()> Body;
  pthread_t Handle;
};

void spinJoinedClass() {
  JoinedThread T([] {
    for (;;)
      tick();
  });
}

// A wait that the notifier below wakes, with a stop flag in its predicate.
std::mutex QueueMutex;
std::condition_variable QueueReady;
bool QueueClosed = false;

void waitWithStop(Executor &E) {
  E.post([] {
    std::unique_lock<std::mutex> Lock(QueueMutex);
    QueueReady.wait(Lock, [] { return QueueClosed; });
  });
}

void closeQueue() {
  {
    std::lock_guard<std::mutex> Lock(QueueMutex);
    QueueClosed = true;
  }
  QueueReady.notify_all();
}
