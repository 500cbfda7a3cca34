// A check name that no tool knows fails in one short line per tool, not with
// clang-tidy's usage text.
// UNSUPPORTED: first-mode
// RUN: not %check_clang_tidy -std=c++17 -stdlib=libstdc++-only %s threadleak-no-such-check %t > %t.out
// RUN: FileCheck %s -check-prefix=OUT < %t.out
// OUT: no check matches 'threadleak-no-such-check' in plugin: is it registered, and the build up to date?
// OUT-NOT: USAGE
// OUT: FAILED [-std=c++17, threadleak-tidy, libstdc++]
// OUT-NEXT: ----
// OUT-NEXT: no check matches 'threadleak-no-such-check' in threadleak-tidy
// OUT-NOT: USAGE

int x;
