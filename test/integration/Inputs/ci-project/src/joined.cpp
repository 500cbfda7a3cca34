// No leak: the thread ends and is joined.
#include <pthread.h>

static void *work(void *) { return nullptr; }

void runWorker() {
  pthread_t Worker;
  pthread_create(&Worker, nullptr, work, nullptr);
  pthread_join(Worker, nullptr);
}
