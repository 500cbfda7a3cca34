// Safe: the same flusher, owned by an object. Its loop ends when the stop
// flag is set, and the destructor sets it and joins, so the thread never
// outlives the stats it reads.
#include <atomic>
#include <cstdio>
#include <pthread.h>
#include <stdexcept>
#include <unistd.h>

struct Stats {
  std::atomic<long> Requests{0};
};

class Flusher {
public:
  explicit Flusher(const Stats &S) : S(S) {
    if (pthread_create(&Thread, nullptr, flushLoop, this) != 0)
      throw std::runtime_error("pthread_create failed");
  }

  ~Flusher() {
    Stop = true;
    pthread_join(Thread, nullptr);
  }

  Flusher(const Flusher &) = delete;
  Flusher &operator=(const Flusher &) = delete;

private:
  static void *flushLoop(void *Self) {
    static_cast<Flusher *>(Self)->run();
    return nullptr;
  }

  void run() {
    while (!Stop) {
      std::printf("requests: %ld\n", S.Requests.load());
      usleep(100 * 1000);
    }
  }

  const Stats &S;
  std::atomic<bool> Stop{false};
  pthread_t Thread;
};

int main() {
  Stats S;
  Flusher Flush(S);
  for (int I = 0; I < 5; ++I) {
    ++S.Requests;
    usleep(50 * 1000);
  }
}
