//===--- Lifetimes.h - threadleak -------------------------------*- C++ -*-===//
//
// Who owns a thread, and whether the owner lives as long as the process by
// design: a class whose destructor is deleted or always aborts, or which
// the translation unit only creates in ways that are never destroyed (a
// function-local static, `new` never deleted, placement new into static
// storage as NoDestructor-style wrappers do). A thread such an object owns
// runs until the process exits on purpose; the checks do not report it
// unless their ReportProcessLifetimeThreads option is set. And what a test
// framework runs on an object before its destructor (frameworkTearDown),
// which counts as part of its destruction.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_LIFETIMES_H
#define THREADLEAK_CHECKS_ANALYSIS_LIFETIMES_H

#include "ThreadLaunches.h"
#include "TranslationUnitIndex.h"
#include "clang/AST/DeclCXX.h"

namespace clang::tidy::threadleak {

class ThreadAnalysis;

/// The class whose member function runs \p Launch's thread (through a
/// lambda written in a member function, too); null for a free function.
const CXXRecordDecl *owningClass(const ThreadLaunch &Launch);

/// Whether objects of \p Class are never destroyed by design.
bool livesAsLongAsTheProcess(const CXXRecordDecl *Class,
                             const TranslationUnitIndex &Index,
                             ThreadAnalysis &Analysis);

/// The member function a test framework always runs on an object of
/// \p Class after the test and before the destructor, when \p Class
/// derives from one of the framework's fixture bases: the overrider in
/// \p Class (its own or a base's) of GoogleTest's `TearDown()` for a
/// `::testing::Test` (TestWithParam<T> too) or `::testing::Environment`,
/// which GoogleTest calls after `SetUp()` and the body even when a fatal
/// `ASSERT_*` failed or the body threw; of CppUnit's `tearDown()` for a
/// `CppUnit::TestFixture`, called whenever `setUp()` succeeded. What it does
/// is part of the object's destruction. Null for any other class, and when
/// the framework's own empty tear-down is not overridden: Catch2, doctest
/// and Boost.Test fixtures are plain classes, torn down by their
/// destructor.
///
/// \code
///   class ServerTest : public ::testing::Test {
///     void SetUp() override { T = std::thread([this] { Svr.listen(); }); }
///     void TearDown() override { Svr.stop(); T.join(); } // this one
///     Server Svr;
///     std::thread T;
///   };
/// \endcode
const CXXMethodDecl *frameworkTearDown(const CXXRecordDecl *Class);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_LIFETIMES_H
