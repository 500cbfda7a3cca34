// Without CHECK-MESSAGES or CHECK-NOTES the check must stay silent.
// RUN: not %check_clang_tidy -std=c++17 -stdlib=libstdc++-only %s modernize-use-nullptr %t > %t.out
// RUN: FileCheck %s -check-prefix=OUT < %t.out
// OUT: unexpected diagnostics (the test has no CHECK-MESSAGES or CHECK-NOTES)
// OUT: warning: use nullptr

int *p = 0;
