// A CHECK-FIXES that does not match the fixed file fails.
// RUN: not %check_clang_tidy -std=c++17 -stdlib=libstdc++-only %s modernize-use-nullptr %t > %t.out
// RUN: FileCheck %s -check-prefix=OUT < %t.out
// OUT: CHECK-FIXES failed on the fixed file

int *p = 0;
// CHECK-MESSAGES: :[[@LINE-1]]:10: warning: use nullptr [modernize-use-nullptr]
// CHECK-FIXES: int *p = NULL;
