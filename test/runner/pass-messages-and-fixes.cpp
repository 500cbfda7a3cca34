// The whole matrix passes when messages and fixes match.
// UNSUPPORTED: quick, first-mode
// RUN: %check_clang_tidy %s modernize-use-nullptr %t | FileCheck %s -check-prefix=OUT
// OUT-DAG: ok   [-std=c++17, plugin, libstdc++]
// OUT-DAG: ok   [-std=c++23, threadleak-tidy, libc++]
// OUT: modernize-use-nullptr: 0 of 7 combinations failed

int *p = 0;
// CHECK-MESSAGES: :[[@LINE-1]]:10: warning: use nullptr [modernize-use-nullptr]
// CHECK-FIXES: int *p = nullptr;

void f(int *q = 0);
// CHECK-MESSAGES: :[[@LINE-1]]:17: warning: use nullptr
// CHECK-FIXES: {{^}}void f(int *q = nullptr);{{$}}
