// The wake-up model: a wait is woken for shutdown when a shutdown path (a
// destructor, or a function that joins or requests stop), itself or through
// what it calls, wakes the object waited on and changes what the wait's exit
// condition reads. Each positive has the near-identical correct code beside
// it.
// RUN: %check_clang_tidy -std=c++20-or-later %s threadleak-blocking-wait-without-deadline %t

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <pthread.h>
#include <semaphore>
#include <stop_token>
#include <thread>
#include <vector>

// --- In-band shutdown: a poison pill --------------------------------------

class PoisonPillPool {
public:
  PoisonPillPool() : Worker([this] { run(); }) {}
  ~PoisonPillPool() {
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      Tasks.push_back(-1);
    }
    Ready.notify_one();
    Worker.join();
  }

private:
  void run() {
    for (;;) {
      std::unique_lock<std::mutex> Lock(Mutex);
      Ready.wait(Lock, [this] { return !Tasks.empty(); });
      int Task = Tasks.front();
      Tasks.pop_front();
      if (Task < 0)
        return;
    }
  }
  std::mutex Mutex;
  std::condition_variable Ready;
  std::deque<int> Tasks;
  std::thread Worker;
};

// The same pool whose destructor only joins: nothing pushes or notifies.
class NoPillPool {
public:
  NoPillPool() : Worker([this] { run(); }) {}
  ~NoPillPool() { Worker.join(); }
  void submit(int Task) {
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      Tasks.push_back(Task);
    }
    Ready.notify_one();
  }

private:
  void run() {
    for (;;) {
      std::unique_lock<std::mutex> Lock(Mutex);
      Ready.wait(Lock, [this] { return !Tasks.empty(); });
      // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'std::condition_variable::wait' can block this thread forever
      int Task = Tasks.front();
      Tasks.pop_front();
      if (Task < 0)
        return;
    }
  }
  std::mutex Mutex;
  std::condition_variable Ready;
  std::deque<int> Tasks;
  std::thread Worker;
};

// --- The wake is one call away from the shutdown path ---------------------

class HelperWakes {
public:
  HelperWakes() : Worker([this] { run(); }) {}
  ~HelperWakes() {
    stop();
    Worker.join();
  }

private:
  void stop() {
    std::lock_guard<std::mutex> Lock(Mutex);
    Count = -1;
    Changed.notify_all();
  }
  void run() {
    std::unique_lock<std::mutex> Lock(Mutex);
    while (Count >= 0)
      Changed.wait(Lock);
  }
  std::mutex Mutex;
  std::condition_variable Changed;
  int Count = 0;
  std::thread Worker;
};

// stop() notifies a different condition variable than the one waited on.
class WrongConditionVariable {
public:
  WrongConditionVariable() : Worker([this] { run(); }) {}
  ~WrongConditionVariable() {
    stop();
    Worker.join();
  }

private:
  void stop() {
    std::lock_guard<std::mutex> Lock(Mutex);
    Count = -1;
    Other.notify_all();
  }
  void run() {
    std::unique_lock<std::mutex> Lock(Mutex);
    while (Count >= 0)
      Changed.wait(Lock);
      // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'std::condition_variable::wait' can block this thread forever
  }
  std::mutex Mutex;
  std::condition_variable Changed, Other;
  int Count = 0;
  std::thread Worker;
};

// --- An integer close flag, the join one call away -------------------------

// queue_close() sets the int flag the loop tests and broadcasts; main()
// joins through a helper, so main() is the shutdown path.
struct CQueue {
  pthread_mutex_t Mu;
  pthread_cond_t Cv;
  int Count;
  int Closed;
};

void *cQueueConsumer(void *Arg) {
  CQueue *Q = static_cast<CQueue *>(Arg);
  pthread_mutex_lock(&Q->Mu);
  while (Q->Count == 0 && !Q->Closed)
    pthread_cond_wait(&Q->Cv, &Q->Mu);
  pthread_mutex_unlock(&Q->Mu);
  return nullptr;
}

