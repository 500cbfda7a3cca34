// RUN: %check_clang_tidy -std=c++17-or-later -fix-notes %s threadleak-blocking-wait-without-deadline %t

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <future>
#include <mqueue.h>
#include <mutex>
#include <pthread.h>
#include <semaphore.h>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

// --- A plain condition variable and queue ----------------------------------

std::mutex M;
std::condition_variable CV;
std::deque<int> Queue;
std::atomic<bool> Stop{false};

void shutdown() {
  Stop = true;
  CV.notify_all();
}

void dataOnlyPredicate() {
  std::thread T([] {
    std::unique_lock<std::mutex> Lock(M);
    CV.wait(Lock, [] { return !Queue.empty(); });
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'std::condition_variable::wait' can block this thread forever: it has no deadline and nothing wakes it for shutdown [threadleak-blocking-wait-without-deadline]
    // CHECK-FIXES: if (!CV.wait_for(Lock, std::chrono::seconds(30), [] { return !Queue.empty(); })) return;
    Queue.pop_front();
  });
  T.join();
}

void predicateWithStopFlag() {
  std::thread T([] {
    std::unique_lock<std::mutex> Lock(M);
    CV.wait(Lock, [] { return Stop || !Queue.empty(); });
    if (Stop)
      return;
    Queue.pop_front();
  });
  T.join();
}

void timedWait() {
  std::thread T([] {
    std::unique_lock<std::mutex> Lock(M);
    if (CV.wait_for(Lock, 1s, [] { return !Queue.empty(); }))
      Queue.pop_front();
  });
  T.join();
}

void loopWithoutPredicate() {
  std::thread T([] {
    std::unique_lock<std::mutex> Lock(M);
    while (Queue.empty())
      CV.wait(Lock);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'std::condition_variable::wait' can block this thread forever
    Queue.pop_front();
  });
  T.join();
}

void loopConditionReadsStop() {
  std::thread T([] {
    std::unique_lock<std::mutex> Lock(M);
    while (Queue.empty() && !Stop)
      CV.wait(Lock);
    if (!Queue.empty())
      Queue.pop_front();
  });
  T.join();
}

// The outer loop checks the flag, but the inner wait never sees it: a stop
// request that arrives while the queue is empty is lost.
void stopCheckedOutsideTheWait() {
  std::thread T([] {
    while (!Stop) {
      std::unique_lock<std::mutex> Lock(M);
      while (Queue.empty())
        CV.wait(Lock);
      // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'std::condition_variable::wait' can block this thread forever
      Queue.pop_front();
    }
  });
  T.join();
}

// Waits outside threads are not this check's business by default.
void notInAThread() {
  std::unique_lock<std::mutex> Lock(M);
  CV.wait(Lock, [] { return !Queue.empty(); });
}

// --- A flag nothing can write ------------------------------------------------

// A private flag no code of the class writes, and the class has no code
// elsewhere: the predicate can never become true.
class UnsetReady {
public:
  UnsetReady() : T([this] { run(); }) {}
  ~UnsetReady() { T.join(); }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(Mutex);
    Cv.wait(Lock, [this] { return Ready; });
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'std::condition_variable::wait' can block this thread forever
  }
  std::mutex Mutex;
  std::condition_variable Cv;
  bool Ready = false;
  std::thread T;
};

// The same flag set by a method of the class.
class SetReady {
public:
  SetReady() : T([this] { run(); }) {}
  ~SetReady() { T.join(); }
  void markReady() {
    std::lock_guard<std::mutex> Lock(Mutex);
    Ready = true;
    Cv.notify_all();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(Mutex);
    Cv.wait(Lock, [this] { return Ready; });
  }
  std::mutex Mutex;
  std::condition_variable Cv;
  bool Ready = false;
  std::thread T;
};

