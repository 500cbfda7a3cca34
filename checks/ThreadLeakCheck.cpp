//===--- ThreadLeakCheck.cpp - threadleak ---------------------------------===//

#include "ThreadLeakCheck.h"
#include "UserCodeMatchFinder.h"
#include "analysis/Names.h"
#include "analysis/StopTokens.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/StringMap.h"
#include <memory>
#include <mutex>

namespace clang::tidy::threadleak {

namespace {

/// The analyses the threadleak checks of each run share. clangd builds
/// several files at once, each with its own ClangTidyContext and checks, so
/// the table is guarded; an analysis itself is used by one file's checks,
/// on one thread.
struct SharedAnalyses {
  struct Entry {
    unsigned Users = 0;
    unsigned Generation = 0;
    std::unique_ptr<ThreadAnalysis> Analysis;
    /// Whether a live check has registered the launch matchers.
    bool HasCollector = false;
    /// What they matched in the current translation unit, and its AST.
    std::vector<ThreadLaunch> Launches;
    ASTContext *LaunchContext = nullptr;
  };
  std::mutex Lock;
  llvm::StringMap<Entry> Entries;

  static SharedAnalyses &get() {
    static SharedAnalyses Instance;
    return Instance;
  }
};

} // namespace

/// Receives the matches of the run's launch matchers for every sharing
/// check.
class LaunchCollector : public ast_matchers::MatchFinder::MatchCallback {
public:
  explicit LaunchCollector(ThreadLeakCheck &Owner) : Owner(Owner) {}

  void run(const ast_matchers::MatchFinder::MatchResult &Result) override {
    const auto *Launch = Result.Nodes.getNodeAs<Expr>("launch");
    std::optional<ThreadLaunch> L =
        Launch ? getThreadLaunch(Launch, Owner.ThreadLaunchers) : std::nullopt;
    if (!L)
      return;
    // Which handle a pthread_create writes, and with which attributes, is
    // known at the launch; DetachedThreads needs it before any check asks.
    DetachedThreads &Threads =
        Owner.analysis(*Result.Context).detachedThreads();
    if (L->Kind == LaunchKind::Pthread) {
      Threads.addPthreadLaunch(
          *L, referencedDecl(cast<CallExpr>(Launch)->getArg(1)));
      if (const ValueDecl *Handle = pthreadHandle(*L))
        Threads.addLaunchInto(*L, Handle);
    }
    SharedAnalyses &Shared = SharedAnalyses::get();
    std::scoped_lock Guard(Shared.Lock);
    SharedAnalyses::Entry &Entry = Shared.Entries[Owner.SharingKey];
    Entry.LaunchContext = Result.Context;
    Entry.Launches.push_back(*L);
  }

private:
  ThreadLeakCheck &Owner;
};

/// The options of threadleak-unbounded-thread-creation, as that check reads
/// them, for every check that asks what it reports.
static ThreadCreationLimits
unboundedCreationOptions(ClangTidyContext *Context) {
  ClangTidyCheck::OptionsView Options("threadleak-unbounded-thread-creation",
                                      Context->getOptions().CheckOptions,
                                      Context);
  ThreadCreationLimits Limits;
  Limits.MaxThreadsPerLoop =
      Options.get("MaxThreadsPerLoop", Limits.MaxThreadsPerLoop);
  Limits.FixedThreadCounts =
      Options.getLocalOrGlobal("ReportFixedThreadCounts", false);
  Limits.Blocking =
      parseBlockingFunctions(Options.getLocalOrGlobal("BlockingFunctions", ""));
  return Limits;
}

ThreadLeakCheck::ThreadLeakCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ThreadLaunchersOption(Options.getLocalOrGlobal("ThreadLaunchers", "")),
      BlockingFunctionsOption(
          Options.getLocalOrGlobal("BlockingFunctions", "")),
      MaxCallDepth(Options.getLocalOrGlobal("MaxCallDepth", 4U)),
      ReportProcessLifetimeThreads(
          Options.getLocalOrGlobal("ReportProcessLifetimeThreads", false)),
      Policy{Options.getLocalOrGlobal("ReportEnvironmentFailures", false),
             Options.getLocalOrGlobal("ReportAssertionFailures", false),
             Options.getLocalOrGlobal("ReportFixedThreadCounts", false)},
      ThreadLaunchers(parseQualifiedNames(ThreadLaunchersOption)),
      SharingKey(std::to_string(reinterpret_cast<uintptr_t>(Context)) + "\n" +
                 ThreadLaunchersOption + "\n" + BlockingFunctionsOption + "\n" +
                 std::to_string(MaxCallDepth)),
      DetachedThreadCheckEnabled(
          Context->isCheckEnabled("threadleak-detached-thread")),
      UnobservedStopTokenCheckEnabled(
          Context->isCheckEnabled("threadleak-unobserved-stop-token")),
      UnboundedCreationCheckEnabled(
          Context->isCheckEnabled("threadleak-unbounded-thread-creation")),
      UnboundedCreationLimits(unboundedCreationOptions(Context)) {
  SharedAnalyses &Shared = SharedAnalyses::get();
  std::scoped_lock Guard(Shared.Lock);
  ++Shared.Entries[SharingKey].Users;
}

ThreadLeakCheck::~ThreadLeakCheck() {
  SharedAnalyses &Shared = SharedAnalyses::get();
  std::scoped_lock Guard(Shared.Lock);
  auto It = Shared.Entries.find(SharingKey);
  if (It == Shared.Entries.end())
    return;
  if (Collector)
    It->second.HasCollector = false;
  if (--It->second.Users == 0)
    Shared.Entries.erase(It);
}

void ThreadLeakCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ThreadLaunchers", ThreadLaunchersOption);
  Options.store(Opts, "BlockingFunctions", BlockingFunctionsOption);
  Options.store(Opts, "MaxCallDepth", MaxCallDepth);
  Options.store(Opts, "ReportProcessLifetimeThreads",
                ReportProcessLifetimeThreads);
  Options.store(Opts, "ReportEnvironmentFailures", Policy.EnvironmentFailures);
  Options.store(Opts, "ReportAssertionFailures", Policy.AssertionFailures);
  Options.store(Opts, "ReportFixedThreadCounts", Policy.FixedThreadCounts);
}

