// A test without directives passes when the check stays silent.
// RUN: %check_clang_tidy -std=c++17 %s modernize-use-nullptr %t

int *p = nullptr;