// A method defined in another file may set it.
class ReadyElsewhere {
public:
  ReadyElsewhere() : T([this] { run(); }) {}
  ~ReadyElsewhere() { T.join(); }
  void markReady();

private:
  void run() {
    std::unique_lock<std::mutex> Lock(Mutex);
    Cv.wait(Lock, [this] { return Ready; });
  }
  std::mutex Mutex;
  std::condition_variable Cv;
  bool Ready = false;
  std::thread T;
};

// --- Hand-written channels --------------------------------------------------

template <typename T> class Channel {
public:
  void send(T V) {
    std::lock_guard<std::mutex> Lock(Mutex);
    Items.push_back(V);
    Ready.notify_one();
  }
  T recv() {
    std::unique_lock<std::mutex> Lock(Mutex);
    Ready.wait(Lock, [this] { return !Items.empty(); });
    T V = Items.front();
    Items.pop_front();
    return V;
  }

private:
  std::mutex Mutex;
  std::condition_variable Ready;
  std::deque<T> Items;
};

template <typename T> class ClosableChannel {
public:
  void send(T V) {
    std::lock_guard<std::mutex> Lock(Mutex);
    Items.push_back(V);
    Ready.notify_one();
  }
  void close() {
    std::lock_guard<std::mutex> Lock(Mutex);
    Closed = true;
    Ready.notify_all();
  }
  bool recv(T &Out) {
    std::unique_lock<std::mutex> Lock(Mutex);
    Ready.wait(Lock, [this] { return Closed || !Items.empty(); });
    if (Items.empty())
      return false;
    Out = Items.front();
    Items.pop_front();
    return true;
  }

private:
  std::mutex Mutex;
  std::condition_variable Ready;
  std::deque<T> Items;
  bool Closed = false;
};

void channelWithoutClose(Channel<int> &Ch) {
  std::thread T([&Ch] {
    for (;;) {
      int V = Ch.recv();
      // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: call to 'Channel::recv' can block this thread forever: it waits with no deadline and nothing wakes it for shutdown [threadleak-blocking-wait-without-deadline]
      if (V < 0)
        break;
    }
  });
  T.join();
}

void channelWithClose(ClosableChannel<int> &Ch) {
  std::thread T([&Ch] {
    int V;
    while (Ch.recv(V))
      (void)V;
  });
  T.join();
}

// --- A blocking queue behind a worker object ---------------------------------

class BlockingQueue {
public:
  void push(int V) {
    std::lock_guard<std::mutex> Lock(Mutex);
    Items.push_back(V);
    NotEmpty.notify_one();
  }
  int pop() {
    std::unique_lock<std::mutex> Lock(Mutex);
    NotEmpty.wait(Lock, [this] { return !Items.empty(); });
    int V = Items.front();
    Items.pop_front();
    return V;
  }

private:
  std::mutex Mutex;
  std::condition_variable NotEmpty;
  std::deque<int> Items;
};

class ShutdownQueue {
public:
  void shutdown() {
    std::lock_guard<std::mutex> Lock(Mutex);
    ShuttingDown = true;
    NotEmpty.notify_all();
  }
  bool pop(int &Out) {
    std::unique_lock<std::mutex> Lock(Mutex);
    NotEmpty.wait(Lock, [this] { return ShuttingDown || !Items.empty(); });
    if (ShuttingDown)
      return false;
    Out = Items.front();
    Items.pop_front();
    return true;
  }

private:
  std::mutex Mutex;
  std::condition_variable NotEmpty;
  std::deque<int> Items;
  bool ShuttingDown = false;
};

struct Worker {
  BlockingQueue &Jobs;
  void handle(int Job) { (void)Job; }
  void run() {
    while (true)
      handle(Jobs.pop());
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: call to 'BlockingQueue::pop' can block this thread forever
  }
};

struct StoppableWorker {
  ShutdownQueue &Jobs;
  void run() {
    int Job;
    while (Jobs.pop(Job))
      (void)Job;
  }
};

void workerThroughMemberFunction(BlockingQueue &Jobs) {
  Worker W{Jobs};
  // Worker::run is the thread body: reported at its call to pop.
  std::thread T(&Worker::run, &W);
  T.join();
}

