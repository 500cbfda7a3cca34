//===- threadleak/verify_gtest.h - Thread leak check for GoogleTest ------===//
//
// Fails every GoogleTest test that leaves a thread running: a snapshot when
// the test starts (before its fixture is built), the check when it ends
// (after the fixture's TearDown and destructor). The failure is reported at
// the test's TEST/TEST_F line. Threads started in SetUpTestSuite or by an
// Environment are older than the snapshot and do not count.
//
// Once in the test binary, at namespace scope (works with gtest_main):
//
//   THREADLEAK_VERIFY_GTEST();
//   THREADLEAK_VERIFY_GTEST(Options);   // a threadleak::VerifyOptions
//
// or in main(), after InitGoogleTest:
//
//   ::testing::UnitTest::GetInstance()->listeners().Append(
//       new threadleak::GTestListener(Options));
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_VERIFY_GTEST_H
#define THREADLEAK_VERIFY_GTEST_H

#include "threadleak/verify.h"

#include <gtest/gtest.h>

#include <utility>

namespace threadleak {

class GTestListener : public ::testing::EmptyTestEventListener {
public:
  explicit GTestListener(VerifyOptions Options = {})
      : Options(std::move(Options)), Before(ThreadSnapshot::take()) {}

  void OnTestStart(const ::testing::TestInfo &) override {
    Before = ThreadSnapshot::take();
  }

  // GoogleTest calls the OnTestEnd of appended listeners before the default
  // printer's, so the test is reported FAILED.
  void OnTestEnd(const ::testing::TestInfo &Test) override {
    const VerifyResult Result = verifyNoNewThreads(Before, Options);
    if (!Result)
      ADD_FAILURE_AT(Test.file(), Test.line()) << Result.message();
  }

private:
  VerifyOptions Options;
  ThreadSnapshot Before;
};

/// Appends a GTestListener to GoogleTest's listeners, which own it.
inline bool installGTestListener(VerifyOptions Options = {}) {
  ::testing::UnitTest::GetInstance()->listeners().Append(
      new GTestListener(std::move(Options)));
  return true;
}

} // namespace threadleak

/// Installs the check for every test of the binary, during static
/// initialization. Use it once, at namespace scope; the optional argument
/// is a threadleak::VerifyOptions.
#define THREADLEAK_VERIFY_GTEST(...)                                           \
  [[maybe_unused]] static const bool ThreadleakGTestListenerInstalled =        \
      ::threadleak::installGTestListener(__VA_ARGS__)

#endif // THREADLEAK_VERIFY_GTEST_H
