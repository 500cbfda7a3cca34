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
#include <memory>
#include <string>

namespace clang::tidy::threadleak {

class LaunchCollector;

class ThreadLeakCheck : public ClangTidyCheck {
public:
  ThreadLeakCheck(StringRef Name, ClangTidyContext *Context);
  ~ThreadLeakCheck() override;
  ThreadLeakCheck(const ThreadLeakCheck &) = delete;
  ThreadLeakCheck &operator=(const ThreadLeakCheck &) = delete;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override;

protected:
  /// Makes the translation unit's thread launches available through
  /// matchedLaunches. The launch matchers (threadLaunchMatchers and
  /// containerLaunchMatcher) are registered once per run, by the first
  /// threadleak check that asks, and every check that asks reads the same
  /// matches: eight checks no longer try the same matchers on every call and
  /// construction.
  /// It also registers a match of the translation unit itself, which
  /// check() ignores (isTranslationUnitMatch).
  void registerLaunchMatchers(ast_matchers::MatchFinder *Finder);
  static bool
  isTranslationUnitMatch(const ast_matchers::MatchFinder::MatchResult &Result);
  /// The translation unit being checked, once a launch in it has matched;
  /// null when none has.
  ASTContext *launchContext();
  /// Whether matchedLaunches includes the threads a container's
  /// emplace_back starts (`Workers.emplace_back([this] { run(); })`).
  enum class ContainerLaunches { Excluded, Included };
  /// The launches registerLaunchMatchers matched in this translation unit,
  /// in the order they were matched.
  std::vector<ThreadLaunch> matchedLaunches(ContainerLaunches Containers);
  /// \p Launches with the calls of the translation unit's thread wrappers
  /// added (ThreadWrappers.h): matchers cannot name them, the index finds
  /// them.
  std::vector<ThreadLaunch>
  withWrapperLaunches(std::vector<ThreadLaunch> Launches, ASTContext &Context);
  /// Whether \p Launch's thread belongs to an object that lives as long as
  /// the process by design (analysis/Lifetimes.h) and the
  /// ReportProcessLifetimeThreads option is off: such a thread is not
  /// reported.
  bool isProcessLifetimeThread(const ThreadLaunch &Launch, ASTContext &Context);
  /// Whether threadleak-detached-thread is enabled and reports \p Launch's
  /// thread at its detach: one leak gives one warning when several checks
  /// run together, at the place closest to its fix.
  bool isReportedAtDetach(const ThreadLaunch &Launch, ASTContext &Context);
  /// The shared analysis for the current translation unit.
  ThreadAnalysis &analysis(ASTContext &Context);
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
  /// Set when this check registered the run's launch matchers.
  std::unique_ptr<LaunchCollector> Collector;
  friend class LaunchCollector;
};

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_THREADLEAKCHECK_H