// Reached through Worker::run: reported once, at run's call to pop.
void workerInLambda(BlockingQueue &Jobs) {
  Worker W{Jobs};
  std::thread T([&W] { W.run(); });
  T.join();
}

void stoppableWorker(ShutdownQueue &Jobs) {
  StoppableWorker W{Jobs};
  std::thread T([&W] { W.run(); });
  T.join();
}

// --- Thread pools -----------------------------------------------------------

// The stop flag is only read after the wait returns, and the predicate never
// looks at it: notify_all at shutdown wakes nobody for good (lost wakeup).
class LostWakeupPool {
public:
  LostWakeupPool() {
    for (int I = 0; I < 4; ++I)
      Threads.emplace_back([this] { loop(); });
  }
  ~LostWakeupPool() {
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      Stopping = true;
    }
    Wake.notify_all();
    for (std::thread &T : Threads)
      T.join();
  }

private:
  void loop() {
    for (;;) {
      std::unique_lock<std::mutex> Lock(Mutex);
      Wake.wait(Lock, [this] { return !Tasks.empty(); });
      // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'std::condition_variable::wait' can block this thread forever
      if (Stopping)
        return;
      std::function<void()> Task = std::move(Tasks.front());
      Tasks.pop_front();
      Lock.unlock();
      Task();
    }
  }

  std::mutex Mutex;
  std::condition_variable Wake;
  std::deque<std::function<void()>> Tasks;
  std::vector<std::thread> Threads;
  bool Stopping = false;
};

class Pool {
public:
  Pool() {
    for (int I = 0; I < 4; ++I)
      Threads.emplace_back([this] { loop(); });
  }
  ~Pool() {
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      Stopping = true;
    }
    Wake.notify_all();
    for (std::thread &T : Threads)
      T.join();
  }

private:
  void loop() {
    for (;;) {
      std::unique_lock<std::mutex> Lock(Mutex);
      Wake.wait(Lock, [this] { return Stopping || !Tasks.empty(); });
      if (Stopping && Tasks.empty())
        return;
      std::function<void()> Task = std::move(Tasks.front());
      Tasks.pop_front();
      Lock.unlock();
      Task();
    }
  }

  std::mutex Mutex;
  std::condition_variable Wake;
  std::deque<std::function<void()>> Tasks;
  std::vector<std::thread> Threads;
  bool Stopping = false;
};

// --- Futures ----------------------------------------------------------------

// Request/response: the owner sets the promise the thread waits on.
void futureFromPromise() {
  std::promise<int> P;
  std::future<int> F = P.get_future();
  std::thread T([&F] {
    int V = F.get();
    (void)V;
  });
  P.set_value(1);
  T.join();
}

// The owner keeps the promise alive and never sets it: nothing wakes the
// thread, and the join hangs.
void futureFromPromiseNeverSet() {
  std::promise<int> P;
  std::future<int> F = P.get_future();
  std::thread T([&F] {
    int V = F.get();
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'std::future::get' can block this thread forever
    (void)V;
  });
  T.join();
}

// The promise is moved into the task that sets it.
void futureFromMovedPromise() {
  std::promise<int> P;
  std::future<int> F = P.get_future();
  std::thread Producer([Q = std::move(P)]() mutable { Q.set_value(1); });
  std::thread T([&F] { (void)F.get(); });
  Producer.join();
  T.join();
}

// A promise shared through a std::shared_ptr, its future taken through it:
// the producer sets it.
void futureFromSharedPromise() {
  auto P = std::make_shared<std::promise<int>>();
  std::thread Producer([P] { P->set_value(1); });
  std::thread Consumer([P] {
    std::future<int> F = P->get_future();
    (void)F.get();
  });
  Producer.join();
  Consumer.join();
}

