// Fixes that a second --fix changes again fail.
// readability-simplify-boolean-expr simplifies only the outer comparison.
// RUN: not %check_clang_tidy -std=c++17 -stdlib=libstdc++-only %s readability-simplify-boolean-expr %t > %t.out
// RUN: FileCheck %s -check-prefix=OUT < %t.out
// OUT: the fixes are not idempotent
// OUT: -bool f(bool a) { return (a) == true; }

bool f(bool a) { return (a == true) == true; }
// CHECK-MESSAGES: :[[@LINE-1]]:31: warning: redundant boolean literal supplied to boolean operator
// CHECK-FIXES: bool f(bool a) { return (a) == true; }
