// CASE: app shutdown asks a background thread to quit, waits a bounded time for it, and detaches it when it does not exit; the detached thread keeps running against state being torn down
// SOURCE: https://github.com/Chatterino/chatterino2/pull/6333  (Chatterino/chatterino2 pull request 6333)
// FIX: stop detaching threads that miss the deadline and let the std::thread destructor terminate, to expose the offender
// EXPECT-RUNTIME: leak
#include "oracle.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <future>
#include <memory>
#include <thread>

namespace chatterino {

class StoppableThread {
 public:
  explicit StoppableThread(std::function<void(std::atomic<bool>&)> body) {
    auto finished = std::make_shared<std::promise<void>>();
    exited_ = finished->get_future();
    thread_ = std::thread([this, body = std::move(body), finished] {
      body(quit_);
      finished->set_value();
    });
  }

  ~StoppableThread() {
    quit_.store(true);
    if (exited_.wait_for(std::chrono::milliseconds(50)) == std::future_status::timeout) {
      std::printf("thread did not exit in time, detaching\n");
      thread_.detach();  // LEAK(detached-thread)
    } else {
      thread_.join();
    }
  }

 private:
  std::atomic<bool> quit_{false};
  std::future<void> exited_;
  std::thread thread_;
};

}  // namespace chatterino

int main() {
  std::atomic<int> polls{0};
  {
    // the emote loader ignores the quit flag while it retries a slow endpoint
    chatterino::StoppableThread loader([&polls](std::atomic<bool>&) {
      for (;;) {
        polls.fetch_add(1);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::printf("polls so far: %d\n", polls.load() > 0 ? 1 : 0);
  oracle_exit();
}
