// RUN: %check_clang_tidy -std=c++17-or-later -fix-notes %s threadleak-lost-wakeup %t -- -- -pthread

// A stop that several threads wait for, announced with one notify_one (or
// pthread_cond_signal): one thread wakes and leaves, the others keep
// sleeping and the join hangs. Several threads run the wait when a pool
// starts them in a loop (emplace_back, push_back into its container of
// threads, pthread_create into an array) or when the body is started at two
// places. Beside them: notify_all, one notify_one per worker, a worker that
// passes the wake on, a single thread, and a notify that is not a shutdown.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <pthread.h>
#include <queue>
#include <thread>
#include <vector>

// ===== Positives =====

class Pool {
public:
  explicit Pool(unsigned N) {
    for (unsigned I = 0; I < N; ++I)
      Workers.emplace_back([this] { run(); });
  }
  ~Pool() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Stop = true;
    }
    Cv.notify_one();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'notify_one' wakes only one of the threads waiting on 'Cv' for 'Stop': the others never see it and keep waiting, so joining them hangs [threadleak-lost-wakeup]
    // CHECK-MESSAGES: :[[@LINE+21]]:12: note: the thread checks 'Stop' under 'M' and waits here for it to become true
    // CHECK-MESSAGES: :[[@LINE-10]]:7: note: several threads running this wait are started here
    // CHECK-MESSAGES: :[[@LINE-4]]:8: note: wake every waiter with 'notify_all'
    // CHECK-FIXES: {{^}}    Cv.notify_all();{{$}}
    for (std::thread &T : Workers)
      T.join();
  }
  void submit(std::function<void()> F) {
    {
      std::lock_guard<std::mutex> Lock(M);
      Jobs.push_back(std::move(F));
    }
    Cv.notify_one();
  }

private:
  void run() {
    for (;;) {
      std::function<void()> Job;
      {
        std::unique_lock<std::mutex> Lock(M);
        Cv.wait(Lock, [this] { return Stop || !Jobs.empty(); });
        if (Stop && Jobs.empty())
          return;
        Job = std::move(Jobs.front());
        Jobs.pop_front();
      }
      Job();
    }
  }
  std::mutex M;
  std::condition_variable Cv;
  std::deque<std::function<void()>> Jobs;
  bool Stop = false;
  std::vector<std::thread> Workers;
};

// The workers pushed into the container as std::thread objects, the stop in
// a shutdown() the destructor calls: the fix-it goes where the notify is.
class PushPool {
public:
  explicit PushPool(unsigned N) {
    for (unsigned I = 0; I < N; ++I)
      Workers.push_back(std::thread(&PushPool::run, this));
  }
  ~PushPool() { shutdown(); }

  void shutdown() {
    std::unique_lock<std::mutex> Lock(M);
    Stop = true;
    Lock.unlock();
    Cv.notify_one();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'notify_one' wakes only one of the threads waiting on 'Cv' for 'Stop': {{.*}} [threadleak-lost-wakeup]
    // CHECK-MESSAGES: :[[@LINE+13]]:10: note: the thread checks 'Stop' under 'M' and waits here for it to become true
    // CHECK-MESSAGES: :[[@LINE-11]]:25: note: several threads running this wait are started here
    // CHECK-MESSAGES: :[[@LINE-4]]:8: note: wake every waiter with 'notify_all'
    // CHECK-FIXES: {{^}}    Cv.notify_all();{{$}}
    for (std::thread &T : Workers)
      if (T.joinable())
        T.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    while (!Stop)
      Cv.wait(Lock);
  }
  std::mutex M;
  std::condition_variable Cv;
  bool Stop = false;
  std::vector<std::thread> Workers;
};

// A class template, with its wake in a helper that submit() uses too: the
// warning stands, but turning the helper's notify_one into notify_all would
// wake every worker for each job, so no fix-it.
template <typename T> class TemplatePool {
public:
  TemplatePool() {
    for (int I = 0; I < 4; ++I)
      Workers.emplace_back(&TemplatePool::run, this);
  }
  ~TemplatePool() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Done = true;
    }
    wake();
    for (std::thread &W : Workers)
      W.join();
  }
  void submit(T Item) {
    {
      std::lock_guard<std::mutex> Lock(M);
      Items.push_back(Item);
    }
    wake();
  }

