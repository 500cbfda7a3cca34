//===--- UnboundedThreadCreationCheck.cpp - threadleak --------------------===//

#include "UnboundedThreadCreationCheck.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::threadleak {

void UnboundedThreadCreationCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  ThreadLeakCheck::storeOptions(Opts);
  Options.store(Opts, "MaxThreadsPerLoop",
                unboundedCreationLimits().MaxThreadsPerLoop);
}

void UnboundedThreadCreationCheck::registerUserCodeMatchers(
    UserCodeMatchers &Matchers) {
  auto NotInSystemHeader = unless(isExpansionInSystemHeader());
  Matchers.add(forStmt(NotInSystemHeader).bind("loop"));
  Matchers.add(whileStmt(NotInSystemHeader).bind("loop"));
  Matchers.add(doStmt(NotInSystemHeader).bind("loop"));
  Matchers.add(cxxForRangeStmt(NotInSystemHeader).bind("loop"));
}

void UnboundedThreadCreationCheck::check(
    const MatchFinder::MatchResult &Result) {
  if (const auto *Loop = Result.Nodes.getNodeAs<Stmt>("loop"))
    Loops.push_back(Loop);
}

void UnboundedThreadCreationCheck::onEndOfTranslationUnit() {
  if (ASTContext *Context = launchContext())
    for (const UnboundedCreation &Found :
         threadCreationLoops(*Context).find(Loops))
      report(Found);
  Loops.clear();
}

/// "accepted connection" in "a thread per accepted connection", and the
/// loop's description for the note.
static std::pair<std::string, std::string> describe(const LoopBound &B) {
  auto Quoted = [&](StringRef Text) { return ("'" + Text + "'").str(); };
  switch (B.Kind) {
  case LoopBoundKind::Accept:
    return {"accepted connection", "accept loop"};
  case LoopBoundKind::Receive:
    return {"message received", "receive loop"};
  case LoopBoundKind::Poll:
    return {"polled event", "poll loop"};
  case LoopBoundKind::QueuePop:
    if (B.Input.empty())
      return {"item popped from a queue", "queue-pop loop"};
    return {"item popped from " + Quoted(B.Input),
            "loop popping from " + Quoted(B.Input)};
  case LoopBoundKind::Endless:
    return {"iteration of an endless loop", "endless loop"};
  case LoopBoundKind::UntilFlag:
    return {"iteration of a loop that runs until " + Quoted(B.Input) +
                " changes",
            "loop on " + Quoted(B.Input)};
  case LoopBoundKind::Elements:
    if (B.Input.empty())
      return {"element of a runtime-sized input", "loop over a runtime input"};
    return {"element of " + Quoted(B.Input), "loop over " + Quoted(B.Input)};
  case LoopBoundKind::Count:
    if (B.Input.empty())
      return {"iteration of a loop with a runtime bound",
              "loop with a runtime bound"};
    return {"iteration up to " + Quoted(B.Input),
            "loop up to " + Quoted(B.Input)};
  default:
    return {"iteration", "loop"};
  }
}

void UnboundedThreadCreationCheck::report(const UnboundedCreation &S) {
  SourceLocation Loc = S.Where->getExprLoc();
  if (!firstReportAt(Loc))
    return;
  auto [PerWhat, LoopKind] = describe(S.Bound);
  if (S.ConstantCount != 0) {
    diag(Loc, "%select{thread started|%1 starts a thread}0 %2 times by this "
              "loop, more than MaxThreadsPerLoop (%3), with nothing bounding "
              "how many run at once")
        << (S.Callee != nullptr) << S.Callee
        << static_cast<unsigned>(
               std::min<uint64_t>(S.ConstantCount, UINT32_MAX))
        << unboundedCreationLimits().MaxThreadsPerLoop;
    diag(S.Loop->getBeginLoc(), "in this loop", DiagnosticIDs::Note);
  } else {
    diag(Loc, "%select{thread started|%1 starts a thread}0 once per %2 with "
              "nothing bounding how many run at once: under load the "
              "threads exhaust memory and the process's thread limit")
        << (S.Callee != nullptr) << S.Callee << PerWhat;
    diag(S.Loop->getBeginLoc(), "in this %0", DiagnosticIDs::Note) << LoopKind;
  }
  if (S.Callee)
    diag(S.Launch->Launch->getExprLoc(),
         "%0 starts the thread here and does not wait for it",
         DiagnosticIDs::Note)
        << S.Callee;
  diag(Loc,
       "bound it: acquire a std::counting_semaphore before starting each "
       "thread and release it when the thread ends, or queue the work to a "
       "fixed pool of threads",
       DiagnosticIDs::Note);
}

} // namespace clang::tidy::threadleak
