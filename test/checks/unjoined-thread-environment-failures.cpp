// RUN: %check_clang_tidy -std=c++20 %s threadleak-unjoined-thread %t -- -- -pthread
// RUN: %check_clang_tidy -std=c++20 -check-suffixes=ENV,ENVCOUNT,ALONE %s threadleak-unjoined-thread %t -- \
// RUN:   -config="{CheckOptions: {ReportEnvironmentFailures: true}}" -- -pthread
// RUN: %check_clang_tidy -std=c++20 -check-suffixes=ENV,ENVCOUNT,ALONE %s threadleak-unjoined-thread %t -- \
// RUN:   -config="{CheckOptions: {threadleak-unjoined-thread.ReportEnvironmentFailures: true}}" -- -pthread
// RUN: %check_clang_tidy -std=c++20 -check-suffixes=ENV,ENVCOUNT,UNBOUNDED %s threadleak-unjoined-thread,threadleak-unbounded-thread-creation %t -- \
// RUN:   -config="{CheckOptions: {ReportEnvironmentFailures: true}}" -- -pthread
// RUN: %check_clang_tidy -std=c++20 -check-suffixes=ENV,UNBOUNDED,FIXED %s threadleak-unjoined-thread,threadleak-unbounded-thread-creation %t -- \
// RUN:   -config="{CheckOptions: {ReportEnvironmentFailures: true, ReportFixedThreadCounts: true}}" -- -pthread

// Threads started into a container in a loop: if a later start fails
// (std::system_error), the container is destroyed with joinable threads.
// That path needs the OS to refuse a thread, so it is reported only with
// ReportEnvironmentFailures (globally or for the check); by default the
// first RUN line expects no warning at all.
//
// One loop, one warning: when threadleak-unbounded-thread-creation is
// enabled and reports the loop (the UNBOUNDED and FIXED lines: a thread per
// element of an input; with ReportFixedThreadCounts, also a count the
// program chooses), unjoined-thread leaves it to that check, whose fix (a
// pool, a semaphore) replaces the loop. When that check does not report it
// (a count without ReportFixedThreadCounts, a pool's workers), unjoined-
// thread still does (the ENV and ENVCOUNT lines).

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

void work();
void fetch(const std::string &Url);

class Pool {
public:
  explicit Pool(int N) {
    for (int I = 0; I < N; ++I)
      Workers.emplace_back([this] { run(); });
      // CHECK-MESSAGES-ENVCOUNT: :[[@LINE-2]]:5: warning: if starting a thread fails in a later iteration of this loop (std::system_error), the exception destroys member 'Workers' while the threads already started are joinable, which calls std::terminate; catch the exception, join the threads started so far and rethrow [threadleak-unjoined-thread]
      // CHECK-MESSAGES-ENVCOUNT: :[[@LINE-2]]:15: note: thread started here
      // CHECK-MESSAGES-FIXED: :[[@LINE-3]]:15: warning: thread started once per iteration up to 'N' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
  }
  ~Pool() {
    for (std::thread &T : Workers)
      T.join();
  }

private:
  void run() {}
  std::vector<std::thread> Workers;
};

void localContainer(int N) {
  std::vector<std::thread> Threads;
  for (int I = 0; I < N; ++I)
    Threads.push_back(std::thread(work));
    // CHECK-MESSAGES-ENVCOUNT: :[[@LINE-2]]:3: warning: if starting a thread fails in a later iteration of this loop (std::system_error), the exception destroys local 'Threads' while the threads already started are joinable, which calls std::terminate; catch the exception, join the threads started so far and rethrow [threadleak-unjoined-thread]
    // CHECK-MESSAGES-ENVCOUNT: :[[@LINE-2]]:13: note: thread started here
    // CHECK-MESSAGES-FIXED: :[[@LINE-3]]:23: warning: thread started once per iteration up to 'N' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
  for (std::thread &T : Threads)
    T.join();
}

// A thread per element of the input: unbounded-thread-creation's whenever
// it is enabled.
void perUrl(const std::vector<std::string> &Urls) {
  std::vector<std::thread> Threads;
  for (const std::string &Url : Urls)
    Threads.emplace_back(fetch, Url);
    // CHECK-MESSAGES-ALONE: :[[@LINE-2]]:3: warning: if starting a thread fails in a later iteration of this loop (std::system_error), the exception destroys local 'Threads' while the threads already started are joinable, which calls std::terminate; catch the exception, join the threads started so far and rethrow [threadleak-unjoined-thread]
    // CHECK-MESSAGES-UNBOUNDED: :[[@LINE-2]]:13: warning: thread started once per element of 'Urls' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
  for (std::thread &T : Threads)
    T.join();
}

// A pool whose workers loop taking work: unbounded-thread-creation never
// reports it, so unjoined-thread does.
class WorkerPool {
public:
  explicit WorkerPool(int N) {
    for (int I = 0; I < N; ++I)
      Workers.emplace_back([this] { run(); });
      // CHECK-MESSAGES-ENV: :[[@LINE-2]]:5: warning: if starting a thread fails in a later iteration of this loop (std::system_error), the exception destroys member 'Workers' while the threads already started are joinable, which calls std::terminate; catch the exception, join the threads started so far and rethrow [threadleak-unjoined-thread]
  }
  ~WorkerPool() {
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
    while (true) {
      std::unique_lock<std::mutex> Lock(M);
      Cv.wait(Lock, [this] { return Stop || !Tasks.empty(); });
      if (Stop)
        return;
      std::function<void()> Task = std::move(Tasks.front());
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

// A constant number of threads into a local container: not reported.
void fewLocalThreads() {
  std::vector<std::thread> Threads;
  for (int I = 0; I < 3; ++I)
    Threads.emplace_back(work);
  for (std::thread &T : Threads)
    T.join();
}

class StartedLater {
public:
  void start(int N) {
    for (int I = 0; I < N; ++I)
      Workers.emplace_back(work);
      // CHECK-MESSAGES-FIXED: :[[@LINE-1]]:15: warning: thread started once per iteration up to 'N' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
  }
  ~StartedLater() {
    for (std::thread &T : Workers)
      T.join();
  }

private:
  std::vector<std::thread> Workers;
};

void jthreadContainer(int N) {
  std::vector<std::jthread> Threads;
  for (int I = 0; I < N; ++I)
    Threads.emplace_back(work);
    // CHECK-MESSAGES-FIXED: :[[@LINE-1]]:13: warning: thread started once per iteration up to 'N' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
}

void localContainerNoexcept(int N) noexcept {
  std::vector<std::thread> Threads;
  for (int I = 0; I < N; ++I)
    Threads.emplace_back(work);
    // CHECK-MESSAGES-FIXED: :[[@LINE-1]]:13: warning: thread started once per iteration up to 'N' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
  for (std::thread &T : Threads)
    T.join();
}