private:
  void wake() { Cv.notify_one(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'notify_one' wakes only one of the threads waiting on 'Cv' for 'Done': {{.*}} [threadleak-lost-wakeup]
  // CHECK-MESSAGES: :[[@LINE+6]]:8: note: the thread checks 'Done' under 'M' and waits here for it to become true
  // CHECK-MESSAGES: :[[@LINE-23]]:7: note: several threads running this wait are started here
  // CHECK-MESSAGES: :[[@LINE-4]]:20: note: wake every waiter with 'notify_all'
  // CHECK-FIXES: {{^}}  void wake() { Cv.notify_one(); }{{$}}
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Done || !Items.empty(); });
  }
  std::mutex M;
  std::condition_variable Cv;
  std::deque<T> Items;
  bool Done = false;
  std::vector<std::thread> Workers;
};
TemplatePool<int> Numbers;

// Two threads of one class run the same body.
class Twins {
public:
  Twins() : Left(&Twins::run, this), Right(&Twins::run, this) {}
  ~Twins() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Quit = true;
    }
    Cv.notify_one();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'notify_one' wakes only one of the threads waiting on 'Cv' for 'Quit': {{.*}} [threadleak-lost-wakeup]
    // CHECK-MESSAGES: :[[@LINE+11]]:8: note: the thread checks 'Quit' under 'M' and waits here for it to become true
    // CHECK-MESSAGES: :[[@LINE-9]]:13: note: several threads running this wait are started here
    // CHECK-MESSAGES: :[[@LINE-4]]:8: note: wake every waiter with 'notify_all'
    // CHECK-FIXES: {{^}}    Cv.notify_all();{{$}}
    Left.join();
    Right.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Quit; });
  }
  std::mutex M;
  std::condition_variable Cv;
  bool Quit = false;
  std::thread Left;
  std::thread Right;
};

// A C pool: pthread_create into an array, one pthread_cond_signal.
struct Queue {
  pthread_mutex_t Lock;
  pthread_cond_t Ready;
  int Closed;
  int Count;
};
static Queue Q = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};

static void *consume(void *) {
  pthread_mutex_lock(&Q.Lock);
  while (!Q.Closed && Q.Count == 0)
    pthread_cond_wait(&Q.Ready, &Q.Lock);
  pthread_mutex_unlock(&Q.Lock);
  return nullptr;
}

void runConsumers() {
  pthread_t Threads[4];
  for (int I = 0; I < 4; ++I)
    pthread_create(&Threads[I], nullptr, consume, nullptr);
  pthread_mutex_lock(&Q.Lock);
  Q.Closed = 1;
  pthread_mutex_unlock(&Q.Lock);
  pthread_cond_signal(&Q.Ready);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'pthread_cond_signal' wakes only one of the threads waiting on 'Ready' for 'Closed': {{.*}} [threadleak-lost-wakeup]
  // CHECK-MESSAGES: :[[@LINE-14]]:5: note: the thread checks 'Closed' under 'Lock' and waits here for it to become true
  // CHECK-MESSAGES: :[[@LINE-7]]:5: note: several threads running this wait are started here
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: wake every waiter with 'pthread_cond_broadcast'
  // CHECK-FIXES: {{^}}  pthread_cond_broadcast(&Q.Ready);{{$}}
  for (int I = 0; I < 4; ++I)
    pthread_join(Threads[I], nullptr);
}

// A free function's pool.
std::mutex FreeM;
std::condition_variable FreeCv;
bool FreeStop = false;

void waitForStop() {
  std::unique_lock<std::mutex> Lock(FreeM);
  FreeCv.wait(Lock, [] { return FreeStop; });
}

void runFreePool() {
  std::vector<std::thread> Threads;
  for (int I = 0; I < 3; ++I)
    Threads.emplace_back(waitForStop);
  {
    std::lock_guard<std::mutex> Lock(FreeM);
    FreeStop = true;
  }
  FreeCv.notify_one();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'notify_one' wakes only one of the threads waiting on 'FreeCv' for 'FreeStop': {{.*}} [threadleak-lost-wakeup]
  // CHECK-MESSAGES: :[[@LINE-13]]:10: note: the thread checks 'FreeStop' under 'FreeM' and waits here for it to become true
  // CHECK-MESSAGES: :[[@LINE-8]]:5: note: several threads running this wait are started here
  // CHECK-MESSAGES: :[[@LINE-4]]:10: note: wake every waiter with 'notify_all'
  // CHECK-FIXES: {{^}}  FreeCv.notify_all();{{$}}
  for (std::thread &T : Threads)
    T.join();
}