void ThreadLeakCheck::onStartOfTranslationUnit() {
  Reported.clear();
  CreationLoops.reset();
  // The first sharing check to start a translation unit drops the previous
  // one's analysis; the others find the generation already advanced.
  SharedAnalyses &Shared = SharedAnalyses::get();
  std::scoped_lock Guard(Shared.Lock);
  SharedAnalyses::Entry &Entry = Shared.Entries[SharingKey];
  if (Generation == Entry.Generation) {
    ++Entry.Generation;
    Entry.Analysis.reset();
    Entry.Launches.clear();
    Entry.LaunchContext = nullptr;
  }
  Generation = Entry.Generation;
}

/// Hands the matches of a check's matchers in UserCodeMatchFinder to the
/// check. The check itself is not that finder's callback: the finder would
/// start and end the translation unit for it a second time.
class CheckMatches : public ast_matchers::MatchFinder::MatchCallback {
public:
  explicit CheckMatches(ThreadLeakCheck &Check) : Check(Check) {}
  StringRef getID() const override { return Check.getID(); }
  void run(const ast_matchers::MatchFinder::MatchResult &Result) override {
    Check.check(Result);
  }

private:
  ThreadLeakCheck &Check;
};

void ThreadLeakCheck::registerMatchers(ast_matchers::MatchFinder *Finder) {
  // clang-tidy starts and ends the translation unit only for the callbacks
  // of its own finder's matchers: this one matches once per unit.
  Finder->addMatcher(ast_matchers::translationUnitDecl(), this);
  UserCode = UserCodeMatchFinder::forRun(*Finder);
  bool RegistersLaunches = false;
  {
    SharedAnalyses &Shared = SharedAnalyses::get();
    std::scoped_lock Guard(Shared.Lock);
    SharedAnalyses::Entry &Entry = Shared.Entries[SharingKey];
    RegistersLaunches = !Entry.HasCollector;
    Entry.HasCollector = true;
  }
  if (RegistersLaunches) {
    Collector = std::make_unique<LaunchCollector>(*this);
    for (const ast_matchers::StatementMatcher &Launch :
         threadLaunchMatchers(ThreadLaunchers))
      UserCode->finder().addMatcher(Launch, Collector.get());
    UserCode->finder().addMatcher(containerLaunchMatcher(), Collector.get());
  }
  Matches = std::make_unique<CheckMatches>(*this);
  UserCodeMatchers Matchers(UserCode->finder(), *Matches);
  registerUserCodeMatchers(Matchers);
}

void ThreadLeakCheck::run(const ast_matchers::MatchFinder::MatchResult &) {}

ASTContext *ThreadLeakCheck::launchContext() {
  SharedAnalyses &Shared = SharedAnalyses::get();
  std::scoped_lock Guard(Shared.Lock);
  return Shared.Entries[SharingKey].LaunchContext;
}

std::vector<ThreadLaunch>
ThreadLeakCheck::matchedLaunches(ContainerLaunches Containers) {
  SharedAnalyses &Shared = SharedAnalyses::get();
  std::scoped_lock Guard(Shared.Lock);
  std::vector<ThreadLaunch> Launches;
  for (const ThreadLaunch &Launch : Shared.Entries[SharingKey].Launches)
    if (Containers == ContainerLaunches::Included || !isContainerLaunch(Launch))
      Launches.push_back(Launch);
  return Launches;
}

