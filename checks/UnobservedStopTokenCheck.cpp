//===--- UnobservedStopTokenCheck.cpp - threadleak ------------------------===//

#include "UnobservedStopTokenCheck.h"
#include "analysis/Names.h"
#include "analysis/StopTokens.h"
#include "fixes/StopTokenFixes.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::threadleak {

void UnobservedStopTokenCheck::onEndOfTranslationUnit() {
  Context = launchContext();
  if (Context) {
    std::vector<ThreadLaunch> Launches =
        matchedLaunches(ContainerLaunches::Excluded);
    const SourceManager &SM = Context->getSourceManager();
    // Token reports first: they decide which waits are already covered.
    llvm::erase_if(Launches, [&](const ThreadLaunch &Launch) {
      return !analysableDefinition(Launch.Body, SM) ||
             isProcessLifetimeThread(Launch, *Context) ||
             isReportedAtDetach(Launch, *Context);
    });
    for (const ThreadLaunch &Launch : Launches)
      if (Launch.Kind == LaunchKind::StdJThread)
        checkJThread(Launch);
    for (const ThreadLaunch &Launch : Launches)
      checkWaits(Launch);
  }
  IgnoredTokens.clear();
}

/// A member function run through a member pointer
/// (`std::jthread(&W::run, this)`) receives its object, not a token, first.
static bool runsThroughMemberPointer(const FunctionDecl *Body) {
  const auto *Method = dyn_cast<CXXMethodDecl>(Body);
  return Method && !Method->isStatic() &&
         Method->getOverloadedOperator() != OO_Call;
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

void UnobservedStopTokenCheck::checkJThread(const ThreadLaunch &Launch) {
  ThreadAnalysis &Analysis = analysis(*Context);
  std::optional<ForeverEvidence> Evidence =
      Analysis.findRunsForever(Launch.Body);
  if (!Evidence)
    return;
  bool IsLoop = Evidence->Kind == ForeverEvidence::Loop;
  if (takesStopToken(Launch.Body)) {
    const ParmVarDecl *Token = Launch.Body->getParamDecl(0);
    if (runsThroughMemberPointer(Launch.Body) || Token->isReferenced() ||
        !firstReportAt(Token->getLocation()))
      return;
    IgnoredTokens.insert(Token);
    diag(Token->getLocation(),
         "the std::jthread body never consults its stop token: it "
         "%select{loops forever|blocks without a deadline}0, so "
         "request_stop() cannot end it and the std::jthread destructor's "
         "join hangs")
        << !IsLoop;
    noteEvidence(*Evidence, Launch.Body, Token);
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
  noteEvidence(*Evidence, Launch.Body, nullptr);

  // Give a lambda written in place the token and loop on it; a lambda held
  // in a variable may be called elsewhere without one.
  const auto *Lambda =
      dyn_cast<LambdaExpr>(Launch.Callable->IgnoreImplicit()->IgnoreParens());
  const auto *Construct = dyn_cast<CXXConstructExpr>(Launch.Launch);
  if (!IsLoop || !Lambda || !Construct || Construct->getNumArgs() != 1 ||
      Evidence->InFunction != Launch.Body ||
      reachesUnwakeableWait(Analysis, Launch.Body))
    return;
  const SourceManager &SM = Context->getSourceManager();
  std::optional<FixItHint> Parameter =
      addStopTokenParameter(Lambda, SM, getLangOpts());
  std::optional<FixItHint> Condition =
      loopUntilStopRequested(Evidence->Where, StopTokenName, SM, getLangOpts());
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

/// Whether \p E mentions a std::stop_token.
static bool mentionsStopToken(const Expr *E) {
  class Finder : public RecursiveASTVisitor<Finder> {
  public:
    bool VisitExpr(Expr *E) {
      Found = Found || isStopTokenType(E->getType());
      return !Found;
    }
    bool Found = false;
  };
  Finder F;
  F.TraverseStmt(const_cast<Expr *>(E));
  return F.Found;
}

/// For a std::condition_variable(_any)::wait call, whether it is the _any
/// one (which has the stop_token overloads); nullopt for any other call.
static std::optional<bool> isConditionVariableAnyWait(const CallExpr *Call) {
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
  if (!Member || !Member->getMethodDecl() ||
      !Member->getMethodDecl()->getIdentifier() ||
      Member->getMethodDecl()->getName() != "wait")
    return std::nullopt;
  std::string Class = className(
      Member->getImplicitObjectArgument()->IgnoreParenImpCasts()->getType());
  if (Class == "std::condition_variable")
    return false;
  if (Class == "std::condition_variable_any")
    return true;
  return std::nullopt;
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
  const SourceManager &SM = Context->getSourceManager();
  for (auto [F, Depth] : Analysis.reachableFunctions(Launch.Body)) {
    for (const BlockingCall &Wait : Analysis.facts(F).BlockingCalls) {
      std::optional<bool> IsAny = isConditionVariableAnyWait(Wait.Call);
      if (!IsAny || llvm::any_of(Wait.Call->arguments(), [](const Expr *Arg) {
            return isStopTokenType(Arg->getType());
          }))
        continue;
      const ValueDecl *Token = stopTokenInScope(Wait.Call, F, SM);
      if (!Token || IgnoredTokens.contains(Token))
        continue;
      // A wait woken by another stop flag (whose setter notifies) is fine;
      // one whose predicate checks the token still sleeps through
      // request_stop(), which notifies no condition variable.
      if (Wait.Wakeable &&
          !(Wait.Predicate && mentionsStopToken(Wait.Predicate)))
        continue;
      SourceLocation Loc = Wait.Call->getExprLoc();
      if (!firstReportAt(Loc))
        continue;
      if (*IsAny) {
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
