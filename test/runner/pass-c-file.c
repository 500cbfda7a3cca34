// A .c test runs as C (default -std=c17), once per tool, with no C++
// standard library dimension; its fixed file is compiled as C.
// UNSUPPORTED: quick, first-mode
// RUN: %check_clang_tidy %s readability-braces-around-statements %t | FileCheck %s -check-prefix=OUT
// OUT: ok   [-std=c17, plugin, libc]
// OUT: ok   [-std=c17, threadleak-tidy, libc]
// OUT: readability-braces-around-statements: 0 of 2 combinations failed
// RUN: %check_clang_tidy -std=c11-or-later %s readability-braces-around-statements %t | FileCheck %s -check-prefix=LATER
// LATER: 0 of 4 combinations failed

#include <pthread.h>

void *body(void *arg) {
  if (arg)
    return arg;
  // CHECK-MESSAGES: :[[@LINE-2]]:11: warning: statement should be inside braces [readability-braces-around-statements]
  // CHECK-FIXES: if (arg) {
  // CHECK-FIXES-NEXT: return arg;
  // CHECK-FIXES-NEXT: }
  pthread_exit(0);
}
