// RUN: %check_clang_tidy -std=c++17-or-later -fix-notes %s threadleak-blocking-wait-without-deadline %t

// A wait in a body handed to a thread wrapper of the translation unit is a
// wait in a thread.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

std::mutex M;
std::condition_variable CV;
std::deque<int> Queue;
std::atomic<bool> Stop{false};

void shutdown() {
  Stop = true;
  CV.notify_all();
}

void spawn(std::function<void()> Fn) { std::thread(std::move(Fn)).detach(); }

void consumer() {
  spawn([] {
    std::unique_lock<std::mutex> Lock(M);
    CV.wait(Lock, [] { return !Queue.empty(); });
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'std::condition_variable::wait' can block this thread forever: it has no deadline and nothing wakes it for shutdown [threadleak-blocking-wait-without-deadline]
    // CHECK-FIXES: if (!CV.wait_for(Lock, std::chrono::seconds(30), [] { return !Queue.empty(); })) return;
    Queue.pop_front();
  });
}

// The predicate reads the stop flag that shutdown() sets and notifies.
void stoppableConsumer() {
  spawn([] {
    std::unique_lock<std::mutex> Lock(M);
    CV.wait(Lock, [] { return Stop || !Queue.empty(); });
    if (!Stop)
      Queue.pop_front();
  });
}

// Not a wrapper: the callable is queued, not run by a thread here.
std::vector<std::function<void()>> Tasks;
void post(std::function<void()> Fn) { Tasks.push_back(std::move(Fn)); }

void queued() {
  post([] {
    std::unique_lock<std::mutex> Lock(M);
    CV.wait(Lock, [] { return !Queue.empty(); });
  });
}
