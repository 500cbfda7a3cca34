// -fix-notes applies a fix that only a note carries; without it the file
// stays as it is. CHECK-NOTES sees notes; the runner's own FIX-IT notes are
// not the check's and are dropped.
// RUN: %check_clang_tidy -std=c++17 -fix-notes -check-suffix=NOTES %s llvm-namespace-comment,clang-diagnostic-bitwise-op-parentheses %t -- -- -Wparentheses
// RUN: %check_clang_tidy -std=c++17 -check-suffix=PLAIN %s llvm-namespace-comment,clang-diagnostic-bitwise-op-parentheses %t -- -- -Wparentheses

int f(int a, int b, int c) { return a & b | c; }
// CHECK-NOTES-NOTES: :[[@LINE-1]]:39: warning: '&' within '|' [clang-diagnostic-bitwise-op-parentheses]
// CHECK-NOTES-NOTES: :[[@LINE-2]]:39: note: place parentheses around the '&' expression to silence this warning
// CHECK-FIXES-NOTES: int f(int a, int b, int c) { return (a & b) | c; }
// CHECK-NOTES-PLAIN: :[[@LINE-4]]:39: warning: '&' within '|' [clang-diagnostic-bitwise-op-parentheses]
// CHECK-NOTES-PLAIN: :[[@LINE-5]]:39: note: place parentheses around the '&' expression to silence this warning
// CHECK-FIXES-PLAIN: int f(int a, int b, int c) { return a & b | c; }
