// A test without directives passes when the check stays silent. Prefixes
// that are not near-misses of the runner's are left to other RUN lines.
// RUN: %check_clang_tidy -std=c++17 %s modernize-use-nullptr %t

int *p = nullptr;
// CHECK: for another FileCheck run
// CHECK-NOT: likewise
// CHECK-DUMP: likewise
