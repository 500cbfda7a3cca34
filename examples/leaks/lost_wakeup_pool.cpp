// Leak: a thread pool whose shutdown can lose its wake-up. stop() sets Stop
// without the queue's mutex, then notifies. A worker that has just found
// Stop unset, but is not asleep yet, misses the notification and sleeps for
// good, and the join in stop() (from the destructor) waits for it forever.
// The Go analogue is a close(ch) the receiver never sees.
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

class ThreadPool {
public:
  explicit ThreadPool(int Size) {
    try {
      for (int I = 0; I < Size; ++I)
        Workers.emplace_back([this] { work(); });
    } catch (...) {
      // A thread that cannot start: stop and join those that did.
      stop();
      throw;
    }
  }

  ~ThreadPool() { stop(); }

  void submit(std::function<void()> Task) {
    {
      std::lock_guard<std::mutex> Lock(QueueMutex);
      Tasks.push(std::move(Task));
    }
    Condition.notify_one();
  }

private:
  void stop() {
    Stop = true;
    Condition.notify_all();
    for (std::thread &Worker : Workers)
      Worker.join();
  }

  void work() {
    for (;;) {
      std::function<void()> Task;
      {
        std::unique_lock<std::mutex> Lock(QueueMutex);
        Condition.wait(Lock, [this] { return Stop || !Tasks.empty(); });
        if (Stop && Tasks.empty())
          return;
        Task = std::move(Tasks.front());
        Tasks.pop();
      }
      Task();
    }
  }

  std::vector<std::thread> Workers;
  std::queue<std::function<void()>> Tasks;
  std::mutex QueueMutex;
  std::condition_variable Condition;
  bool Stop = false;
};

int main() {
  ThreadPool Pool(4);
  for (int I = 0; I < 8; ++I)
    Pool.submit([I] { std::printf("task %d\n", I); });
}