// One poison pill for several workers: the worker that takes it leaves.
class PillPool {
public:
  explicit PillPool(unsigned N) {
    for (unsigned I = 0; I < N; ++I)
      Workers.emplace_back([this] { run(); });
  }
  ~PillPool() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Jobs.push_back(nullptr);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: one item is added to 'Jobs' to end several threads that wait on it: the thread that takes it leaves, the others keep waiting, so joining them hangs [threadleak-lost-wakeup]
      // CHECK-MESSAGES: :[[@LINE+15]]:12: note: each thread waits here for an item in 'Jobs'
      // CHECK-MESSAGES: :[[@LINE-8]]:7: note: several threads running this wait are started here
      // CHECK-MESSAGES: :[[@LINE-4]]:7: note: add one item per thread, or have each thread put it back before it leaves
    }
    Cv.notify_all();
    for (std::thread &T : Workers)
      T.join();
  }

private:
  void run() {
    for (;;) {
      std::function<void()> Job;
      {
        std::unique_lock<std::mutex> Lock(M);
        Cv.wait(Lock, [this] { return !Jobs.empty(); });
        Job = std::move(Jobs.front());
        Jobs.pop_front();
      }
      if (!Job)
        return;
      Job();
    }
  }
  std::mutex M;
  std::condition_variable Cv;
  std::deque<std::function<void()>> Jobs;
  std::vector<std::thread> Workers;
};

// The same through a std::queue of pointers, in a stop() that joins.
struct Task {
  virtual ~Task() = default;
  virtual void run() = 0;
};

class TaskQueue {
public:
  TaskQueue() {
    for (int I = 0; I < 3; ++I)
      Threads.push_back(std::thread(&TaskQueue::loop, this));
  }
  void stop() {
    std::unique_lock<std::mutex> Lock(M);
    Pending.push(nullptr);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: one item is added to 'Pending' to end several threads {{.*}} [threadleak-lost-wakeup]
    // CHECK-MESSAGES: :[[@LINE+14]]:15: note: each thread waits here for an item in 'Pending'
    // CHECK-MESSAGES: :[[@LINE-7]]:25: note: several threads running this wait are started here
    // CHECK-MESSAGES: :[[@LINE-4]]:5: note: add one item per thread, or have each thread put it back before it leaves
    Lock.unlock();
    Ready.notify_one();
    for (std::thread &T : Threads)
      T.join();
  }

private:
  void loop() {
    for (;;) {
      std::unique_lock<std::mutex> Lock(M);
      while (Pending.empty())
        Ready.wait(Lock);
      Task *Next = Pending.front();
      Pending.pop();
      Lock.unlock();
      if (Next == nullptr)
        break;
      Next->run();
    }
  }
  std::mutex M;
  std::condition_variable Ready;
  std::queue<Task *> Pending;
  std::vector<std::thread> Threads;
};

// The notify written through a macro: reported where the macro is used; no
// fix-it inside a macro.
#define WAKE_ONE(C) (C).notify_one()

class MacroPool {
public:
  MacroPool() {
    for (int I = 0; I < 2; ++I)
      Workers.emplace_back([this] { run(); });
  }
  ~MacroPool() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Stop = true;
    }
    WAKE_ONE(Cv);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'notify_one' wakes only one of the threads waiting on 'Cv' for 'Stop': {{.*}} [threadleak-lost-wakeup]
    // CHECK-MESSAGES: :[[@LINE-15]]:21: note: expanded from macro 'WAKE_ONE'
    // CHECK-MESSAGES: :[[@LINE+12]]:8: note: the thread checks 'Stop' under 'M' and waits here for it to become true
    // CHECK-MESSAGES: :[[@LINE-11]]:7: note: several threads running this wait are started here
    // CHECK-MESSAGES: :[[@LINE-5]]:5: note: wake every waiter with 'notify_all'
    // CHECK-MESSAGES: :[[@LINE-19]]:25: note: expanded from macro 'WAKE_ONE'
    // CHECK-FIXES: {{^}}    WAKE_ONE(Cv);{{$}}
    for (std::thread &T : Workers)
      T.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Stop; });
  }
  std::mutex M;
  std::condition_variable Cv;
  bool Stop = false;
  std::vector<std::thread> Workers;
};

// ===== Negatives =====

