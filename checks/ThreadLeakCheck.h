//===--- ThreadLeakCheck.h - threadleak -------------------------*- C++ -*-===//
//
// Base of every threadleak check: where its matchers run (once per run, over
// the translation unit's own code: UserCodeMatchFinder.h), the options of
// the shared analysis (ThreadLaunchers, BlockingFunctions, MaxCallDepth) and
// the one ThreadAnalysis per translation unit that every threadleak check of
// the run with the same options shares.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_THREADLEAKCHECK_H
#define THREADLEAK_CHECKS_THREADLEAKCHECK_H

#include "analysis/ReportingPolicy.h"
#include "analysis/ThreadAnalysis.h"
#include "analysis/ThreadCreationLoops.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>
#include <string>

namespace clang::tidy::threadleak {

class CheckMatches;
class LaunchCollector;
class UserCodeMatchFinder;

class ThreadLeakCheck : public ClangTidyCheck {
public:
  ThreadLeakCheck(StringRef Name, ClangTidyContext *Context);
  ~ThreadLeakCheck() override;
  ThreadLeakCheck(const ThreadLeakCheck &) = delete;
  ThreadLeakCheck &operator=(const ThreadLeakCheck &) = delete;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override;

  /// Registers the check's matchers (registerUserCodeMatchers) and, once
  /// per run, the thread launch matchers every check reads
  /// (matchedLaunches).
  void registerMatchers(ast_matchers::MatchFinder *Finder) final;

  /// Where a check adds its matchers. They run over the translation unit's
  /// own code only, in one pass for every threadleak check of the run
  /// (UserCodeMatchFinder.h), and their matches reach the check's check().
  class UserCodeMatchers {
  public:
    UserCodeMatchers(ast_matchers::MatchFinder &Finder,
                     ast_matchers::MatchFinder::MatchCallback &Check)
        : Finder(Finder), Check(Check) {}
    template <typename MatcherT> void add(const MatcherT &Matcher) {
      Finder.addMatcher(Matcher, &Check);
    }

  private:
    ast_matchers::MatchFinder &Finder;
    ast_matchers::MatchFinder::MatchCallback &Check;
  };

  /// Adds the check's own matchers; a check that only reads the launches
  /// and the shared analysis adds none.
  virtual void registerUserCodeMatchers(UserCodeMatchers &Matchers) {}

  /// Which paths and thread counts are reported (analysis/ReportingPolicy.h):
  /// the options ReportEnvironmentFailures, ReportAssertionFailures and
  /// ReportFixedThreadCounts.
  const ReportingPolicy &policy() const { return Policy; }

protected:
  /// The translation unit being checked, once a launch in it has matched;
  /// null when none has.
  ASTContext *launchContext();
  /// Whether matchedLaunches includes the threads a container's
  /// emplace_back starts (`Workers.emplace_back([this] { run(); })`).
  enum class ContainerLaunches { Excluded, Included };
  /// The launches the run's launch matchers matched in this translation unit,
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
  /// Why threadleak-unobserved-stop-token reports \p Launch's std::jthread
  /// as one a stop request cannot end (analysis/StopTokens.h,
  /// unstoppableJThread); nullopt when it does not. That check reports what
  /// this says, and the others leave such a thread to it, so they cannot
  /// disagree.
  std::optional<ForeverEvidence>
  unstoppableJThreadReport(const ThreadLaunch &Launch, ASTContext &Context);
  /// The stop token that threadleak-unobserved-stop-token reports \p Wait,
  /// in \p F reached from \p Launch, as unable to wake it
  /// (analysis/StopTokens.h, stopTokenIgnoredBy); null when it does not
  /// (also when it reports the whole thread, unstoppableJThreadReport).
  const ValueDecl *ignoredStopTokenReport(const ThreadLaunch &Launch,
                                          const BlockingCall &Wait,
                                          const FunctionDecl *F,
                                          ASTContext &Context);
  /// Whether threadleak-unobserved-stop-token is enabled, is not this check
  /// and reports \p Launch's thread (unstoppableJThreadReport): one leak
  /// gives one warning, the one whose fix is the token.
  bool isReportedAsUnstoppableJThread(const ThreadLaunch &Launch,
                                      ASTContext &Context);
  /// Likewise for a wait (ignoredStopTokenReport).
  bool isReportedAsIgnoringStopToken(const ThreadLaunch &Launch,
                                     const BlockingCall &Wait,
                                     const FunctionDecl *F,
                                     ASTContext &Context);
  /// The loops of the current translation unit that start threads that
  /// pile up (analysis/ThreadCreationLoops.h), with the options of
  /// threadleak-unbounded-thread-creation: that check reports them, the
  /// others ask isReportedAsUnboundedCreation.
  ThreadCreationLoops &threadCreationLoops(ASTContext &Context);
  /// The options of threadleak-unbounded-thread-creation
  /// (MaxThreadsPerLoop, ReportFixedThreadCounts, BlockingFunctions).
  const ThreadCreationLimits &unboundedCreationLimits() const {
    return UnboundedCreationLimits;
  }
  /// Whether threadleak-unbounded-thread-creation is enabled, is not this
  /// check and reports a thread started inside \p S, a statement of \p F:
  /// one loop gives one warning, the one about what bounds it.
  bool isReportedAsUnboundedCreation(const FunctionDecl *F, const Stmt *S,
                                     ASTContext &Context);
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
  /// The only match of clang-tidy's finder for this check is the
  /// translation unit, which starts and ends it; every other match comes
  /// through CheckMatches.
  void run(const ast_matchers::MatchFinder::MatchResult &Result) final;
  /// Whether threadleak-unobserved-stop-token looks at \p Launch: C++20,
  /// not a container's or a thread wrapper's launch, a body defined here,
  /// and a thread left neither to its process-lifetime owner nor to its
  /// detach.
  bool isJudgedForStopTokens(const ThreadLaunch &Launch, ASTContext &Context);
  /// Whether another check is enabled to report what \p Check reports.
  bool leavesTo(StringRef Check, bool Enabled) const;

  const std::string ThreadLaunchersOption;
  const std::string BlockingFunctionsOption;
  const unsigned MaxCallDepth;
  const bool ReportProcessLifetimeThreads;
  const ReportingPolicy Policy;
  const std::vector<std::string> ThreadLaunchers;
  /// Identifies the analysis this check shares: the run and the options.
  const std::string SharingKey;
  /// The translation unit this check last started (see
  /// onStartOfTranslationUnit).
  unsigned Generation = 0;
  const bool DetachedThreadCheckEnabled;
  const bool UnobservedStopTokenCheckEnabled;
  const bool UnboundedCreationCheckEnabled;
  const ThreadCreationLimits UnboundedCreationLimits;
  /// threadCreationLoops, for the current translation unit.
  std::unique_ptr<ThreadCreationLoops> CreationLoops;
  llvm::DenseSet<SourceLocation> Reported;
  /// Set when this check registered the run's launch matchers.
  std::unique_ptr<LaunchCollector> Collector;
  std::unique_ptr<CheckMatches> Matches;
  /// Held by every check of the run; the last one frees it.
  std::shared_ptr<UserCodeMatchFinder> UserCode;
  friend class CheckMatches;
  friend class LaunchCollector;
};

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_THREADLEAKCHECK_H