void cQueueClose(CQueue *Q) {
  pthread_mutex_lock(&Q->Mu);
  Q->Closed = 1;
  pthread_cond_broadcast(&Q->Cv);
  pthread_mutex_unlock(&Q->Mu);
}

pthread_t CQueueThread;
void cQueueJoin() { pthread_join(CQueueThread, nullptr); }

void runCQueue() {
  CQueue Q = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};
  pthread_create(&CQueueThread, nullptr, cQueueConsumer, &Q);
  cQueueClose(&Q);
  cQueueJoin();
}

// The same queue whose shutdown broadcasts without closing: the loop goes
// back to waiting.
struct CQueueNoClose {
  pthread_mutex_t Mu;
  pthread_cond_t Cv;
  int Count;
};

void *cQueueNoCloseConsumer(void *Arg) {
  CQueueNoClose *Q = static_cast<CQueueNoClose *>(Arg);
  pthread_mutex_lock(&Q->Mu);
  while (Q->Count == 0)
    pthread_cond_wait(&Q->Cv, &Q->Mu);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'pthread_cond_wait' can block this thread forever
  pthread_mutex_unlock(&Q->Mu);
  return nullptr;
}

void cQueueNoCloseWake(CQueueNoClose *Q) {
  pthread_mutex_lock(&Q->Mu);
  pthread_cond_broadcast(&Q->Cv);
  pthread_mutex_unlock(&Q->Mu);
}

pthread_t CQueueNoCloseThread;
void cQueueNoCloseJoin() { pthread_join(CQueueNoCloseThread, nullptr); }

void runCQueueNoClose() {
  CQueueNoClose Q = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0};
  pthread_create(&CQueueNoCloseThread, nullptr, cQueueNoCloseConsumer, &Q);
  cQueueNoCloseWake(&Q);
  cQueueNoCloseJoin();
}

// A producer that pushes two items and then calls a function that joins is
// no shutdown path for the wait: the third item never comes.
class ThreeItemSink {
public:
  void launch() { Runner = std::thread([this] { consume(); }); }
  void finish() { Runner.join(); }
  void push(int V) {
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      Items.push_back(V);
    }
    Ready.notify_one();
  }

private:
  void consume() {
    for (int Seen = 0; Seen < 3; ++Seen) {
      std::unique_lock<std::mutex> Lock(Mutex);
      Ready.wait(Lock, [this] { return !Items.empty(); });
      // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'std::condition_variable::wait' can block this thread forever
      Items.pop_front();
    }
  }
  std::mutex Mutex;
  std::condition_variable Ready;
  std::deque<int> Items;
  std::thread Runner;
};

void runThreeItemSink() {
  ThreeItemSink Sink;
  Sink.launch();
  Sink.push(1);
  Sink.push(2);
  Sink.finish();
}

// --- A semaphore posted until the workers leave ---------------------------

class SemaphoreWorkers {
public:
  SemaphoreWorkers() {
    for (int I = 0; I < 2; ++I)
      Workers.emplace_back([this] { run(); });
  }
  ~SemaphoreWorkers() {
    Stopping = 2;
    Work.release(2);
    for (std::thread &T : Workers)
      T.join();
  }

private:
  void run() {
    for (;;) {
      Work.acquire();
      if (Stopping > 0)
        break;
    }
  }
  std::counting_semaphore<16> Work{0};
  int Stopping = 0;
  std::vector<std::thread> Workers;
};

// The destructor sets the flag the worker tests but releases nothing.
class SemaphoreNeverReleased {
public:
  SemaphoreNeverReleased() {
    for (int I = 0; I < 2; ++I)
      Workers.emplace_back([this] { run(); });
  }
  ~SemaphoreNeverReleased() {
    Stopping = 2;
    for (std::thread &T : Workers)
      T.join();
  }
  void post() { Work.release(); }

private:
  void run() {
    for (;;) {
      Work.acquire();
      // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'std::counting_semaphore::acquire' can block this thread forever
      if (Stopping > 0)
        break;
    }
  }
  std::counting_semaphore<16> Work{0};
  int Stopping = 0;
  std::vector<std::thread> Workers;
};

// --- A semaphore used as a lock -------------------------------------------

