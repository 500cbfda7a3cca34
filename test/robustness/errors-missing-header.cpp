// A header that does not exist, quoted or angled, is a fatal error: clang
// stops parsing there. A file that uses std::thread without including
// <thread> (so that no header declares namespace std) gets an error for every
// use. In each case clang-tidy must name the
// problem and exit 1, and the checks must not crash on the partial AST.
//
// RUN: %no_crash --expect-exit=1 -- %threadleak_tidy --config={} '-checks=-*,threadleak-*' %s \
// RUN:   -- -std=c++20 -pthread | FileCheck %s --check-prefixes=LEAK,QUOTED
// RUN: %no_crash --expect-exit=1 -- %clang_tidy --load=%plugin --config={} '-checks=-*,threadleak-*' %s \
// RUN:   -- -std=c++20 -pthread %libcxx_flags -DANGLED | FileCheck %s --check-prefixes=LEAK,ANGLED
// RUN: %no_crash --expect-exit=1 -- %threadleak_tidy --config={} '-checks=-*,threadleak-*' %s \
// RUN:   -- -std=c++20 -pthread %libcxx_flags -DNO_THREAD_HEADER \
// RUN:   | FileCheck %s --check-prefix=UNDECLARED --implicit-check-not=warning:
// RUN: %no_crash --expect-exit=1 -- %clang_tidy --load=%plugin --config={} '-checks=-*,threadleak-*' %s \
// RUN:   -- -std=c++20 -pthread -DNO_THREAD_HEADER \
// RUN:   | FileCheck %s --check-prefix=UNDECLARED --implicit-check-not=warning:

#ifndef NO_THREAD_HEADER
#include <thread>
#endif

// LEAK: :[[@LINE+2]]:51: warning: {{.*}} [threadleak-detached-thread]
// UNDECLARED: :[[@LINE+1]]:19: error: use of undeclared identifier 'std' [clang-diagnostic-error]
void sentinel() { std::thread([] { for (;;) {} }).detach(); }

#ifdef ANGLED
// ANGLED: :[[@LINE+1]]:10: error: 'threadleak_no_such_header' file not found [clang-diagnostic-error]
#include <threadleak_no_such_header>
#elif !defined(NO_THREAD_HEADER)
// QUOTED: :[[@LINE+1]]:10: error: 'threadleak_no_such_header.h' file not found [clang-diagnostic-error]
#include "threadleak_no_such_header.h"
#endif

// After a fatal error clang parses no further; without the header these
// are more errors.
void afterMissing() {
  // UNDECLARED: :[[@LINE+1]]:3: error: use of undeclared identifier 'std' [clang-diagnostic-error]
  std::thread T([] { while (Undeclared) {} });
  T.detach();
}

// LEAK: Found compiler error(s).
// UNDECLARED: Found compiler error(s).
