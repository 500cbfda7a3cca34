// C, not C++: pthreads only, no lambdas or templates, GNU extensions in
// thread routines. C17 and C23, with and without errors.
//
// RUN: %no_crash -- %threadleak_tidy --config={} '-checks=-*,threadleak-*' %s -- -std=c17 -pthread \
// RUN:   | FileCheck %s --check-prefix=LEAK
// RUN: %no_crash -- %clang_tidy --load=%plugin --config={} '-checks=-*,threadleak-*' %s -- -std=c23 -pthread \
// RUN:   | FileCheck %s --check-prefix=LEAK
// RUN: %no_crash --expect-exit=1 -- %threadleak_tidy --config={} '-checks=-*,threadleak-*' %s \
// RUN:   -- -std=c23 -pthread -DWITH_ERRORS | FileCheck %s --check-prefixes=LEAK,ERRORS
// RUN: %no_crash --expect-exit=1 -- %clang_tidy --load=%plugin --config={} '-checks=-*,threadleak-*' %s \
// RUN:   -- -std=c17 -pthread -DWITH_ERRORS | FileCheck %s --check-prefixes=LEAK,ERRORS

#include <pthread.h>
#include <stddef.h>

static void *spin(void *Arg) {
  for (;;) {
  }
  return Arg;
}
void start(void) {
  pthread_t T;
  pthread_create(&T, NULL, spin, NULL);
  // LEAK: :[[@LINE+1]]:3: warning: {{.*}} [threadleak-detached-thread]
  pthread_detach(T);
}

// A routine that calls itself, a goto loop, a GNU statement expression and
// a variable-length array in the thread body.
static void *again(void *Arg) { return again(Arg); }
static void *gotoLoop(void *Arg) {
top:
  goto top;
  return Arg;
}
static void *gnu(void *Arg) {
  int N = 3;
  int Vla[N];
  Vla[0] = ({ int I = 0; while (1) ++I; I; });
  return Arg;
}
// Routines through a cast, a function pointer parameter and an array.
static void *(*const Routines[])(void *) = {again, gotoLoop, gnu};
void startMany(void *(*Routine)(void *)) {
  pthread_t T;
  pthread_create(&T, NULL, (void *(*)(void *))spin, NULL);
  pthread_create(&T, NULL, Routine, NULL);
  for (int I = 0; I < 3; ++I)
    pthread_create(&T, NULL, Routines[I], NULL);
  pthread_detach(T);
}
// An undeclared routine and calls with the wrong number of arguments.
#ifdef WITH_ERRORS
void startErrors(void) {
  pthread_t T;
  // ERRORS: :[[@LINE+1]]:28: error: use of undeclared identifier 'undeclaredRoutine' [clang-diagnostic-error]
  pthread_create(&T, NULL, undeclaredRoutine, NULL);
  // ERRORS: :[[@LINE+1]]:32: error: too few arguments to function call, expected 4, have 3 [clang-diagnostic-error]
  pthread_create(&T, NULL, spin);
  pthread_detach(T, 1);
}
#endif
// ERRORS: Found compiler error(s).
