// -check-suffix(es) selects CHECK-*-<suffix>; an empty suffix the bare prefix.
// RUN: %check_clang_tidy -std=c++17 -check-suffix=A %s modernize-use-nullptr %t -- -- -DA
// RUN: %check_clang_tidy -std=c++17 -check-suffixes=,B %s modernize-use-nullptr %t

int *common = 0;
// CHECK-MESSAGES-A: :[[@LINE-1]]:15: warning: use nullptr
// CHECK-MESSAGES: :[[@LINE-2]]:15: warning: use nullptr
// CHECK-FIXES-A: int *common = nullptr;
#ifdef A
int *a = 0;
// CHECK-MESSAGES-A: :[[@LINE-1]]:10: warning: use nullptr
// CHECK-FIXES-A: int *a = nullptr;
#else
int *b = 0;
// CHECK-MESSAGES-B: :[[@LINE-1]]:10: warning: use nullptr
// CHECK-FIXES-B: int *b = nullptr;
#endif
