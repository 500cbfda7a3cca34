// RUN: %check_clang_tidy -std=c++17 %s threadleak-abandoned-worker-on-timeout %t -- -- -pthread

// The notes: where the wait times out, where the worker starts, and how to
// fix it; for the std::async trap, where the destructor blocks.

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

int lookup(const char *Host);
int slowQuery();

bool resolveWithDeadline(const char *Host, int &Out) {
  std::mutex M;
  std::condition_variable CV;
  bool Done = false;
  int Result = 0;
  std::thread T([&] {
    int R = lookup(Host);
    std::lock_guard<std::mutex> G(M);
    Result = R;
    Done = true;
    CV.notify_one();
  });
  std::unique_lock<std::mutex> L(M);
  if (!CV.wait_for(L, std::chrono::seconds(1), [&] { return Done; })) {
    T.detach();
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: worker thread abandoned when 'wait_for' times out: it is detached without being asked to stop, and it still writes to 'Result', captured by reference ('[&]') from this function's stack frame, which is dead once the function returns [threadleak-abandoned-worker-on-timeout]
    // CHECK-NOTES: :[[@LINE-3]]:11: note: the wait times out here
    // CHECK-NOTES: :[[@LINE-12]]:15: note: worker started here
    // CHECK-NOTES: :[[@LINE-4]]:7: note: before giving up, ask the worker to stop (a stop flag it checks, or request_stop() on a std::jthread) and let it own what it uses (a std::shared_ptr to the shared state) instead of this function's locals
    return false;
  }
  L.unlock();
  T.join();
  Out = Result;
  return true;
}

int queryWithTimeout() {
  std::future<int> F = std::async(std::launch::async, slowQuery);
  if (F.wait_for(std::chrono::seconds(1)) == std::future_status::timeout)
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'wait_for' does not bound the wait for the std::async task: when it times out, the future 'F' is destroyed and its destructor blocks until the task finishes [threadleak-abandoned-worker-on-timeout]
    // CHECK-NOTES: :[[@LINE+3]]:5: note: on timeout the future's destructor waits here for the task to end
    // CHECK-NOTES: :[[@LINE-4]]:24: note: task started here
    // CHECK-NOTES: :[[@LINE-4]]:9: note: keep the future past the timeout (move it to an owner that outlives this call), or run the task on a std::jthread and request_stop() when the wait times out
    return -1;
  return F.get();
}

class ChatClient {
public:
  ChatClient() : Reader([this] { readLoop(); }) {}
  ~ChatClient() {
    if (!Reader.joinable())
      return;
    std::unique_lock<std::mutex> L(M);
    if (!Exited.wait_for(L, std::chrono::seconds(1), [this] { return Done; }))
      Reader.detach();
    // CHECK-NOTES: :[[@LINE-1]]:14: warning: worker thread abandoned when 'wait_for' times out: it is detached without being asked to stop, and it still uses the object this destructor destroys [threadleak-abandoned-worker-on-timeout]
    // CHECK-NOTES: :[[@LINE-3]]:17: note: the wait times out here
    // CHECK-NOTES: :[[@LINE-9]]:18: note: worker started here
    // CHECK-NOTES: :[[@LINE-4]]:14: note: before giving up, ask the worker to stop and wake it (a stop flag it checks and a notify, or request_stop() on a std::jthread), then join it
    else
      Reader.join();
  }

private:
  void readLoop() {
    lookup("chat");
    std::lock_guard<std::mutex> G(M);
    Done = true;
    Exited.notify_all();
  }
  std::mutex M;
  std::condition_variable Exited;
  bool Done = false;
  std::thread Reader;
};
