// REQUIRES: doctest
// RUN: %check_clang_tidy -std=c++17-or-later %s threadleak-unjoined-thread %t -- -- -pthread
// RUN: %check_clang_tidy -std=c++17 -check-suffixes=,ASSERT %s threadleak-unjoined-thread %t -- \
// RUN:   -config="{CheckOptions: {ReportAssertionFailures: true}}" -- -pthread
// A project that bundles doctest (as taskflow does):
// RUN: %check_clang_tidy -std=c++17 -check-suffixes=,ASSERT %s threadleak-unjoined-thread %t -- \
// RUN:   -config="{CheckOptions: {ReportAssertionFailures: true}}" -- -pthread --no-system-header-prefix=doctest/

// A path that exists only when a test assertion fails is reported only with
// ReportAssertionFailures (the suffix ASSERT): a fatal assertion that fails
// returns from the test or throws, and an exception that leaves a test body
// fails the test, which the framework reports; the joinable thread then
// aborts the test binary instead. Non-fatal assertions record the failure
// and go on: the framework's own code in them throws nothing, the code under
// test in their arguments what it throws. Outside a test body the same
// throw is an ordinary path.

#define DOCTEST_CONFIG_NO_SHORT_MACRO_NAMES
#include <doctest/doctest.h>
#include <thread>

void work();
int answer();
void mayFail();
int local() { return 1; }

DOCTEST_TEST_CASE("fatal require") {
  std::thread T(work);
  // CHECK-MESSAGES-ASSERT: :[[@LINE-1]]:15: warning: thread 'T' is destroyed while still joinable when an exception leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
  DOCTEST_REQUIRE(answer() == 42);
  T.join();
}

DOCTEST_TEST_CASE("non-fatal check") {
  std::thread T(work);
  DOCTEST_CHECK(local() == 1);
  T.join();
}

DOCTEST_TEST_CASE("sections") {
  DOCTEST_SUBCASE("first") {
    std::thread T(work);
    // CHECK-MESSAGES-ASSERT: :[[@LINE-1]]:17: warning: thread 'T' is destroyed while still joinable when an exception leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
    DOCTEST_REQUIRE(local() == 1);
    T.join();
  }
}

DOCTEST_TEST_CASE("a throw leaves the test") {
  std::thread T(work);
  // CHECK-MESSAGES-ASSERT: :[[@LINE-1]]:15: warning: thread 'T' is destroyed while still joinable when an exception leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
  mayFail();
  T.join();
}

// Not a test body: the same throw is ordinary.
void helper() {
  std::thread T(work);
  mayFail();
  // CHECK-MESSAGES: :[[@LINE-2]]:15: warning: thread 'T' is destroyed while still joinable when an exception leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: if this throws, the exception destroys 'T' before it is joined
  T.join();
}
