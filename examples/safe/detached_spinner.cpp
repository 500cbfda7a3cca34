// Safe: the same heartbeat, owned by an object. The loop ends when the stop
// flag is set and the destructor joins, so the thread never outlives its
// owner (the Go fix: a quit channel the loop selects on, closed by Stop).
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

class Heartbeat {
public:
  explicit Heartbeat(std::string Name)
      : Name(std::move(Name)), Thread([this] { run(); }) {}

  ~Heartbeat() {
    Stop = true;
    Thread.join();
  }

  Heartbeat(const Heartbeat &) = delete;
  Heartbeat &operator=(const Heartbeat &) = delete;

private:
  void run() {
    while (!Stop) {
      std::printf("%s: alive\n", Name.c_str());
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }

  std::string Name;
  std::atomic<bool> Stop{false};
  // Declared last: the thread starts once the members it reads exist.
  std::thread Thread;
};

int main() {
  Heartbeat Beat("cache");
  std::this_thread::sleep_for(std::chrono::milliseconds(250));
}
