// RUN: %check_clang_tidy -std=c++17-or-later -fix-notes %s threadleak-lost-wakeup %t -- -- -pthread

// Locks taken through the project's own code: an RAII lock class (plain,
// a class template, around a pthread mutex, around a wrapper of
// std::mutex, holding a std::lock_guard member), and lock helpers that
// leave the mutex locked for their caller. A stop flag set under them is
// set under the waiter's mutex. Beside them: the same lock taken after the
// store, a lock on another mutex, a helper that locks and unlocks inside,
// and a lock object the analysis cannot read, where the fix-it (which
// would lock the mutex a second time) is withheld.

#include <condition_variable>
#include <mutex>
#include <pthread.h>
#include <thread>

class ScopedLock {
public:
  explicit ScopedLock(std::mutex &M) : M(M) { M.lock(); }
  ~ScopedLock() { M.unlock(); }

private:
  std::mutex &M;
};

template <typename MutexT> class GuardT {
public:
  explicit GuardT(MutexT &M) : Held(M) { Held.lock(); }
  ~GuardT() { Held.unlock(); }

private:
  MutexT &Held;
};

class PthreadLock {
public:
  explicit PthreadLock(pthread_mutex_t *M) : M(M) { pthread_mutex_lock(M); }
  ~PthreadLock() { pthread_mutex_unlock(M); }

private:
  pthread_mutex_t *const M;
};

// leveldb's port::Mutex and MutexLock.
class Mutex {
public:
  void Lock() { Mu.lock(); }
  void Unlock() { Mu.unlock(); }
  // BasicLockable, for std::unique_lock<Mutex>.
  void lock() { Lock(); }
  void unlock() { Unlock(); }

private:
  std::mutex Mu;
};

class MutexLock {
public:
  explicit MutexLock(Mutex *Mu) : Mu(Mu) { this->Mu->Lock(); }
  ~MutexLock() { this->Mu->Unlock(); }

private:
  Mutex *const Mu;
};

// Locks through a standard lock member.
class MemberGuard {
public:
  explicit MemberGuard(std::mutex &M) : Guard(M) {}

private:
  std::lock_guard<std::mutex> Guard;
};

// Its constructor is in another translation unit.
class OpaqueLock {
public:
  explicit OpaqueLock(std::mutex &M);
  ~OpaqueLock();
};

void lockMutex(std::mutex &M) { M.lock(); }
void unlockMutex(std::mutex &M) { M.unlock(); }
void touchMutex(std::mutex &M) {
  M.lock();
  M.unlock();
}
void lockElsewhere(std::mutex *M);

// A worker that waits for Flag under Mu, for each way of stopping it.
#define WORKER(NAME)                                                           \
  NAME() : T([this] { run(); }) {}                                             \
  void run() {                                                                 \
    std::unique_lock<std::mutex> L(Mu);                                        \
    Cv.wait(L, [this] { return Flag; });                                       \
  }                                                                            \
  std::mutex Mu;                                                               \
  std::mutex Other;                                                            \
  std::condition_variable Cv;                                                  \
  bool Flag = false;                                                           \
  std::thread T;

// ===== Negatives: the flag is set under the waiter's mutex =====

struct UnderScopedLock {
  WORKER(UnderScopedLock)
  ~UnderScopedLock() { stop(); }
  void stop() {
    {
      ScopedLock Lock(Mu);
      Flag = true;
    }
    Cv.notify_all();
    T.join();
  }
};

struct UnderGuardTemplate {
  WORKER(UnderGuardTemplate)
  ~UnderGuardTemplate() {
    {
      GuardT<std::mutex> Lock(Mu);
      Flag = true;
    }
    Cv.notify_all();
    T.join();
  }
};

struct UnderMemberGuard {
  WORKER(UnderMemberGuard)
  ~UnderMemberGuard() {
    {
      MemberGuard Lock(Mu);
      Flag = true;
    }
    Cv.notify_all();
    T.join();
  }
};

struct UnderLockHelpers {
  WORKER(UnderLockHelpers)
  ~UnderLockHelpers() {
    lockMutex(Mu);
    Flag = true;
    unlockMutex(Mu);
    Cv.notify_all();
    T.join();
  }
};

class UnderPthreadLock {
public:
  UnderPthreadLock() { pthread_create(&Thread, nullptr, &run, this); }
  ~UnderPthreadLock() {
    {
      PthreadLock Lock(&Mu);
      Quit = true;
    }
    pthread_cond_broadcast(&Cond);
    pthread_join(Thread, nullptr);
  }

private:
  static void *run(void *Self) {
    auto *W = static_cast<UnderPthreadLock *>(Self);
    pthread_mutex_lock(&W->Mu);
    while (!W->Quit)
      pthread_cond_wait(&W->Cond, &W->Mu);
    pthread_mutex_unlock(&W->Mu);
    return nullptr;
  }
  pthread_t Thread;
  pthread_mutex_t Mu = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t Cond = PTHREAD_COND_INITIALIZER;
  bool Quit = false;
};

// leveldb: the wrapper object is the mutex.
class UnderMutexLock {
public:
  UnderMutexLock() : T([this] { run(); }) {}
  ~UnderMutexLock() {
    {
      MutexLock Lock(&Mu);
      ShuttingDown = true;
    }
    Cv.notify_all();
    T.join();
  }
  void stopByHand() {
    Mu.Lock();
    ShuttingDown = true;
    Mu.Unlock();
    Cv.notify_all();
  }

private:
  void run() {
    std::unique_lock<Mutex> L(Mu);
    Cv.wait(L, [this] { return ShuttingDown; });
  }
  Mutex Mu;
  std::condition_variable_any Cv;
  bool ShuttingDown = false;
  std::thread T;
};

