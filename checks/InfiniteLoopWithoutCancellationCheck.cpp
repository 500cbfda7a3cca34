//===--- InfiniteLoopWithoutCancellationCheck.cpp - threadleak ------------===//

#include "InfiniteLoopWithoutCancellationCheck.h"
#include "analysis/Names.h"
#include "analysis/StopTokens.h"
#include "fixes/StopTokenFixes.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"

using namespace clang::ast_matchers;

namespace clang::tidy::threadleak {

void InfiniteLoopWithoutCancellationCheck::onEndOfTranslationUnit() {
  Context = launchContext();
  if (!Context)
    return;
  ThreadAnalysis &Analysis = analysis(*Context);
  const SourceManager &SM = Context->getSourceManager();
  for (const ThreadLaunch &Launch : withWrapperLaunches(
           matchedLaunches(ContainerLaunches::Excluded), *Context)) {
    if (!analysableDefinition(Launch.Body, SM) ||
        isProcessLifetimeThread(Launch, *Context) ||
        isReportedAtDetach(Launch, *Context) ||
        isReportedAsUnstoppableJThread(Launch, *Context))
      continue;
    for (auto [F, Depth] : Analysis.reachableFunctions(Launch.Body)) {
      const FunctionFacts &Facts = Analysis.facts(F);
      // Control never comes back from an inner loop that cannot end, so
      // that loop is the one to blame, not the loops around it.
      llvm::SmallVector<bool, 4> Blamed(Facts.EndlessLoops.size(), true);
      llvm::SmallVector<bool, 4> Unstoppable(Facts.EndlessLoops.size(), false);
      for (auto [I, Loop] : llvm::enumerate(Facts.EndlessLoops)) {
        Unstoppable[I] = !Analysis.observesStop(Loop);
        if (!Unstoppable[I])
          continue;
        // Each loop is cleared once: its own enclosing ones were then too.
        for (int Outer = Loop.Enclosing; Outer >= 0 && Blamed[Outer];
             Outer = Facts.EndlessLoops[Outer].Enclosing)
          Blamed[Outer] = false;
      }
      for (auto [I, Loop] : llvm::enumerate(Facts.EndlessLoops))
        if (Unstoppable[I] && Blamed[I])
          report(Loop, Facts, F, Launch);
    }
  }
}

void InfiniteLoopWithoutCancellationCheck::report(
    const EndlessLoop &Loop, const FunctionFacts &Facts,
    const FunctionDecl *InFunction, const ThreadLaunch &Launch) {
  SourceLocation Loc = Loop.Loop->getBeginLoc();
  if (!firstReportAt(Loc))
    return;
  if (const Stmt *Read = Loop.IgnoredStopRead) {
    diag(Loc, "loop never exits: it reads a stop flag, but nothing leaves the "
              "loop when the flag is set, so the thread running it can never "
              "finish or be stopped and it leaks");
    diag(Read->getBeginLoc(),
         "the stop flag is read here; leave the loop (break or return) when "
         "it is set",
         DiagnosticIDs::Note);
  } else {
    diag(Loc, "loop never exits and checks no stop token or stop flag: the "
              "thread running it can never finish or be stopped, so it leaks");
  }
  if (InFunction == Launch.Body)
    diag(Launch.Launch->getBeginLoc(), "thread started here",
         DiagnosticIDs::Note);
  else if (const auto *Method = dyn_cast<CXXMethodDecl>(InFunction);
           Method && Method->getParent()->isLambda())
    diag(Launch.Launch->getBeginLoc(),
         "the lambda that contains the loop runs on the thread started here",
         DiagnosticIDs::Note);
  else
    diag(Launch.Launch->getBeginLoc(), "%0 runs on the thread started here",
         DiagnosticIDs::Note)
        << InFunction;

  const SourceManager &SM = Context->getSourceManager();
  // Ending an inner loop would only hand control back to the endless loop
  // around it.
  if (Loop.Enclosing >= 0)
    return;
  const ValueDecl *Token = stopTokenInScope(Loop.Loop, InFunction, SM);
  if (!Token)
    return;
  if (std::optional<FixItHint> Fix = loopUntilStopRequested(
          Loop.Loop, Token->getName(), SM, getLangOpts()))
    diag(Loc, "end the loop when a stop is requested through %0",
         DiagnosticIDs::Note)
        << Token << *Fix;
}

} // namespace clang::tidy::threadleak