// One pill per worker.
class PillEach {
public:
  explicit PillEach(unsigned N) {
    for (unsigned I = 0; I < N; ++I)
      Workers.emplace_back([this] { run(); });
  }
  ~PillEach() {
    {
      std::lock_guard<std::mutex> Lock(M);
      for (std::size_t I = 0; I < Workers.size(); ++I)
        Jobs.push(nullptr);
    }
    Cv.notify_all();
    for (std::thread &T : Workers)
      T.join();
  }

private:
  void run() {
    for (;;) {
      std::function<void()> Job;
      {
        std::unique_lock<std::mutex> Lock(M);
        Cv.wait(Lock, [this] { return !Jobs.empty(); });
        Job = std::move(Jobs.front());
        Jobs.pop();
      }
      if (!Job)
        return;
      Job();
    }
  }
  std::mutex M;
  std::condition_variable Cv;
  std::queue<std::function<void()>> Jobs;
  std::vector<std::thread> Workers;
};

// The worker looks at the front and leaves the pill for the next one.
class PillLeftInPlace {
public:
  explicit PillLeftInPlace(unsigned N) {
    for (unsigned I = 0; I < N; ++I)
      Workers.emplace_back([this] { run(); });
  }
  ~PillLeftInPlace() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Jobs.push_back(nullptr);
    }
    Cv.notify_all();
    for (std::thread &T : Workers)
      T.join();
  }

private:
  void run() {
    for (;;) {
      std::unique_lock<std::mutex> Lock(M);
      Cv.wait(Lock, [this] { return !Jobs.empty(); });
      std::function<void()> Job = Jobs.front();
      if (!Job)
        return;
      Jobs.pop_front();
      Lock.unlock();
      Job();
    }
  }
  std::mutex M;
  std::condition_variable Cv;
  std::deque<std::function<void()>> Jobs;
  std::vector<std::thread> Workers;
};

// The worker that takes the pill puts it back.
class PillPutBack {
public:
  explicit PillPutBack(unsigned N) {
    for (unsigned I = 0; I < N; ++I)
      Workers.emplace_back([this] { run(); });
  }
  ~PillPutBack() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Jobs.push_back(nullptr);
    }
    Cv.notify_all();
    for (std::thread &T : Workers)
      T.join();
  }

private:
  void run() {
    for (;;) {
      std::unique_lock<std::mutex> Lock(M);
      Cv.wait(Lock, [this] { return !Jobs.empty(); });
      std::function<void()> Job = std::move(Jobs.front());
      Jobs.pop_front();
      if (!Job) {
        Jobs.push_back(nullptr);
        return;
      }
      Lock.unlock();
      Job();
    }
  }
  std::mutex M;
  std::condition_variable Cv;
  std::deque<std::function<void()>> Jobs;
  std::vector<std::thread> Workers;
};

// A stop flag ends the wait as well.
class PillAndFlag {
public:
  explicit PillAndFlag(unsigned N) {
    for (unsigned I = 0; I < N; ++I)
      Workers.emplace_back([this] { run(); });
  }
  ~PillAndFlag() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Stop = true;
      Jobs.push_back(0);
    }
    Cv.notify_all();
    for (std::thread &T : Workers)
      T.join();
  }

private:
  void run() {
    for (;;) {
      std::unique_lock<std::mutex> Lock(M);
      Cv.wait(Lock, [this] { return Stop || !Jobs.empty(); });
      if (Stop)
        return;
      Jobs.pop_front();
    }
  }
  std::mutex M;
  std::condition_variable Cv;
  bool Stop = false;
  std::deque<int> Jobs;
  std::vector<std::thread> Workers;
};

// One worker, one pill.
class PillForOne {
public:
  PillForOne() : Worker([this] { run(); }) {}
  ~PillForOne() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Jobs.push_back(-1);
    }
    Cv.notify_one();
    Worker.join();
  }

private:
  void run() {
    for (;;) {
      std::unique_lock<std::mutex> Lock(M);
      Cv.wait(Lock, [this] { return !Jobs.empty(); });
      int Job = Jobs.front();
      Jobs.pop_front();
      if (Job < 0)
        return;
    }
  }
  std::mutex M;
  std::condition_variable Cv;
  std::deque<int> Jobs;
  std::thread Worker;
};

// The container holds a reader and a writer: one thread waits on each
// condition variable.
class ReaderWriter {
public:
  ReaderWriter() {
    Threads.emplace_back([this] { read(); });
    Threads.emplace_back([this] { write(); });
  }
  ~ReaderWriter() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Stop = true;
    }
    Readable.notify_one();
    Writable.notify_one();
    for (std::thread &T : Threads)
      T.join();
  }

