// RUN: %check_clang_tidy -std=c++17-or-later %s threadleak-unbounded-thread-creation %t -- -config="{CheckOptions: {threadleak-unbounded-thread-creation.ThreadLaunchers: 'startDetached;ThreadPool::submit', threadleak-unbounded-thread-creation.BlockingFunctions: 'Mailbox::next'}}"
// RUN: %check_clang_tidy -std=c++17 -check-suffixes=,FIXED %s threadleak-unbounded-thread-creation %t -- -config="{CheckOptions: {threadleak-unbounded-thread-creation.ThreadLaunchers: 'startDetached;ThreadPool::submit', threadleak-unbounded-thread-creation.BlockingFunctions: 'Mailbox::next', ReportFixedThreadCounts: true}}"

// The FIXED lines: a number of threads the program fixes, reported only
// with ReportFixedThreadCounts (see unbounded-thread-creation-fixed-counts.cpp).

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <list>
#include <mutex>
#include <poll.h>
#include <pthread.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace std::chrono_literals;

void handle(int Fd);
void idle();
void work(int I);
void fetch(const std::string &Url);
void *routine(void *Arg);
std::atomic<bool> Running{true};

// ===== Accept, receive, poll and queue-pop loops ===========================

void acceptLoop(int Sock) {
  while (true) {
    int Fd = accept(Sock, nullptr, nullptr);
    std::thread(handle, Fd).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread started once per accepted connection with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    // CHECK-MESSAGES: :[[@LINE-4]]:3: note: in this accept loop
  }
}

class Server {
public:
  void listen() {
    while (Running) {
      int Fd = ::accept(Sock, nullptr, nullptr);
      if (Fd < 0)
        continue;
      std::thread T(&Server::serve, this, Fd);
      // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: thread started once per accepted connection with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
      // CHECK-MESSAGES: :[[@LINE-6]]:5: note: in this accept loop
      T.detach();
    }
  }
  void serve(int Fd);

private:
  int Sock = -1;
};

void receiveLoop(int Sock) {
  char Buf[512];
  for (;;) {
    ssize_t N = recv(Sock, Buf, sizeof Buf, 0);
    if (N <= 0)
      break;
    pthread_t Tid;
    pthread_create(&Tid, nullptr, routine, nullptr);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread started once per message received with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    // CHECK-MESSAGES: :[[@LINE-7]]:3: note: in this receive loop
    pthread_detach(Tid);
  }
}

void pollLoop(pollfd *Fds, int N) {
  while (Running.load()) {
    if (poll(Fds, N, -1) <= 0)
      continue;
    std::thread([Fds] { handle(Fds[0].fd); }).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread started once per polled event with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    // CHECK-MESSAGES: :[[@LINE-5]]:3: note: in this poll loop
  }
}

struct Job {
  int Id;
};
class JobQueue {
public:
  Job pop() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return !Jobs.empty(); });
    Job J = Jobs.front();
    Jobs.pop_front();
    return J;
  }

private:
  std::mutex M;
  std::condition_variable Cv;
  std::deque<Job> Jobs;
};
JobQueue Queue;

void dispatchJobs() {
  while (true) {
    Job J = Queue.pop();
    std::thread([J] { work(J.Id); }).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread started once per item popped from 'Queue' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    // CHECK-MESSAGES: :[[@LINE-4]]:3: note: in this loop popping from 'Queue'
  }
}

struct Mailbox {
  int next();
};
void mailboxLoop(Mailbox &Box) {
  while (true) {
    int Message = Box.next();
    std::thread(work, Message).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread started once per item popped from 'Box' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    // CHECK-MESSAGES: :[[@LINE-4]]:3: note: in this loop popping from 'Box'
  }
}