// The same shared promise, which nothing sets.
struct SharedPromiseHolder {
  std::shared_ptr<std::promise<int>> P = std::make_shared<std::promise<int>>();
  std::thread T{[this] {
    std::future<int> F = P->get_future();
    (void)F.get();
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'std::future::get' can block this thread forever
  }};
  ~SharedPromiseHolder() { T.join(); }
};

// The future comes from a function that returns the promise's future; the
// owner sets the promise.
std::promise<int> Subscription;
std::future<int> subscribe() { return Subscription.get_future(); }

void futureFromGetter() {
  std::thread T([] { (void)subscribe().get(); });
  Subscription.set_value(1);
  T.join();
}

// The same getter over a promise that nothing sets.
std::promise<int> Abandoned;
std::future<int> subscribeAbandoned() { return Abandoned.get_future(); }

void futureFromGetterNeverSet() {
  std::future<int> F = subscribeAbandoned();
  std::thread T([&F] {
    (void)F.get();
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'std::future::get' can block this thread forever
  });
  T.join();
}

// Request/response through a map of promises: the response sets the
// element, or an exception on it.
class RpcClient {
public:
  std::future<int> call(int Id) {
    std::lock_guard<std::mutex> Lock(Mutex);
    return Pending[Id].get_future();
  }
  void onResponse(int Id, int Body) {
    std::lock_guard<std::mutex> Lock(Mutex);
    auto It = Pending.find(Id);
    if (Body < 0)
      It->second.set_exception(std::make_exception_ptr(Body));
    else
      It->second.set_value(Body);
    Pending.erase(It);
  }

private:
  std::mutex Mutex;
  std::map<int, std::promise<int>> Pending;
};

void futureFromPromiseMap(RpcClient &Client) {
  std::future<int> F = Client.call(7);
  std::thread T([&F] { (void)F.get(); });
  Client.onResponse(7, 1);
  T.join();
}

// A vector of promises that nothing ever sets.
class Barrier {
public:
  std::future<void> arrive() {
    Waiters.emplace_back();
    return Waiters.back().get_future();
  }

private:
  std::vector<std::promise<void>> Waiters;
};

void futureFromUnsetPromiseVector(Barrier &B) {
  std::thread T([&B] {
    B.arrive().wait();
    // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'std::future::wait' can block this thread forever
  });
  T.join();
}

void futureWaitedWithDeadline() {
  std::promise<int> P;
  std::future<int> F = P.get_future();
  std::thread T([&F] {
    if (F.wait_for(1s) == std::future_status::ready)
      (void)F.get();
  });
  P.set_value(1);
  T.join();
}

void sharedFutureWait(std::shared_future<void> Ready) {
  std::thread T([Ready] {
    Ready.wait();
    // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'std::shared_future::wait' can block this thread forever
  });
  T.join();
}

void sharedFutureWaitedWithDeadline(std::shared_future<void> Ready) {
  std::thread T([Ready] {
    while (Ready.wait_for(100ms) != std::future_status::ready) {
    }
    Ready.wait();
  });
  T.join();
}

// The task of std::async always completes its future, unless it never ends.
void futureOfFinishingTask() {
  std::thread T([] {
    std::future<int> F = std::async(std::launch::async, [] { return 42; });
    (void)F.get();
  });
  T.join();
}

// --- POSIX --------------------------------------------------------------------

pthread_mutex_t PMutex = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t PCond = PTHREAD_COND_INITIALIZER;
int Pending = 0;
bool ShuttingDown = false;
sem_t Sem;

void *posixConsumer(void *) {
  pthread_mutex_lock(&PMutex);
  while (Pending == 0)
    pthread_cond_wait(&PCond, &PMutex);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'pthread_cond_wait' can block this thread forever
  --Pending;
  pthread_mutex_unlock(&PMutex);
  return nullptr;
}

void *posixStoppableConsumer(void *) {
  pthread_mutex_lock(&PMutex);
  while (Pending == 0 && !ShuttingDown)
    pthread_cond_wait(&PCond, &PMutex);
  if (Pending > 0)
    --Pending;
  pthread_mutex_unlock(&PMutex);
  return nullptr;
}