private:
  void read() {
    std::unique_lock<std::mutex> Lock(M);
    Readable.wait(Lock, [this] { return Stop; });
  }
  void write() {
    std::unique_lock<std::mutex> Lock(M);
    Writable.wait(Lock, [this] { return Stop; });
  }
  std::mutex M;
  std::condition_variable Readable;
  std::condition_variable Writable;
  bool Stop = false;
  std::vector<std::thread> Threads;
};

// notify_all wakes every worker.
class BroadcastPool {
public:
  explicit BroadcastPool(unsigned N) {
    for (unsigned I = 0; I < N; ++I)
      Workers.emplace_back([this] { run(); });
  }
  ~BroadcastPool() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Stop = true;
    }
    Cv.notify_all();
    for (std::thread &T : Workers)
      T.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Stop; });
  }
  std::mutex M;
  std::condition_variable Cv;
  bool Stop = false;
  std::vector<std::thread> Workers;
};

// One notify_one per worker, or one before each join.
class NotifyEach {
public:
  explicit NotifyEach(unsigned N) {
    for (unsigned I = 0; I < N; ++I)
      Workers.push_back(std::thread(&NotifyEach::run, this));
  }
  ~NotifyEach() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Stop = true;
    }
    for (std::size_t I = 0; I < Workers.size(); ++I)
      Cv.notify_one();
    for (std::thread &T : Workers)
      T.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Stop; });
  }
  std::mutex M;
  std::condition_variable Cv;
  bool Stop = false;
  std::vector<std::thread> Workers;
};

class NotifyBeforeEachJoin {
public:
  explicit NotifyBeforeEachJoin(unsigned N) {
    for (unsigned I = 0; I < N; ++I)
      Workers.emplace_back([this] { run(); });
  }
  ~NotifyBeforeEachJoin() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Stop = true;
    }
    for (std::thread &T : Workers) {
      Cv.notify_one();
      T.join();
    }
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Stop; });
  }
  std::mutex M;
  std::condition_variable Cv;
  bool Stop = false;
  std::vector<std::thread> Workers;
};

// Each worker that leaves wakes the next one.
class RelayPool {
public:
  explicit RelayPool(unsigned N) {
    for (unsigned I = 0; I < N; ++I)
      Workers.emplace_back([this] { run(); });
  }
  ~RelayPool() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Stop = true;
    }
    Cv.notify_one();
    for (std::thread &T : Workers)
      T.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Stop; });
    Lock.unlock();
    Cv.notify_one();
  }
  std::mutex M;
  std::condition_variable Cv;
  bool Stop = false;
  std::vector<std::thread> Workers;
};

// One thread waits: notify_one is enough.
class SingleWorker {
public:
  SingleWorker() : Worker([this] { run(); }) {}
  ~SingleWorker() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Stop = true;
    }
    Cv.notify_one();
    Worker.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Stop; });
  }
  std::mutex M;
  std::condition_variable Cv;
  bool Stop = false;
  std::thread Worker;
};

// Pausing is not a shutdown: a function that neither joins nor is a
// destructor may wake one worker on purpose.
class PausablePool {
public:
  explicit PausablePool(unsigned N) {
    for (unsigned I = 0; I < N; ++I)
      Workers.emplace_back([this] { run(); });
  }
  ~PausablePool() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Stop = true;
    }
    Cv.notify_all();
    for (std::thread &T : Workers)
      T.join();
  }
  void resumeOne() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Stop = true;
    }
    Cv.notify_one();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Stop; });
  }
  std::mutex M;
  std::condition_variable Cv;
  bool Stop = false;
  std::vector<std::thread> Workers;
};

// The C pool with pthread_cond_broadcast.
static Queue R = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};

static void *consumeAll(void *) {
  pthread_mutex_lock(&R.Lock);
  while (!R.Closed && R.Count == 0)
    pthread_cond_wait(&R.Ready, &R.Lock);
  pthread_mutex_unlock(&R.Lock);
  return nullptr;
}

void runBroadcastConsumers() {
  pthread_t Threads[4];
  for (int I = 0; I < 4; ++I)
    pthread_create(&Threads[I], nullptr, consumeAll, nullptr);
  pthread_mutex_lock(&R.Lock);
  R.Closed = 1;
  pthread_mutex_unlock(&R.Lock);
  pthread_cond_broadcast(&R.Ready);
  for (int I = 0; I < 4; ++I)
    pthread_join(Threads[I], nullptr);
}
