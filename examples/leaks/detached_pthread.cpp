// Leak: a POSIX background flusher created and detached, with a loop that
// has no exit. Nothing can ask it to stop and nothing can join it, so it runs
// until the process exits; the stats it reads must outlive everything.
#include <atomic>
#include <cstdio>
#include <pthread.h>
#include <unistd.h>

struct Stats {
  std::atomic<long> Requests{0};
};

void *flushLoop(void *Arg) {
  auto *S = static_cast<Stats *>(Arg);
  for (;;) {
    std::printf("requests: %ld\n", S->Requests.load());
    usleep(100 * 1000);
  }
  return nullptr;
}

int main() {
  static Stats S;
  pthread_t Flusher;
  if (pthread_create(&Flusher, nullptr, flushLoop, &S) != 0)
    return 1;
  pthread_detach(Flusher);
  for (int I = 0; I < 5; ++I) {
    ++S.Requests;
    usleep(50 * 1000);
  }
}
