// REQUIRES: boost-test
// RUN: %check_clang_tidy -std=c++17-or-later %s threadleak-unjoined-thread %t -- -- -pthread -D_LIBCPP_ENABLE_CXX17_REMOVED_UNARY_BINARY_FUNCTION
// RUN: %check_clang_tidy -std=c++17 -check-suffixes=,ASSERT %s threadleak-unjoined-thread %t -- \
// RUN:   -config="{CheckOptions: {ReportAssertionFailures: true}}" -- -pthread -D_LIBCPP_ENABLE_CXX17_REMOVED_UNARY_BINARY_FUNCTION
// Boost 1.74 still uses std::unary_function, which libc++ removes in C++17.

// A path that exists only when a test assertion fails is reported only with
// ReportAssertionFailures (the suffix ASSERT): a fatal assertion that fails
// returns from the test or throws, and an exception that leaves a test body
// fails the test, which the framework reports; the joinable thread then
// aborts the test binary instead. Non-fatal assertions record the failure
// and go on: the framework's own code in them throws nothing, the code under
// test in their arguments what it throws. Outside a test body the same
// throw is an ordinary path.

#define BOOST_TEST_MODULE assertions
#include <boost/test/included/unit_test.hpp>
#include <thread>

void work();
int answer();
void mayFail();
int local() { return 1; }

BOOST_AUTO_TEST_CASE(fatal_require) {
  std::thread T(work);
  // CHECK-MESSAGES-ASSERT: :[[@LINE-1]]:15: warning: thread 'T' is destroyed while still joinable when an exception leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
  BOOST_REQUIRE(answer() == 42);
  T.join();
}

BOOST_AUTO_TEST_CASE(non_fatal_check) {
  std::thread T(work);
  BOOST_CHECK(local() == 1);
  BOOST_TEST(local() == 1);
  BOOST_WARN(local() == 1);
  T.join();
}

BOOST_AUTO_TEST_CASE(throw_leaves_the_test) {
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