// A launch inside a lambda's own loop.
void lambdaServer(int Sock) {
  auto Serve = [Sock] {
    while (true) {
      int Fd = accept(Sock, nullptr, nullptr);
      std::thread([Fd] { handle(Fd); }).detach();
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: thread started once per accepted connection with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
      // CHECK-MESSAGES: :[[@LINE-4]]:5: note: in this accept loop
    }
  };
  Serve();
}

// ===== Through functions the loop calls ====================================

void spawnHandler(int Fd) { std::thread(handle, Fd).detach(); }

void acceptThroughCallee(int Sock) {
  while (true) {
    int Fd = accept(Sock, nullptr, nullptr);
    spawnHandler(Fd);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'spawnHandler' starts a thread once per accepted connection with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    // CHECK-MESSAGES: :[[@LINE-4]]:3: note: in this accept loop
    // CHECK-MESSAGES: :[[@LINE-8]]:29: note: 'spawnHandler' starts the thread here and does not wait for it
  }
}

void route(int Fd) {
  if (Fd > 2)
    spawnHandler(Fd);
}

void acceptThroughTwoCalls(int Sock) {
  for (;;)
    route(accept(Sock, nullptr, nullptr));
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'route' starts a thread once per accepted connection with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: in this accept loop
    // CHECK-MESSAGES: :[[@LINE-22]]:29: note: 'route' starts the thread here and does not wait for it
}

std::vector<std::thread> Background;
void startBackground(int I) { Background.emplace_back(work, I); }

void elementsThroughCallee(const std::vector<int> &Ids) {
  for (int Id : Ids)
    startBackground(Id);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'startBackground' starts a thread once per element of 'Ids' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: in this loop over 'Ids'
    // CHECK-MESSAGES: :[[@LINE-7]]:42: note: 'startBackground' starts the thread here and does not wait for it
}

// ===== Loops over runtime-sized input ======================================

void fetchAll(const std::vector<std::string> &Urls) {
  std::vector<std::thread> Threads;
  for (const auto &Url : Urls)
    Threads.emplace_back(fetch, Url);
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: thread started once per element of 'Urls' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: in this loop over 'Urls'
  for (auto &T : Threads)
    T.join();
}

void countedFromParameter(int N) {
  std::vector<std::future<void>> Futures;
  for (int I = 0; I < N; ++I)
    Futures.push_back(std::async(std::launch::async, [I] { work(I); }));
    // CHECK-MESSAGES-FIXED: :[[@LINE-1]]:23: warning: thread started once per iteration up to 'N' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    // CHECK-MESSAGES-FIXED: :[[@LINE-3]]:3: note: in this loop up to 'N'
}

void countedFromSize(const std::vector<int> &Items) {
  std::vector<std::thread> Threads;
  for (size_t I = 0; I < Items.size(); ++I)
    Threads.push_back(std::thread(work, Items[I]));
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: thread started once per element of 'Items' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: in this loop over 'Items'
  for (auto &T : Threads)
    T.join();
}

void iteratorLoop(const std::list<int> &Items) {
  for (auto It = Items.begin(); It != Items.end(); ++It)
    std::thread(work, *It).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread started once per element of 'Items' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: in this loop over 'Items'
}

void movedIntoContainer(const std::vector<std::string> &Urls) {
  std::vector<std::thread> Threads;
  for (const std::string &Url : Urls) {
    std::thread T(fetch, Url);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: thread started once per element of 'Urls' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: in this loop over 'Urls'
    Threads.push_back(std::move(T));
  }
  for (auto &T : Threads)
    T.join();
}

template <typename Container> void forEachParallel(const Container &Items) {
  for (const auto &Item : Items)
    std::thread(work, Item).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread started once per element of 'Items' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: in this loop over 'Items'
}
template void forEachParallel(const std::vector<int> &);

class Crawler {
public:
  void add(std::string Link) { Links.push_back(std::move(Link)); }
  void crawl() {
    for (const std::string &Link : Links)
      Pending.emplace_back([this, Link] { fetch(Link); });
      // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread started once per element of 'Links' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
      // CHECK-MESSAGES: :[[@LINE-3]]:5: note: in this loop over 'Links'
  }

private:
  std::vector<std::string> Links;
  std::vector<std::thread> Pending;
};

