// A fix that breaks the build fails, even though CHECK-FIXES matches it.
// readability-simplify-boolean-expr (19 and 22) drops the closing parenthesis.
// RUN: not %check_clang_tidy -std=c++17 -stdlib=libstdc++-only %s readability-simplify-boolean-expr %t > %t.out
// RUN: FileCheck %s -check-prefix=OUT < %t.out
// OUT: the fixed file does not compile
// OUT: error: expected ')'

bool f(bool a) { return (a) == true; }
// CHECK-MESSAGES: :[[@LINE-1]]:32: warning: redundant boolean literal supplied to boolean operator
// CHECK-FIXES: bool f(bool a) { return (a; }
