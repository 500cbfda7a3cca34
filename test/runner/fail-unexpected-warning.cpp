// A warning that no CHECK-MESSAGES matches fails.
// RUN: not %check_clang_tidy -std=c++17 -stdlib=libstdc++-only %s modernize-use-nullptr %t > %t.out
// RUN: FileCheck %s -check-prefix=OUT < %t.out
// OUT: CHECK-MESSAGES failed
// OUT: IMPLICIT-CHECK-NOT: excluded string found in input

int *p = 0;
// CHECK-MESSAGES: :[[@LINE-1]]:10: warning: use nullptr [modernize-use-nullptr]
int *unexpected = 0;
