// A detached std::thread that spins forever: both threadleak checks that see
// it report it, and detached-thread's note carries the std::jthread rewrite.
#include <thread>

void startSpinner() {
  std::thread Spinner([] { while (true) { } });
  Spinner.detach();
}
