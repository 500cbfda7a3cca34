// lit -Dfirst_mode=1 (LLVM 19 in CI): the first standard mode only, with
// threadleak-tidy and both libraries.
// REQUIRES: first-mode
// RUN: %check_clang_tidy %s modernize-use-nullptr %t | FileCheck %s -check-prefix=OUT
// OUT-DAG: ok   [-std=c++17, threadleak-tidy, libstdc++]
// OUT-DAG: ok   [-std=c++17, threadleak-tidy, libc++]
// OUT: modernize-use-nullptr: 0 of 2 combinations failed

int *p = 0;
// CHECK-MESSAGES: :[[@LINE-1]]:10: warning: use nullptr [modernize-use-nullptr]
// CHECK-FIXES: int *p = nullptr;
