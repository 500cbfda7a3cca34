// Leak: a std::jthread body that takes its stop token and never reads it, the
// C++ form of a goroutine whose select has no `case <-ctx.Done():`.
//
// ~jthread calls request_stop() and then join(); the loop never looks at the
// request, so that join would hang the owner's shutdown. Detaching the thread
// "fixes" the hang by turning it into a leak: the watcher polls forever.
#include <chrono>
#include <cstdio>
#include <stop_token>
#include <string>
#include <thread>

void watchConfig(std::stop_token Stop, std::string Path) {
  for (;;) {
    std::printf("checking %s\n", Path.c_str());
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

void startWatcher(std::string Path) {
  std::jthread Watcher(watchConfig, std::move(Path));
  Watcher.detach();
}

int main() {
  startWatcher("/etc/app.conf");
  std::this_thread::sleep_for(std::chrono::milliseconds(250));
}
