//===--- InfiniteLoopWithoutCancellationCheck.cpp - threadleak ------------===//

#include "InfiniteLoopWithoutCancellationCheck.h"
#include "analysis/Names.h"
#include "analysis/StopTokens.h"
#include "fixes/StopTokenFixes.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"

using namespace clang::ast_matchers;

namespace clang::tidy::threadleak {

void InfiniteLoopWithoutCancellationCheck::registerMatchers(
    MatchFinder *Finder) {
  registerLaunchMatchers(Finder);
}

void InfiniteLoopWithoutCancellationCheck::check(
    const MatchFinder::MatchResult &Result) {
  Context = Result.Context;
  if (std::optional<ThreadLaunch> L = matchedLaunch(Result))
    Launches.push_back(*L);
}

/// Whether \p Outer's source range strictly contains \p Inner's.
static bool encloses(const Stmt *Outer, const Stmt *Inner,
                     const SourceManager &SM) {
  if (Outer == Inner)
    return false;
  SourceRange O(SM.getExpansionLoc(Outer->getBeginLoc()),
                SM.getExpansionLoc(Outer->getEndLoc()));
  SourceRange I(SM.getExpansionLoc(Inner->getBeginLoc()),
                SM.getExpansionLoc(Inner->getEndLoc()));
  return !SM.isBeforeInTranslationUnit(I.getBegin(), O.getBegin()) &&
         !SM.isBeforeInTranslationUnit(O.getEnd(), I.getEnd()) && O != I;
}

void InfiniteLoopWithoutCancellationCheck::onEndOfTranslationUnit() {
  if (!Context) {
    Launches.clear();
    return;
  }
  ThreadAnalysis &Analysis = analysis(*Context);
  const SourceManager &SM = Context->getSourceManager();
  for (const ThreadLaunch &Launch :
       withWrapperLaunches(std::move(Launches), *Context)) {
    if (!analysableDefinition(Launch.Body, SM) ||
        isProcessLifetimeThread(Launch, *Context) ||
        isReportedAtDetach(Launch, *Context))
      continue;
    for (auto [F, Depth] : Analysis.reachableFunctions(Launch.Body)) {
      const FunctionFacts &Facts = Analysis.facts(F);
      for (const EndlessLoop &Loop : Facts.EndlessLoops) {
        if (Analysis.observesStop(Loop))
          continue;
        // Control never comes back from an inner loop that cannot end, so
        // that loop is the one to blame, not the loop around it.
        bool HasEndlessInner =
            llvm::any_of(Facts.EndlessLoops, [&](const EndlessLoop &Inner) {
              return encloses(Loop.Loop, Inner.Loop, SM) &&
                     !Analysis.observesStop(Inner);
            });
        if (!HasEndlessInner)
          report(Loop, Facts, F, Launch);
      }
    }
  }
  Launches.clear();
}

void InfiniteLoopWithoutCancellationCheck::report(
    const EndlessLoop &Loop, const FunctionFacts &Facts,
    const FunctionDecl *InFunction, const ThreadLaunch &Launch) {
  SourceLocation Loc = Loop.Loop->getBeginLoc();
  if (!firstReportAt(Loc))
    return;
  diag(Loc, "loop never exits and checks no stop token or stop flag: the "
            "thread running it can never finish or be stopped, so it leaks");
  if (InFunction == Launch.Body)
    diag(Launch.Launch->getBeginLoc(), "thread started here",
         DiagnosticIDs::Note);
  else
    diag(Launch.Launch->getBeginLoc(), "%0 runs on the thread started here",
         DiagnosticIDs::Note)
        << InFunction;

  const SourceManager &SM = Context->getSourceManager();
  // Ending an inner loop would only hand control back to the endless loop
  // around it.
  if (llvm::any_of(Facts.EndlessLoops, [&](const EndlessLoop &Outer) {
        return encloses(Outer.Loop, Loop.Loop, SM);
      }))
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
