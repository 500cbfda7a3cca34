// REQUIRES: gtest
// RUN: %check_clang_tidy -std=c++17-or-later %s threadleak-unjoined-thread %t -- -- -pthread
// RUN: %check_clang_tidy -std=c++17 -check-suffixes=,ASSERT %s threadleak-unjoined-thread %t -- \
// RUN:   -config="{CheckOptions: {ReportAssertionFailures: true}}" -- -pthread
// A project that bundles GoogleTest (its headers are not system headers):
// RUN: %check_clang_tidy -std=c++17 %s threadleak-unjoined-thread %t -- -- -pthread --no-system-header-prefix=gtest/
// RUN: %check_clang_tidy -std=c++17 -check-suffixes=,ASSERT %s threadleak-unjoined-thread %t -- \
// RUN:   -config="{CheckOptions: {ReportAssertionFailures: true}}" -- -pthread --no-system-header-prefix=gtest/

// A path that exists only when a test assertion fails is reported only with
// ReportAssertionFailures (the suffix ASSERT): a fatal assertion that fails
// returns from the test or throws, and an exception that leaves a test body
// fails the test, which the framework reports; the joinable thread then
// aborts the test binary instead. Non-fatal assertions record the failure
// and go on: the framework's own code in them throws nothing, the code under
// test in their arguments what it throws. Outside a test body the same
// throw is an ordinary path.

#include <gtest/gtest.h>
#include <thread>

void work();
int answer();
void mayFail();
int local() { return 1; }

TEST(Server, FatalAssertReturns) {
  std::thread T(work);
  // CHECK-MESSAGES-ASSERT: :[[@LINE-1]]:15: warning: thread 'T' is destroyed while still joinable when an exception leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
  ASSERT_EQ(answer(), 42);
  T.join();
}

TEST(Server, FailReturns) {
  std::thread T(work);
  // CHECK-MESSAGES-ASSERT: :[[@LINE-1]]:15: warning: thread 'T' is destroyed while still joinable when an exception leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
  if (answer() != 42)
    FAIL() << "no answer";
  T.join();
}

TEST(Server, NonFatalExpect) {
  std::thread T(work);
  EXPECT_EQ(local(), 1);
  EXPECT_TRUE(local() == 1) << "local";
  T.join();
}

TEST(Server, ExpectArgumentThrows) {
  std::thread T(work);
  // CHECK-MESSAGES-ASSERT: :[[@LINE-1]]:15: warning: thread 'T' is destroyed while still joinable when an exception leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
  EXPECT_EQ(answer(), 42);
  T.join();
}

class ServerTest : public ::testing::Test {};

TEST_F(ServerTest, ThrowLeavesTheTest) {
  std::thread T(work);
  // CHECK-MESSAGES-ASSERT: :[[@LINE-1]]:15: warning: thread 'T' is destroyed while still joinable when an exception leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
  mayFail();
  T.join();
}

// A return the test writes itself is an ordinary path.
TEST(Server, EarlyReturnOfItsOwn) {
  std::thread T(work);
  if (local() == 1)
    return;
  // CHECK-MESSAGES: :[[@LINE-3]]:15: warning: thread 'T' is destroyed while still joinable when a return leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:5: note: this return destroys 'T' before it is joined
  T.join();
}

// Caught inside the test: the author expects it.
TEST(Server, CaughtInTheTest) {
  try {
    std::thread T(work);
    mayFail();
    // CHECK-MESSAGES: :[[@LINE-2]]:17: warning: thread 'T' is destroyed while still joinable when an exception leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: if this throws, the exception destroys 'T' before it is joined
    T.join();
  } catch (...) {
    ADD_FAILURE() << "failed";
  }
}

// Not a test body: the same throw is ordinary.
void helper() {
  std::thread T(work);
  mayFail();
  // CHECK-MESSAGES: :[[@LINE-2]]:15: warning: thread 'T' is destroyed while still joinable when an exception leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: if this throws, the exception destroys 'T' before it is joined
  T.join();
}