// C-style helpers that lock the queue's mutex for their caller.
struct queue {
  pthread_mutex_t mu;
  pthread_cond_t cond;
  int stop;
  pthread_t th;
};
static void q_lock(queue *q) { pthread_mutex_lock(&q->mu); }
static void q_unlock(queue *q) { pthread_mutex_unlock(&q->mu); }
static void q_lock_ref(queue &q) { q_lock(&q); }
static void *q_worker(void *arg) {
  queue *q = (queue *)arg;
  q_lock(q);
  while (!q->stop)
    pthread_cond_wait(&q->cond, &q->mu);
  q_unlock(q);
  return nullptr;
}
void q_start(queue *q) { pthread_create(&q->th, nullptr, q_worker, q); }
void q_stop(queue *q) {
  q_lock(q);
  q->stop = 1;
  q_unlock(q);
  pthread_cond_broadcast(&q->cond);
  pthread_join(q->th, nullptr);
}
void q_stop_ref(queue &q) {
  q_lock_ref(q);
  q.stop = 1;
  q_unlock(&q);
  pthread_cond_broadcast(&q.cond);
  pthread_join(q.th, nullptr);
}

// ===== Positives beside them =====

// The same lock, taken only after the notify.
struct ScopedLockAfter {
  WORKER(ScopedLockAfter)
  ~ScopedLockAfter() {
    Flag = true;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Flag' is set without holding 'Mu', and 'Cv' is notified before 'Mu' is taken again: a thread that has just checked 'Flag' and is about to wait misses the wake-up and sleeps forever [threadleak-lost-wakeup]
    // CHECK-FIXES: {{^}}    { std::lock_guard<std::mutex> Lock(Mu); Flag = true; }{{$}}
    Cv.notify_all();
    {
      ScopedLock Lock(Mu);
    }
    T.join();
  }
};

// A lock on another mutex.
struct ScopedLockOther {
  WORKER(ScopedLockOther)
  ~ScopedLockOther() {
    {
      GuardT<std::mutex> Lock(Other);
      Flag = true;
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'Flag' is set without holding 'Mu', and 'Cv' is notified before 'Mu' is taken again: a thread that has just checked 'Flag' and is about to wait misses the wake-up and sleeps forever [threadleak-lost-wakeup]
      // CHECK-FIXES: {{^}}      { std::lock_guard<std::mutex> Lock(Mu); Flag = true; }{{$}}
    }
    Cv.notify_all();
    T.join();
  }
};

// A helper that takes and gives back the mutex before the store.
struct TouchedBefore {
  WORKER(TouchedBefore)
  ~TouchedBefore() {
    touchMutex(Mu);
    Flag = true;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Flag' is set without holding 'Mu', and 'Cv' is notified before 'Mu' is taken again: a thread that has just checked 'Flag' and is about to wait misses the wake-up and sleeps forever [threadleak-lost-wakeup]
    // CHECK-FIXES: {{^}}    { std::lock_guard<std::mutex> Lock(Mu); Flag = true; }{{$}}
    Cv.notify_all();
    T.join();
  }
};

// A lock helper given back before the store.
struct UnlockedBefore {
  WORKER(UnlockedBefore)
  ~UnlockedBefore() {
    lockMutex(Mu);
    unlockMutex(Mu);
    Flag = true;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Flag' is set without holding 'Mu', and 'Cv' is notified before 'Mu' is taken again: a thread that has just checked 'Flag' and is about to wait misses the wake-up and sleeps forever [threadleak-lost-wakeup]
    // CHECK-FIXES: {{^}}    { std::lock_guard<std::mutex> Lock(Mu); Flag = true; }{{$}}
    Cv.notify_all();
    T.join();
  }
};

// The C-style helper's mutex given back before the store.
void q_stop_late(queue *q) {
  q_lock(q);
  q_unlock(q);
  q->stop = 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'stop' is set without holding 'mu', and 'cond' is notified before 'mu' is taken again: a thread that has just checked 'stop' and is about to wait misses the wake-up and sleeps forever [threadleak-lost-wakeup]
  pthread_cond_broadcast(&q->cond);
  pthread_join(q->th, nullptr);
}

// A lock object whose constructor the analysis cannot read may hold Mu: the
// store is reported, but no fix-it locks Mu a second time.
struct UnderOpaqueLock {
  WORKER(UnderOpaqueLock)
  ~UnderOpaqueLock() {
    {
      OpaqueLock Lock(Mu);
      Flag = true;
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'Flag' is set without holding 'Mu', and 'Cv' is notified before 'Mu' is taken again: a thread that has just checked 'Flag' and is about to wait misses the wake-up and sleeps forever [threadleak-lost-wakeup]
      // CHECK-FIXES: {{^}}      OpaqueLock Lock(Mu);{{$}}
      // CHECK-FIXES-NEXT: {{^}}      Flag = true;{{$}}
    }
    Cv.notify_all();
    T.join();
  }
};

// The same after a call the analysis cannot read, handed the mutex.
struct AfterOpaqueCall {
  WORKER(AfterOpaqueCall)
  ~AfterOpaqueCall() {
    lockElsewhere(&Mu);
    Flag = true;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Flag' is set without holding 'Mu', and 'Cv' is notified before 'Mu' is taken again: a thread that has just checked 'Flag' and is about to wait misses the wake-up and sleeps forever [threadleak-lost-wakeup]
    // CHECK-FIXES: {{^}}    lockElsewhere(&Mu);{{$}}
    // CHECK-FIXES-NEXT: {{^}}    Flag = true;{{$}}
    Cv.notify_all();
    T.join();
  }
};
