//===--- UnobservedStopTokenCheck.cpp - threadleak ------------------------===//

#include "UnobservedStopTokenCheck.h"
#include "analysis/Names.h"
#include "analysis/StopTokens.h"
#include "fixes/StopTokenFixes.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::threadleak {

void UnobservedStopTokenCheck::onEndOfTranslationUnit() {
  Context = launchContext();
  if (!Context)
    return;
  // The thread as a whole first; its waits are part of that report.
  for (const ThreadLaunch &Launch :
       matchedLaunches(ContainerLaunches::Excluded)) {
    if (std::optional<ForeverEvidence> Evidence =
            unstoppableJThreadReport(Launch, *Context))
      checkJThread(Launch, *Evidence);
    else
      checkWaits(Launch);
  }
}

/// Whether the function reaches a wait that a stop request cannot interrupt.
static bool reachesUnwakeableWait(ThreadAnalysis &Analysis,
                                  const FunctionDecl *Body) {
  for (auto [F, Depth] : Analysis.reachableFunctions(Body))
    for (const BlockingCall &Wait : Analysis.facts(F).BlockingCalls)
      if (!Wait.Wakeable)
        return true;
  return false;
}

void UnobservedStopTokenCheck::checkJThread(const ThreadLaunch &Launch,
                                            const ForeverEvidence &Evidence) {
  ThreadAnalysis &Analysis = analysis(*Context);
  bool IsLoop = Evidence.Kind == ForeverEvidence::Loop;
  if (takesStopToken(Launch.Body)) {
    const ParmVarDecl *Token = Launch.Body->getParamDecl(0);
    if (!firstReportAt(Token->getLocation()))
      return;
    diag(Token->getLocation(),
         "the std::jthread body never consults its stop token: it "
         "%select{loops forever|blocks without a deadline}0, so "
         "request_stop() cannot end it and the std::jthread destructor's "
         "join hangs")
        << !IsLoop;
    noteEvidence(Evidence, Launch.Body, Token);
    diag(Launch.Launch->getBeginLoc(), "std::jthread started here",
         DiagnosticIDs::Note);
    return;
  }
  SourceLocation Loc = Launch.Launch->getBeginLoc();
  if (!firstReportAt(Loc))
    return;
  diag(Loc, "std::jthread body takes no std::stop_token and %select{loops "
            "forever|blocks without a deadline}0: request_stop() cannot reach "
            "it, so the std::jthread destructor's join hangs")
      << !IsLoop;
  noteEvidence(Evidence, Launch.Body, nullptr);

  // Give a lambda written in place the token and loop on it; a lambda held
  // in a variable may be called elsewhere without one.
  const auto *Lambda =
      dyn_cast<LambdaExpr>(Launch.Callable->IgnoreImplicit()->IgnoreParens());
  const auto *Construct = dyn_cast<CXXConstructExpr>(Launch.Launch);
  if (!IsLoop || !Lambda || !Construct || Construct->getNumArgs() != 1 ||
      Evidence.InFunction != Launch.Body ||
      reachesUnwakeableWait(Analysis, Launch.Body))
    return;
  const SourceManager &SM = Context->getSourceManager();
  std::optional<FixItHint> Parameter =
      addStopTokenParameter(Lambda, SM, getLangOpts());
  std::optional<FixItHint> Condition =
      loopUntilStopRequested(Evidence.Where, StopTokenName, SM, getLangOpts());
  if (Parameter && Condition)
    diag(Lambda->getBeginLoc(),
         "take a std::stop_token and end the loop when a stop is requested",
         DiagnosticIDs::Note)
        << *Parameter << *Condition;
}

void UnobservedStopTokenCheck::noteEvidence(const ForeverEvidence &Evidence,
                                            const FunctionDecl *Body,
                                            const ValueDecl *Token) {
  bool InCallee = Evidence.InFunction != Body;
  if (Evidence.Kind == ForeverEvidence::Loop) {
    diag(Evidence.Where->getBeginLoc(),
         "%select{the thread loops forever here|loops forever here, in %1 "
         "called from the thread}0",
         DiagnosticIDs::Note)
        << InCallee << Evidence.InFunction;
    return;
  }
  const auto *Wait = cast<CallExpr>(Evidence.Where);
  auto Note = diag(Wait->getExprLoc(),
                   "%select{the thread blocks here|blocks here, in %1 called "
                   "from the thread,}0 and a stop request cannot wake it",
                   DiagnosticIDs::Note)
              << InCallee << Evidence.InFunction;
  if (Token && !InCallee)
    if (std::optional<FixItHint> Fix = waitWithTokenFix(Wait, Token))
      Note << *Fix;
}

std::optional<FixItHint>
UnobservedStopTokenCheck::waitWithTokenFix(const CallExpr *Wait,
                                           const ValueDecl *Token) {
  // Only condition_variable_any has the overload wait(lock, token, pred).
  std::optional<bool> IsAny = isConditionVariableAnyWait(Wait);
  if (!IsAny || !*IsAny || Wait->getNumArgs() != 2)
    return std::nullopt;
  const Expr *Lock = Wait->getArg(0);
  if (Lock->getEndLoc().isMacroID() ||
      Wait->getArg(1)->getBeginLoc().isMacroID())
    return std::nullopt;
  SourceLocation AfterLock = Lexer::getLocForEndOfToken(
      Lock->getEndLoc(), 0, Context->getSourceManager(), getLangOpts());
  if (AfterLock.isInvalid())
    return std::nullopt;
  return FixItHint::CreateInsertion(AfterLock, (", " + Token->getName()).str());
}

void UnobservedStopTokenCheck::checkWaits(const ThreadLaunch &Launch) {
  ThreadAnalysis &Analysis = analysis(*Context);
  for (auto [F, Depth] : Analysis.reachableFunctions(Launch.Body)) {
    for (const BlockingCall &Wait : Analysis.facts(F).BlockingCalls) {
      const ValueDecl *Token =
          ignoredStopTokenReport(Launch, Wait, F, *Context);
      if (!Token)
        continue;
      SourceLocation Loc = Wait.Call->getExprLoc();
      if (!firstReportAt(Loc))
        continue;
      if (isConditionVariableAnyWait(Wait.Call).value_or(false)) {
        diag(Loc, "condition_variable_any wait ignores the stop token %0 in "
                  "scope: a stop request cannot wake it")
            << Token;
        if (std::optional<FixItHint> Fix = waitWithTokenFix(Wait.Call, Token))
          diag(Loc,
               "pass %0 so that the wait returns when a stop is requested; "
               "the predicate may then be false",
               DiagnosticIDs::Note)
              << Token << *Fix;
      } else {
        diag(Loc, "std::condition_variable wait cannot be woken by a stop "
                  "request on %0: request_stop() notifies no "
                  "std::condition_variable; use std::condition_variable_any "
                  "and wait with the token")
            << Token;
      }
      diag(Launch.Launch->getBeginLoc(), "thread started here",
           DiagnosticIDs::Note);
    }
  }
}

} // namespace clang::tidy::threadleak
