// A CHECK-MESSAGES that does not match fails, naming the combination.
// UNSUPPORTED: quick, first-mode
// RUN: not %check_clang_tidy -std=c++17 -stdlib=libstdc++-only %s modernize-use-nullptr %t > %t.out
// RUN: FileCheck %s -check-prefix=OUT < %t.out
// OUT: FAILED [-std=c++17, plugin, libstdc++]
// OUT: CHECK-MESSAGES failed
// OUT: FAILED [-std=c++17, threadleak-tidy, libstdc++]
// OUT: modernize-use-nullptr: 2 of 2 combinations failed

int *p = 0;
// The column is wrong.
// CHECK-MESSAGES: :[[@LINE-2]]:9: warning: use nullptr [modernize-use-nullptr]
