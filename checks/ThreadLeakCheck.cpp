//===--- ThreadLeakCheck.cpp - threadleak ---------------------------------===//

#include "ThreadLeakCheck.h"
#include "analysis/Names.h"
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
  };
  std::mutex Lock;
  llvm::StringMap<Entry> Entries;

  static SharedAnalyses &get() {
    static SharedAnalyses Instance;
    return Instance;
  }
};

} // namespace

ThreadLeakCheck::ThreadLeakCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ThreadLaunchersOption(Options.getLocalOrGlobal("ThreadLaunchers", "")),
      BlockingFunctionsOption(
          Options.getLocalOrGlobal("BlockingFunctions", "")),
      MaxCallDepth(Options.getLocalOrGlobal("MaxCallDepth", 4U)),
      ReportProcessLifetimeThreads(
          Options.getLocalOrGlobal("ReportProcessLifetimeThreads", false)),
      ThreadLaunchers(parseQualifiedNames(ThreadLaunchersOption)),
      SharingKey(std::to_string(reinterpret_cast<uintptr_t>(Context)) + "\n" +
                 ThreadLaunchersOption + "\n" + BlockingFunctionsOption + "\n" +
                 std::to_string(MaxCallDepth)),
      DetachedThreadCheckEnabled(
          Context->isCheckEnabled("threadleak-detached-thread")) {
  SharedAnalyses &Shared = SharedAnalyses::get();
  std::scoped_lock Guard(Shared.Lock);
  ++Shared.Entries[SharingKey].Users;
}

ThreadLeakCheck::~ThreadLeakCheck() {
  SharedAnalyses &Shared = SharedAnalyses::get();
  std::scoped_lock Guard(Shared.Lock);
  auto It = Shared.Entries.find(SharingKey);
  if (It != Shared.Entries.end() && --It->second.Users == 0)
    Shared.Entries.erase(It);
}

void ThreadLeakCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ThreadLaunchers", ThreadLaunchersOption);
  Options.store(Opts, "BlockingFunctions", BlockingFunctionsOption);
  Options.store(Opts, "MaxCallDepth", MaxCallDepth);
  Options.store(Opts, "ReportProcessLifetimeThreads",
                ReportProcessLifetimeThreads);
}

void ThreadLeakCheck::onStartOfTranslationUnit() {
  Reported.clear();
  // The first sharing check to start a translation unit drops the previous
  // one's analysis; the others find the generation already advanced.
  SharedAnalyses &Shared = SharedAnalyses::get();
  std::scoped_lock Guard(Shared.Lock);
  SharedAnalyses::Entry &Entry = Shared.Entries[SharingKey];
  if (Generation == Entry.Generation) {
    ++Entry.Generation;
    Entry.Analysis.reset();
  }
  Generation = Entry.Generation;
}

void ThreadLeakCheck::registerLaunchMatchers(
    ast_matchers::MatchFinder *Finder) {
  for (const ast_matchers::StatementMatcher &Launch :
       threadLaunchMatchers(ThreadLaunchers))
    Finder->addMatcher(Launch, this);
}

std::optional<ThreadLaunch> ThreadLeakCheck::matchedLaunch(
    const ast_matchers::MatchFinder::MatchResult &Result) const {
  const auto *Launch = Result.Nodes.getNodeAs<Expr>("launch");
  if (!Launch)
    return std::nullopt;
  return getThreadLaunch(Launch, ThreadLaunchers);
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

bool ThreadLeakCheck::isReportedAtDetach(const ThreadLaunch &Launch,
                                         ASTContext &Context) {
  if (!DetachedThreadCheckEnabled || getID() == "threadleak-detached-thread")
    return false;
  ThreadAnalysis &Analysis = analysis(Context);
  return Analysis.detachedThreads().isDetached(Launch) &&
         Analysis.findRunsForever(Launch.Body);
}

bool ThreadLeakCheck::firstReportAt(SourceLocation Loc) {
  return Reported.insert(Loc).second;
}

} // namespace clang::tidy::threadleak
