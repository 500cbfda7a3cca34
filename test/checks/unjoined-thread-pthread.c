// RUN: %check_clang_tidy -std=c17 %s threadleak-unjoined-thread %t -- -- -pthread

#include <pthread.h>
#include <stddef.h>

static void *routine(void *Arg) { return Arg; }

void startAndForget(void) {
  pthread_t T;
  pthread_create(&T, NULL, routine, NULL);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread 'T' is never joined or detached: when it ends, its stack and exit status stay allocated until the process exits; call pthread_join(T, ...) or pthread_detach(T) [threadleak-unjoined-thread]
}

void startAndJoin(void) {
  pthread_t T;
  if (pthread_create(&T, NULL, routine, NULL) == 0)
    pthread_join(T, NULL);
}

struct Worker {
  pthread_t Thread;
};

void startIntoStruct(struct Worker *W, pthread_t *Out) {
  pthread_t T;
  pthread_create(&T, NULL, routine, NULL);
  W->Thread = T;
  pthread_create(Out, NULL, routine, NULL);
}
