// A compile error in the test fails unless -expect-clang-tidy-error is given.
// RUN: not %check_clang_tidy -std=c++17 -stdlib=libstdc++-only %s modernize-use-nullptr %t > %t.out
// RUN: FileCheck %s -check-prefix=OUT < %t.out
// OUT: clang-tidy exited with 1
// RUN: %check_clang_tidy -expect-clang-tidy-error -std=c++17 %s modernize-use-nullptr %t

int *p = 0;
// CHECK-MESSAGES: :[[@LINE-1]]:10: warning: use nullptr [modernize-use-nullptr]
undeclared_type x;
// CHECK-MESSAGES: :[[@LINE-1]]:1: error: unknown type name 'undeclared_type' [clang-diagnostic-error]