// Nested loops: the inner loop is bounded, the outer one is not.
void nestedRuntimeOuter(const std::vector<std::vector<int>> &Groups) {
  std::vector<std::thread> Threads;
  for (const auto &Group : Groups)
    for (int I = 0; I < 4; ++I)
      Threads.emplace_back(work, Group[I]);
      // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread started once per element of 'Groups' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
      // CHECK-MESSAGES: :[[@LINE-4]]:3: note: in this loop over 'Groups'
  for (auto &T : Threads)
    T.join();
}

// A loop that runs until a flag changes, and an endless one.
void untilStopped(std::atomic<bool> &Stop) {
  while (!Stop)
    std::thread(idle).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread started once per iteration of a loop that runs until 'Stop' changes with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: in this loop on 'Stop'
}
void tick() {
  while (true) {
    std::thread(idle).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread started once per iteration of an endless loop with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: in this endless loop
    std::this_thread::sleep_for(1s);
  }
}

// A constant trip count above MaxThreadsPerLoop, with the option.
void hundredThreads() {
  for (int I = 0; I < 100; ++I)
    std::thread(work, I).detach();
    // CHECK-MESSAGES-FIXED: :[[@LINE-1]]:5: warning: thread started 100 times by this loop, more than MaxThreadsPerLoop (16), with nothing bounding how many run at once [threadleak-unbounded-thread-creation]
    // CHECK-MESSAGES-FIXED: :[[@LINE-3]]:3: note: in this loop
}
template <int N> void spawnN() {
  for (int I = 0; I < N; ++I)
    std::thread(work, I).detach();
    // CHECK-MESSAGES-FIXED: :[[@LINE-1]]:5: warning: thread started 64 times by this loop, more than MaxThreadsPerLoop (16), with nothing bounding how many run at once [threadleak-unbounded-thread-creation]
    // CHECK-MESSAGES-FIXED: :[[@LINE-3]]:3: note: in this loop
}
template void spawnN<64>();

// A launcher from the ThreadLaunchers option.
void startDetached(std::function<void()> F);
void userLauncher(const std::vector<int> &Ids) {
  for (int Id : Ids)
    startDetached([Id] { work(Id); });
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread started once per element of 'Ids' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: in this loop over 'Ids'
}

// NOLINT silences the warning.
void silenced(const std::vector<int> &Ids) {
  for (int Id : Ids)
    std::thread(work, Id).detach(); // NOLINT(threadleak-unbounded-thread-creation)
}

// ===== Bounded: not reported ===============================================

void constantSmall() {
  std::vector<std::thread> Threads;
  for (int I = 0; I < 4; ++I)
    Threads.emplace_back(work, I);
  for (auto &T : Threads)
    T.join();
}

void stdArray(const std::array<int, 8> &Shards) {
  for (int Shard : Shards)
    std::thread(work, Shard).detach();
}

void bracedList() {
  for (int X : {1, 2, 3})
    std::thread(work, X).detach();
}

void hardwareConcurrency() {
  std::vector<std::thread> Threads;
  for (unsigned I = 0; I < std::thread::hardware_concurrency(); ++I)
    Threads.emplace_back(work, I);
  for (auto &T : Threads)
    T.join();
}

void minWithHardwareConcurrency(const std::vector<int> &Items) {
  const size_t N = std::min<size_t>(Items.size(),
                                    std::thread::hardware_concurrency());
  std::vector<std::thread> Threads;
  for (size_t I = 0; I < N; ++I)
    Threads.emplace_back(work, Items[I]);
  for (auto &T : Threads)
    T.join();
}

struct Sharded {
  static constexpr int kShards = 8;
  const int Slots = 4;
  std::vector<std::thread> Threads;
  void start() {
    for (int I = 0; I < kShards; ++I)
      Threads.emplace_back(work, I);
    for (int I = 0; I < Slots; ++I)
      Threads.emplace_back(work, I);
  }
};

