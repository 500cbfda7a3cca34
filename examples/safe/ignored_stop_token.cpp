// Safe: the watcher's loop ends on its stop token, the C++ form of
//
//   select { case <-ctx.Done(): return; case <-time.After(d): ... }
//
// Between checks it sleeps in a condition_variable_any wait that takes the
// token, so request_stop() wakes it at once instead of after the interval.
// ~jthread requests stop and joins, and the join returns promptly.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

void watchConfig(std::stop_token Stop, std::string Path) {
  std::mutex Mutex;
  std::condition_variable_any Wake;
  std::unique_lock<std::mutex> Lock(Mutex);
  while (!Stop.stop_requested()) {
    std::printf("checking %s\n", Path.c_str());
    // Nothing notifies Wake: the predicate never holds, so this returns
    // after the interval or as soon as stop is requested.
    Wake.wait_for(Lock, Stop, std::chrono::milliseconds(100),
                  [] { return false; });
  }
}

int main() {
  std::jthread Watcher(watchConfig, "/etc/app.conf");
  std::this_thread::sleep_for(std::chrono::milliseconds(250));
}
