#include <thread>

void leak() {
  std::thread t([] { while (true) { } });
  t.detach();
}