template <int N> void spawnBatch() {
  for (int I = 0; I < N; ++I)
    std::thread(work, I).detach();
}
template void spawnBatch<8>();

void threadCountParameter(int NumThreads) {
  std::vector<std::thread> Threads;
  for (int I = 0; I < NumThreads; ++I)
    Threads.emplace_back(work, I);
  for (auto &T : Threads)
    T.join();
}

void slotsOfThreads(std::vector<std::thread> &Threads) {
  for (auto &T : Threads)
    T = std::thread([] { idle(); });
}

// A pool: threads started once, each loops taking work from a queue.
class ThreadPool {
public:
  explicit ThreadPool(size_t N) {
    for (size_t I = 0; I < N; ++I)
      Workers.emplace_back([this] { run(); });
  }
  void submit(std::function<void()> Task);

private:
  void run() {
    while (true) {
      std::unique_lock<std::mutex> Lock(M);
      Cv.wait(Lock, [this] { return Stop || !Tasks.empty(); });
      if (Stop)
        return;
      auto Task = std::move(Tasks.front());
      Tasks.pop_front();
      Lock.unlock();
      Task();
    }
  }
  std::mutex M;
  std::condition_variable Cv;
  std::deque<std::function<void()>> Tasks;
  bool Stop = false;
  std::vector<std::thread> Workers;
};

void submitToPool(ThreadPool &Pool, const std::vector<int> &Ids) {
  for (int Id : Ids)
    Pool.submit([Id] { work(Id); });
}

// A sliding window: the loop joins the oldest thread at the limit.
void slidingWindow(const std::vector<std::string> &Urls) {
  std::deque<std::thread> Window;
  for (const auto &Url : Urls) {
    if (Window.size() >= 8) {
      Window.front().join();
      Window.pop_front();
    }
    Window.emplace_back(fetch, Url);
  }
  for (auto &T : Window)
    T.join();
}

// Batches: the loop waits for every batch of at most 16.
void batchedFutures(const std::vector<int> &Ids) {
  std::vector<std::future<void>> Batch;
  for (int Id : Ids) {
    Batch.push_back(std::async(std::launch::async, [Id] { work(Id); }));
    if (Batch.size() == 16) {
      for (auto &F : Batch)
        F.get();
      Batch.clear();
    }
  }
}

void joinAll(std::vector<std::thread> &Threads) {
  for (auto &T : Threads)
    T.join();
  Threads.clear();
}
void batchJoinedByHelper(const std::vector<int> &Ids) {
  std::vector<std::thread> Threads;
  for (int Id : Ids) {
    Threads.emplace_back(work, Id);
    if (Threads.size() == 8)
      joinAll(Threads);
  }
  joinAll(Threads);
}

void nestedBatches(const std::vector<int> &Ids) {
  const size_t K = 8;
  for (size_t I = 0; I < Ids.size(); I += K) {
    std::vector<std::thread> Threads;
    for (size_t J = I; J < std::min(I + K, Ids.size()); ++J)
      Threads.emplace_back(work, Ids[J]);
    for (auto &T : Threads)
      T.join();
  }
}

void jthreadsPerGroup(const std::vector<std::vector<int>> &Groups) {
  for (const auto &Group : Groups) {
    std::vector<std::future<void>> Pending;
    for (int I = 0; I < 4; ++I)
      Pending.push_back(
          std::async(std::launch::async, [&Group, I] { work(Group[I]); }));
  }
}