std::vector<ThreadLaunch>
ThreadLeakCheck::withWrapperLaunches(std::vector<ThreadLaunch> Launches,
                                     ASTContext &Context) {
  llvm::append_range(Launches, analysis(Context).index().WrapperLaunches);
  return Launches;
}

ThreadAnalysis &ThreadLeakCheck::analysis(ASTContext &Context) {
  SharedAnalyses &Shared = SharedAnalyses::get();
  std::scoped_lock Guard(Shared.Lock);
  SharedAnalyses::Entry &Entry = Shared.Entries[SharingKey];
  if (!Entry.Analysis)
    Entry.Analysis = std::make_unique<ThreadAnalysis>(
        Context, MaxCallDepth, parseBlockingFunctions(BlockingFunctionsOption));
  return *Entry.Analysis;
}

bool ThreadLeakCheck::isProcessLifetimeThread(const ThreadLaunch &Launch,
                                              ASTContext &Context) {
  return !ReportProcessLifetimeThreads &&
         analysis(Context).hasProcessLifetimeOwner(Launch);
}

bool ThreadLeakCheck::leavesTo(StringRef Check, bool Enabled) const {
  return Enabled && getID() != Check;
}

bool ThreadLeakCheck::isReportedAtDetach(const ThreadLaunch &Launch,
                                         ASTContext &Context) {
  if (!leavesTo("threadleak-detached-thread", DetachedThreadCheckEnabled))
    return false;
  ThreadAnalysis &Analysis = analysis(Context);
  return Analysis.detachedThreads().isDetached(Launch) &&
         Analysis.findRunsForever(Launch.Body);
}

bool ThreadLeakCheck::isJudgedForStopTokens(const ThreadLaunch &Launch,
                                            ASTContext &Context) {
  return Context.getLangOpts().CPlusPlus20 && !isContainerLaunch(Launch) &&
         !Launch.Wrapped &&
         analysableDefinition(Launch.Body, Context.getSourceManager()) &&
         !isProcessLifetimeThread(Launch, Context) &&
         !isReportedAtDetach(Launch, Context);
}

std::optional<ForeverEvidence>
ThreadLeakCheck::unstoppableJThreadReport(const ThreadLaunch &Launch,
                                          ASTContext &Context) {
  if (Launch.Kind != LaunchKind::StdJThread ||
      !isJudgedForStopTokens(Launch, Context))
    return std::nullopt;
  return unstoppableJThread(Launch, analysis(Context));
}

const ValueDecl *ThreadLeakCheck::ignoredStopTokenReport(
    const ThreadLaunch &Launch, const BlockingCall &Wait, const FunctionDecl *F,
    ASTContext &Context) {
  if (!isJudgedForStopTokens(Launch, Context))
    return nullptr;
  ThreadAnalysis &Analysis = analysis(Context);
  const ValueDecl *Token = stopTokenIgnoredBy(Wait, F, Analysis);
  // A wait of a thread reported as a whole is part of that report.
  if (!Token || unstoppableJThread(Launch, Analysis))
    return nullptr;
  return Token;
}

bool ThreadLeakCheck::isReportedAsUnstoppableJThread(const ThreadLaunch &Launch,
                                                     ASTContext &Context) {
  return leavesTo("threadleak-unobserved-stop-token",
                  UnobservedStopTokenCheckEnabled) &&
         unstoppableJThreadReport(Launch, Context);
}

bool ThreadLeakCheck::isReportedAsIgnoringStopToken(const ThreadLaunch &Launch,
                                                    const BlockingCall &Wait,
                                                    const FunctionDecl *F,
                                                    ASTContext &Context) {
  return leavesTo("threadleak-unobserved-stop-token",
                  UnobservedStopTokenCheckEnabled) &&
         ignoredStopTokenReport(Launch, Wait, F, Context);
}

ThreadCreationLoops &ThreadLeakCheck::threadCreationLoops(ASTContext &Context) {
  if (!CreationLoops)
    CreationLoops = std::make_unique<ThreadCreationLoops>(
        analysis(Context), matchedLaunches(ContainerLaunches::Included),
        UnboundedCreationLimits);
  return *CreationLoops;
}

bool ThreadLeakCheck::isReportedAsUnboundedCreation(const FunctionDecl *F,
                                                    const Stmt *S,
                                                    ASTContext &Context) {
  return leavesTo("threadleak-unbounded-thread-creation",
                  UnboundedCreationCheckEnabled) &&
         threadCreationLoops(Context).startsUnboundedIn(F, S);
}

bool ThreadLeakCheck::firstReportAt(SourceLocation Loc) {
  return Reported.insert(Loc).second;
}

} // namespace clang::tidy::threadleak
