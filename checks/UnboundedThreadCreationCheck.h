//===--- UnboundedThreadCreationCheck.h - threadleak ------------*- C++ -*-===//

#ifndef THREADLEAK_CHECKS_UNBOUNDEDTHREADCREATIONCHECK_H
#define THREADLEAK_CHECKS_UNBOUNDEDTHREADCREATIONCHECK_H

#include "ThreadLeakCheck.h"
#include "analysis/ThreadCreationLoops.h"
#include <vector>

namespace clang::tidy::threadleak {

/// Finds threads started on each iteration of a loop that nothing bounds: an
/// accept, receive, poll or queue-pop loop, an endless loop, a loop over a
/// runtime input, when the threads outlive the iteration (detached, or kept
/// in a container declared outside the loop) and nothing in the loop limits
/// how many run at once (a semaphore acquire, a join or wait of earlier
/// threads, a pool). Also through functions the loop calls that start such
/// a thread. A number of threads the program fixes (a constant above
/// MaxThreadsPerLoop, a count, a container filled a fixed number of times:
/// LoopBound::isFixedByProgram) only with ReportFixedThreadCounts. The rules
/// are the analysis's (analysis/ThreadCreationLoops.h).
///
/// For the user-facing documentation see:
/// docs/checks/unbounded-thread-creation.md
class UnboundedThreadCreationCheck : public ThreadLeakCheck {
public:
  using ThreadLeakCheck::ThreadLeakCheck;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerUserCodeMatchers(UserCodeMatchers &Matchers) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  void report(const UnboundedCreation &S);

  /// Every loop of the translation unit, outer ones first.
  std::vector<const Stmt *> Loops;
};

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_UNBOUNDEDTHREADCREATIONCHECK_H
