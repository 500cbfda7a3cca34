// The seed of fuzz-detects-crashes.test: its mutants depend on every token,
// so changing this file changes which mutant numbers the test expects.
#include <thread>

void spin() {
  std::thread([] {
    for (;;) {
    }
  }).detach();
}

void wait(int Rounds) {
  for (int I = 0; I < Rounds; ++I)
    std::this_thread::yield();
}
