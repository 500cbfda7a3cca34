//===--- ReportingPolicy.h - threadleak -------------------------*- C++ -*-===//
//
// Which paths the checks report (docs/analysis.md#what-is-reported): a
// leak on a path the program takes in ordinary use or on an ordinary error
// is reported by default; a path that needs the environment to fail or the
// program to misuse a library (a thread that cannot start, at() out of
// range, a std::logic_error), one that exists only when a test assertion
// fails, and a number of threads the program fixes rather than one per
// event or input element, only with the option that names it.
//
// Also: whether a location is inside a test framework's assertion macro
// (GoogleTest, Catch2, doctest, Boost.Test), and whether that assertion is
// fatal (ASSERT_*, REQUIRE, FAIL: it returns or throws when it fails) or
// not (EXPECT_*, CHECK: it records the failure and goes on).
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_REPORTINGPOLICY_H
#define THREADLEAK_CHECKS_ANALYSIS_REPORTINGPOLICY_H

#include "clang/AST/Decl.h"
#include "clang/Basic/LangOptions.h"
#include "clang/Basic/SourceLocation.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::threadleak {

/// Why a path is taken, as a set of bits: the causes of an exception that
/// an expression may throw, or of an early return.
enum PathCause : unsigned {
  NoCause = 0,
  /// Ordinary use or an ordinary error: a `throw` of the project's code
  /// (other than of a std::logic_error itself), a function of the project
  /// defined in another file, std::stoi on bad input, a task's exception
  /// rethrown.
  OrdinaryPath = 1U << 0,
  /// The environment fails or a library is misused: a thread, task or
  /// allocation that cannot be created (std::system_error), at() out of
  /// range, optional::value() when empty, a `throw std::logic_error`.
  EnvironmentFailurePath = 1U << 1,
  /// A test assertion fails: ASSERT_* returns, REQUIRE throws.
  AssertionFailurePath = 1U << 2,
  /// An exception caught earlier is thrown again (std::rethrow_exception,
  /// a coroutine's or a future's stored exception): its first cause is not
  /// followed.
  RelayedPath = 1U << 3,
};

/// A path the function's own code expects: an exception that a try block of
/// the function catches is one its author wrote the handler for, whatever
/// made it (a thread that cannot start, a relayed exception), unless it is
/// a failed test assertion.
inline unsigned expectedByTheAuthor(unsigned Causes) {
  return (Causes & (EnvironmentFailurePath | RelayedPath))
             ? (Causes & AssertionFailurePath) | OrdinaryPath
             : Causes;
}

/// The options that decide which paths and counts are reported. Every
/// threadleak check reads them (ThreadLeakCheck); they are global options,
/// so one setting serves all checks.
struct ReportingPolicy {
  /// ReportEnvironmentFailures: paths that need the environment to fail or
  /// a library to be misused.
  bool EnvironmentFailures = false;
  /// ReportAssertionFailures: paths that exist only when a test assertion
  /// fails.
  bool AssertionFailures = false;
  /// ReportFixedThreadCounts: threads started a number of times the
  /// program fixes (a constant, a count it chooses, a pool sized when it
  /// is built) rather than once per event or input element.
  bool FixedThreadCounts = false;

  /// The path causes reported.
  unsigned reportedCauses() const {
    return OrdinaryPath | (EnvironmentFailures ? EnvironmentFailurePath : 0) |
           (AssertionFailures ? AssertionFailurePath : 0);
  }
  bool reports(unsigned Causes) const {
    return (Causes & reportedCauses()) != 0;
  }
};

/// A test framework's assertion that a location is expanded from.
enum class TestAssertion {
  None,
  /// ASSERT_*, FAIL() (GoogleTest), REQUIRE*, FAIL (Catch2, doctest),
  /// BOOST_REQUIRE*, BOOST_FAIL: a failure returns from the test or
  /// throws.
  Fatal,
  /// EXPECT_*, ADD_FAILURE (GoogleTest), CHECK*, WARN*, INFO (Catch2,
  /// doctest), BOOST_CHECK*, BOOST_TEST, BOOST_WARN*: a failure is
  /// recorded and the test goes on.
  NonFatal,
};

struct AssertionSite {
  TestAssertion Kind = TestAssertion::None;
  /// Whether the location is in an argument of the macro (the code under
  /// test, `EXPECT_EQ(F(), 1)`), not in the framework's own expansion.
  bool InArgument = false;
};

/// The test assertion \p Loc is expanded from. A macro counts when its
/// expansion goes through the framework's own macros (GTEST_, INTERNAL_CATCH_,
/// DOCTEST_, BOOST_TEST_ names), so that a project's own CHECK or ASSERT
/// macro is not taken for one.
AssertionSite testAssertionAt(SourceLocation Loc, const SourceManager &SM,
                              const LangOptions &LangOpts);

/// Whether \p F is a test body a framework's macro declares (`TEST(S, N)`,
/// `TEST_F`, Catch2's and doctest's `TEST_CASE`, `SECTION`s included,
/// `BOOST_AUTO_TEST_CASE`): an exception that leaves it fails the test, and
/// the framework reports it.
bool isTestBody(const FunctionDecl *F);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_REPORTINGPOLICY_H
