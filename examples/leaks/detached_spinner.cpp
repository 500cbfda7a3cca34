// Leak: a fire-and-forget heartbeat. The Go original is
//
//   go func() { for { time.Sleep(time.Second) } }()
//
// The loop has no exit and the thread is detached, so nothing can stop it or
// wait for it: every call to startHeartbeat adds a thread that lives, with
// everything it captured, until the process exits.
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

void startHeartbeat(std::string Name) {
  std::thread Beat([Name] {
    for (;;) {
      std::printf("%s: alive\n", Name.c_str());
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  Beat.detach();
}

int main() {
  // A reconfiguration that restarts the service starts a second heartbeat;
  // the first one keeps running.
  startHeartbeat("cache");
  startHeartbeat("cache");
  std::this_thread::sleep_for(std::chrono::milliseconds(250));
}
