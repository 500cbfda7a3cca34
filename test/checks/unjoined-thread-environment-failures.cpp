// RUN: %check_clang_tidy -std=c++20 %s threadleak-unjoined-thread %t -- -- -pthread
// RUN: %check_clang_tidy -std=c++20 -check-suffixes=ENV %s threadleak-unjoined-thread %t -- \
// RUN:   -config="{CheckOptions: {ReportEnvironmentFailures: true}}" -- -pthread
// RUN: %check_clang_tidy -std=c++20 -check-suffixes=ENV %s threadleak-unjoined-thread %t -- \
// RUN:   -config="{CheckOptions: {threadleak-unjoined-thread.ReportEnvironmentFailures: true}}" -- -pthread

// Threads started into a container in a loop: if a later start fails
// (std::system_error), the container is destroyed with joinable threads.
// That path needs the OS to refuse a thread, so it is reported only with
// ReportEnvironmentFailures (globally or for the check); by default the
// first RUN line expects no warning at all.

#include <thread>
#include <vector>

void work();


class Pool {
public:
  explicit Pool(int N) {
    for (int I = 0; I < N; ++I)
      Workers.emplace_back([this] { run(); });
      // CHECK-MESSAGES-ENV: :[[@LINE-2]]:5: warning: if starting a thread fails in a later iteration of this loop (std::system_error), the exception destroys member 'Workers' while the threads already started are joinable, which calls std::terminate; catch the exception, join the threads started so far and rethrow [threadleak-unjoined-thread]
      // CHECK-MESSAGES-ENV: :[[@LINE-2]]:15: note: thread started here
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
    // CHECK-MESSAGES-ENV: :[[@LINE-2]]:3: warning: if starting a thread fails in a later iteration of this loop (std::system_error), the exception destroys local 'Threads' while the threads already started are joinable, which calls std::terminate; catch the exception, join the threads started so far and rethrow [threadleak-unjoined-thread]
    // CHECK-MESSAGES-ENV: :[[@LINE-2]]:13: note: thread started here
  for (std::thread &T : Threads)
    T.join();
}

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
}

void localContainerNoexcept(int N) noexcept {
  std::vector<std::thread> Threads;
  for (int I = 0; I < N; ++I)
    Threads.emplace_back(work);
  for (std::thread &T : Threads)
    T.join();
}