// One thread at a time: joined, or waited for, in the same iteration.
void joinedEachIteration(const std::vector<int> &Ids) {
  for (int Id : Ids) {
    std::thread T(work, Id);
    T.join();
  }
}
void discardedAsync(const std::vector<int> &Ids) {
  for (int Id : Ids)
    std::async(std::launch::async, [Id] { work(Id); });
}
void futureWaitedEachIteration(const std::vector<int> &Ids) {
  for (int Id : Ids) {
    auto F = std::async(std::launch::async, [Id] { work(Id); });
    F.get();
  }
}
void assignedOverThePreviousOne(int Sock) {
  std::future<void> Current;
  while (true) {
    int Fd = accept(Sock, nullptr, nullptr);
    Current = std::async(std::launch::async, [Fd] { handle(Fd); });
  }
}

// The default policy may run the function deferred, on the thread that
// calls get(): no thread is started for sure.
void defaultPolicy(const std::vector<int> &Ids) {
  std::vector<std::future<void>> Futures;
  for (int Id : Ids)
    Futures.push_back(std::async([Id] { work(Id); }));
}

// A loop that waits for a free slot before starting the next thread.
std::mutex SlotMutex;
std::condition_variable SlotFreed;
int Active = 0;
void waitForSlot(int Sock) {
  while (true) {
    int Fd = accept(Sock, nullptr, nullptr);
    {
      std::unique_lock<std::mutex> Lock(SlotMutex);
      SlotFreed.wait(Lock, [] { return Active < 8; });
      ++Active;
    }
    std::thread([Fd] {
      handle(Fd);
      std::lock_guard<std::mutex> Lock(SlotMutex);
      --Active;
      SlotFreed.notify_one();
    }).detach();
  }
}
std::atomic<int> Busy{0};
void spinForSlot(const std::vector<int> &Ids) {
  for (int Id : Ids) {
    while (Busy.load() >= 8)
      std::this_thread::sleep_for(1ms);
    ++Busy;
    std::thread([Id] {
      work(Id);
      --Busy;
    }).detach();
  }
}

void pthreadJoined(const std::vector<int> &Ids) {
  for (size_t I = 0; I < Ids.size(); ++I) {
    pthread_t Tid;
    pthread_create(&Tid, nullptr, routine, nullptr);
    pthread_join(Tid, nullptr);
  }
}

// A loop whose end is not judged (a local flag set in the loop).
void localFlag() {
  bool Done = false;
  while (!Done) {
    std::thread(idle).detach();
    Done = true;
  }
}

// A supervisor that restarts its worker when it died: a conditional start
// in a loop that only ends on a flag is not one thread per iteration.
std::atomic<bool> WorkerAlive{false};
void supervise() {
  while (Running) {
    if (!WorkerAlive) {
      WorkerAlive = true;
      std::thread([] {
        work(0);
        WorkerAlive = false;
      }).detach();
    }
    std::this_thread::sleep_for(1s);
  }
}

// In an accept loop a condition does not bound anything.
void guardedAccept(int Sock) {
  for (;;) {
    int Fd = accept(Sock, nullptr, nullptr);
    if (Fd >= 0)
      std::thread(handle, Fd).detach();
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: thread started once per accepted connection with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
      // CHECK-MESSAGES: :[[@LINE-5]]:3: note: in this accept loop
  }
}

// A lambda that joins each thread it starts.
void lambdaJoinsEach(const std::vector<int> &Ids) {
  auto Run = [](const std::vector<int> &Items) {
    for (int Item : Items) {
      std::thread T(work, Item);
      T.join();
    }
  };
  Run(Ids);
}

// A work list drained by popping: one thread per item.
void drainWorkList(std::deque<int> Work) {
  while (!Work.empty()) {
    int Item = Work.front();
    Work.pop_front();
    std::thread(work, Item).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread started once per item popped from 'Work' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    // CHECK-MESSAGES: :[[@LINE-5]]:3: note: in this loop popping from 'Work'
  }
}

// A retry loop: it ends once the thread has started.
void startWithRetry() {
  while (true) {
    try {
      std::thread(idle).detach();
      break;
    } catch (const std::system_error &) {
      std::this_thread::sleep_for(10ms);
    }
  }
}
