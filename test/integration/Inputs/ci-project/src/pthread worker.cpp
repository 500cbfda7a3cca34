// pthread_create + pthread_detach of a routine that never returns. The file
// name has a space on purpose.
#include <pthread.h>

static void *spin(void *) {
  for (;;) {
  }
  return nullptr;
}

void startWorker() {
  pthread_t Worker;
  pthread_create(&Worker, nullptr, spin, nullptr);
  pthread_detach(Worker);
}
