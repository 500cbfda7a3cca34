//===--- ThreadLeakCheck.h - threadleak -------------------------*- C++ -*-===//
//
// Base of every threadleak check: the options of the shared analysis
// (ThreadLaunchers, BlockingFunctions, MaxCallDepth) and the one
// ThreadAnalysis per translation unit that every threadleak check of the
// run with the same options shares.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_THREADLEAKCHECK_H
#define THREADLEAK_CHECKS_THREADLEAKCHECK_H

#include "analysis/ThreadAnalysis.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"
#include <string>

namespace clang::tidy::threadleak {

class ThreadLeakCheck : public ClangTidyCheck {
public:
  ThreadLeakCheck(StringRef Name, ClangTidyContext *Context);
  ~ThreadLeakCheck() override;
  ThreadLeakCheck(const ThreadLeakCheck &) = delete;
  ThreadLeakCheck &operator=(const ThreadLeakCheck &) = delete;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override;

protected:
  /// Registers threadLaunchMatchers (with the ThreadLaunchers option) for
  /// this check; each match binds "launch".
  void registerLaunchMatchers(ast_matchers::MatchFinder *Finder);
  /// The shared analysis for the current translation unit.
  ThreadAnalysis &analysis(ASTContext &Context);
  /// Whether \p Launch's thread belongs to an object that lives as long as
  /// the process by design (analysis/Lifetimes.h) and the
  /// ReportProcessLifetimeThreads option is off: such a thread is not
  /// reported.
  bool isProcessLifetimeThread(const ThreadLaunch &Launch, ASTContext &Context);
  /// Whether threadleak-detached-thread is enabled and reports \p Launch's
  /// thread at its detach: one leak gives one warning when several checks
  /// run together, at the place closest to its fix.
  bool isReportedAtDetach(const ThreadLaunch &Launch, ASTContext &Context);
  /// The launch that a match of registerLaunchMatchers or
  /// containerLaunchMatcher binds to "launch", interpreted; none for other
  /// matches and for what getThreadLaunch rejects.
  std::optional<ThreadLaunch>
  matchedLaunch(const ast_matchers::MatchFinder::MatchResult &Result) const;
  /// \p Launches, the launches the check matched, with the calls of the
  /// translation unit's thread wrappers added (ThreadWrappers.h): matchers
  /// cannot name them, the index finds them.
  std::vector<ThreadLaunch>
  withWrapperLaunches(std::vector<ThreadLaunch> Launches, ASTContext &Context);
  /// Qualified names from the ThreadLaunchers option.
  const std::vector<std::string> &threadLaunchers() const {
    return ThreadLaunchers;
  }
  /// True the first time a location is reported in this translation unit, so
  /// a template instantiated many times yields one diagnostic.
  bool firstReportAt(SourceLocation Loc);

private:
  const std::string ThreadLaunchersOption;
  const std::string BlockingFunctionsOption;
  const unsigned MaxCallDepth;
  const bool ReportProcessLifetimeThreads;
  const std::vector<std::string> ThreadLaunchers;
  /// Identifies the analysis this check shares: the run and the options.
  const std::string SharingKey;
  /// The translation unit this check last started (see
  /// onStartOfTranslationUnit).
  unsigned Generation = 0;
  const bool DetachedThreadCheckEnabled;
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_THREADLEAKCHECK_H
