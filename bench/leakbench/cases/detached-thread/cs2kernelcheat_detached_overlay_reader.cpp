// CASE: overlay application spawns detached reader threads (entity scan, render feed) that loop while(true) on a shared driver handle; on quit main closes the handle and the detached threads keep running into the teardown
// SOURCE: https://github.com/kbrddestroyer/CS2.KernelCheat/issues/50  (kbrddestroyer/CS2.KernelCheat issue 50)
// FIX: (issue) the detached threads are unstable on application quit; they need a stop signal and to be joined before the driver handle and overlay are destroyed
// EXPECT-RUNTIME: leak
#include "oracle.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <thread>
#include <vector>

struct DriverHandle {
  std::atomic<bool> open{true};
  std::atomic<long> reads{0};
  long ReadMemory(unsigned long addr) {
    reads.fetch_add(1);
    return open ? static_cast<long>(addr & 0xff) : -1;
  }
};

struct EntityList {
  std::atomic<int> count{0};
};

class Application {
 public:
  explicit Application(DriverHandle& drv) : driver_(drv) {}

  void Run() {
    SpawnWorker([this] { ScanEntities(); });
    SpawnWorker([this] { FeedRenderer(); });
  }

  void Quit() {
    driver_.open = false;
    std::printf("application quit\n");
  }

  long reads() const { return driver_.reads.load(); }

 private:
  static void SpawnWorker(std::function<void()> fn) {
    std::thread worker(std::move(fn));
    worker.detach();  // LEAK(detached-thread)
  }

  void ScanEntities() {
    while (true) {
      entities_.count = static_cast<int>(driver_.ReadMemory(0x1000));
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  void FeedRenderer() {
    while (true) {
      (void)driver_.ReadMemory(0x2000 + static_cast<unsigned long>(entities_.count.load()));
      std::this_thread::sleep_for(std::chrono::milliseconds(8));
    }
  }

  DriverHandle& driver_;
  EntityList entities_;
};

int main() {
  static DriverHandle driver;
  static Application app(driver);
  app.Run();
  while (app.reads() < 10) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  app.Quit();
  oracle_exit();
}