std::counting_semaphore<1> Token{1};
int Shared = 0;

void lockedStep() {
  std::thread T([] {
    Token.acquire();
    ++Shared;
    Token.release();
  });
  T.join();
}

// A hand-written semaphore, taken and given back around each step of the
// worker: a lock.
class CountingSemaphore {
public:
  explicit CountingSemaphore(int Initial) : Value(Initial) {}
  void wait() {
    std::unique_lock<std::mutex> Lock(Mutex);
    Changed.wait(Lock, [this] { return Value > 0; });
    --Value;
  }
  void post() {
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      ++Value;
    }
    Changed.notify_one();
  }

private:
  std::mutex Mutex;
  std::condition_variable Changed;
  int Value;
};

class Crawler {
public:
  Crawler() : Connections(1), Worker([this] { crawl(); }) {}
  ~Crawler() {
    Stop = true;
    Worker.join();
  }

private:
  void crawl() {
    while (!Stop) {
      Connections.wait();
      ++Fetched;
      Connections.post();
    }
  }
  CountingSemaphore Connections;
  std::atomic<bool> Stop{false};
  long Fetched = 0;
  std::thread Worker;
};

// The same semaphore as a channel: the worker only takes, and nothing posts
// at shutdown.
class Flusher {
public:
  Flusher() : Dirty(0), Worker([this] { flush(); }) {}
  ~Flusher() {
    Stop = true;
    Worker.join();
  }
  void markDirty() { Dirty.post(); }

private:
  void flush() {
    while (!Stop) {
      Dirty.wait();
      // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: call to 'CountingSemaphore::wait' can block this thread forever
      ++Flushes;
    }
  }
  CountingSemaphore Dirty;
  std::atomic<bool> Stop{false};
  long Flushes = 0;
  std::thread Worker;
};

// --- A stop_callback that notifies the condition variable -----------------

void stopCallbackNotifies(std::stop_token Stop) {
  std::mutex Mutex;
  std::condition_variable Changed;
  bool Done = false;
  std::jthread T([&] {
    std::unique_lock<std::mutex> Lock(Mutex);
    while (!Done)
      Changed.wait(Lock);
  });
  std::stop_callback Wake(Stop, [&] { Changed.notify_all(); });
}

// --- A condition variable received by pointer -----------------------------

struct Handshake {
  std::mutex Mutex;
  std::condition_variable *Changed = nullptr;
  int State = 0;
  void await() {
    std::unique_lock<std::mutex> Lock(Mutex);
    while (State == 0)
      Changed->wait(Lock);
  }
};

void handshake(Handshake &H, std::condition_variable &Owner) {
  H.Changed = &Owner;
  std::thread T([&H] { H.await(); });
  {
    std::lock_guard<std::mutex> Lock(H.Mutex);
    H.State = 1;
  }
  Owner.notify_all();
  T.join();
}

// --- Virtual calls and std::function members are followed ----------------

struct Source {
  virtual ~Source() = default;
  virtual int next() = 0;
};

struct BlockingSource : Source {
  std::mutex Mutex;
  std::condition_variable Changed;
  std::deque<int> Items;
  int next() override {
    std::unique_lock<std::mutex> Lock(Mutex);
    Changed.wait(Lock, [this] { return !Items.empty(); });
    int V = Items.front();
    Items.pop_front();
    return V;
  }
};

void drain(Source &S) {
  std::thread T([&S] {
    while (S.next() >= 0) {
    }
    // CHECK-MESSAGES: :[[@LINE-2]]:14: warning: call to 'BlockingSource::next' can block this thread forever
  });
  T.join();
}

struct Stage {
  std::mutex Mutex;
  std::condition_variable Changed;
  int Inputs = 0;
  std::function<void()> Step;
  void waitForInput() {
    std::unique_lock<std::mutex> Lock(Mutex);
    Changed.wait(Lock, [this] { return Inputs > 0; });
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'std::condition_variable::wait' can block this thread forever
  }
  Stage() { Step = [this] { waitForInput(); }; }
};

void runStage(Stage &S) {
  std::thread T([&S] { S.Step(); });
  T.join();
}
