// A misspelt directive is an error instead of being silently ignored.
// RUN: not %check_clang_tidy -std=c++17 %s modernize-use-nullptr %t 2> %t.err
// RUN: FileCheck %s -check-prefix=OUT < %t.err
// OUT: unknown directive CHECK-MESSAGE:

int *p = nullptr;
// CHECK-MESSAGE: :[[@LINE-1]]:10: warning: use nullptr