void *semaphoreConsumer(void *) {
  sem_wait(&Sem);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sem_wait' can block this thread forever
  return nullptr;
}

void *timedSemaphoreConsumer(void *) {
  timespec Deadline{};
  clock_gettime(CLOCK_REALTIME, &Deadline);
  Deadline.tv_sec += 5;
  sem_timedwait(&Sem, &Deadline);
  return nullptr;
}

void *queueReader(void *Arg) {
  char Buffer[64];
  mq_receive(*static_cast<mqd_t *>(Arg), Buffer, sizeof(Buffer), nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'mq_receive' can block this thread forever
  return nullptr;
}

void *timedQueueReader(void *Arg) {
  char Buffer[64];
  timespec Deadline{};
  clock_gettime(CLOCK_REALTIME, &Deadline);
  Deadline.tv_sec += 5;
  mq_timedreceive(*static_cast<mqd_t *>(Arg), Buffer, sizeof(Buffer), nullptr,
                  &Deadline);
  return nullptr;
}

void startPosixThreads(mqd_t *Q) {
  pthread_t Threads[6];
  pthread_create(&Threads[0], nullptr, posixConsumer, nullptr);
  pthread_create(&Threads[1], nullptr, posixStoppableConsumer, nullptr);
  pthread_create(&Threads[2], nullptr, semaphoreConsumer, nullptr);
  pthread_create(&Threads[3], nullptr, timedSemaphoreConsumer, nullptr);
  pthread_create(&Threads[4], nullptr, queueReader, Q);
  pthread_create(&Threads[5], nullptr, timedQueueReader, Q);
  for (pthread_t T : Threads)
    pthread_join(T, nullptr);
}

// --- Waits in callees ---------------------------------------------------------

void waitForJob() {
  std::unique_lock<std::mutex> Lock(M);
  CV.wait(Lock, [] { return !Queue.empty(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'std::condition_variable::wait' can block this thread forever
}

bool waitForJobOrTimeout() {
  std::unique_lock<std::mutex> Lock(M);
  return CV.wait_for(Lock, 1s, [] { return !Queue.empty(); });
}

void waitForJobOrStop() {
  std::unique_lock<std::mutex> Lock(M);
  CV.wait(Lock, [] { return Stop.load() || !Queue.empty(); });
}

void helper() { waitForJob(); }

void callees() {
  std::thread A([] { waitForJob(); });
  std::thread B([] { (void)waitForJobOrTimeout(); });
  std::thread C([] { waitForJobOrStop(); });
  // Reached through helper: reported at helper's call to the function
  // that waits.
  std::thread D([] { helper(); });
  A.join();
  B.join();
  C.join();
  D.join();
}

// A function body started by two threads is reported once.
void consumer() {
  std::unique_lock<std::mutex> Lock(M);
  CV.wait(Lock, [] { return !Queue.empty(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'std::condition_variable::wait' can block this thread forever
  // CHECK-FIXES: if (!CV.wait_for(Lock, std::chrono::seconds(30), [] { return !Queue.empty(); })) return;
}

void twoConsumers() {
  std::thread A(consumer);
  std::thread B(consumer);
  A.join();
  B.join();
}

// std::async runs a thread body too.
void asyncConsumer() {
  auto F = std::async(std::launch::async, [] {
    std::unique_lock<std::mutex> Lock(M);
    CV.wait(Lock, [] { return !Queue.empty(); });
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'std::condition_variable::wait' can block this thread forever
  });
  shutdown();
}

void suppressed() {
  std::thread T([] {
    std::unique_lock<std::mutex> Lock(M);
    CV.wait(Lock, [] { return !Queue.empty(); }); // NOLINT(threadleak-blocking-wait-without-deadline)
  });
  T.join();
}

int main() {
  std::unique_lock<std::mutex> Lock(M);
  CV.wait(Lock, [] { return !Queue.empty(); });
  std::promise<int> P;
  return P.get_future().get();
}
