//===--- BlockingWaitWithoutDeadlineCheck.cpp - threadleak ----------------===//

#include "BlockingWaitWithoutDeadlineCheck.h"
#include "analysis/Names.h"
#include "fixes/DeadlineFixes.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include <deque>

using namespace clang::ast_matchers;

namespace clang::tidy::threadleak {

BlockingWaitWithoutDeadlineCheck::BlockingWaitWithoutDeadlineCheck(
    StringRef Name, ClangTidyContext *Context)
    : ThreadLeakCheck(Name, Context),
      CheckAllFunctions(Options.get("CheckAllFunctions", false)),
      DefaultTimeout(
          Options.get("DefaultTimeout", "std::chrono::seconds(30)")) {}

void BlockingWaitWithoutDeadlineCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  ThreadLeakCheck::storeOptions(Opts);
  Options.store(Opts, "CheckAllFunctions", CheckAllFunctions);
  Options.store(Opts, "DefaultTimeout", DefaultTimeout);
}

void BlockingWaitWithoutDeadlineCheck::registerUserCodeMatchers(
    UserCodeMatchers &Matchers) {
  if (CheckAllFunctions)
    Matchers.add(
        functionDecl(isDefinition(), unless(isExpansionInSystemHeader()))
            .bind("function"));
}

void BlockingWaitWithoutDeadlineCheck::check(
    const MatchFinder::MatchResult &Result) {
  if (const auto *F = Result.Nodes.getNodeAs<FunctionDecl>("function")) {
    Context = Result.Context;
    AllFunctions.push_back(F);
  }
}

/// The std::async call whose future \p Object is: the call itself, or the
/// initializer of a local future variable.
static const CallExpr *asyncProducer(const Expr *Object) {
  const Expr *E = Object->IgnoreImplicit()->IgnoreParens();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var || !Var->isLocalVarDecl() || !Var->getInit())
      return nullptr;
    E = Var->getInit()->IgnoreImplicit()->IgnoreParens();
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
      if (Construct->getNumArgs() == 1 &&
          Construct->getConstructor()->isMoveConstructor())
        E = Construct->getArg(0)->IgnoreImplicit()->IgnoreParens();
  }
  const auto *Call = dyn_cast<CallExpr>(E);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  return Callee && qualifiedName(Callee) == "std::async" ? Call : nullptr;
}

bool BlockingWaitWithoutDeadlineCheck::isFutureOfFinishingTask(
    const BlockingCall &Wait) {
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Wait.Call);
  if (!Wait.ReleasedWhenProducerDies || !Member)
    return false;
  const CallExpr *Async = asyncProducer(Member->getImplicitObjectArgument());
  if (!Async)
    return false;
  // std::async's task always completes the future, unless it never ends.
  std::optional<ThreadLaunch> Task = getThreadLaunch(Async, {});
  const FunctionDecl *Body =
      Task ? analysableDefinition(Task->Body, Context->getSourceManager())
           : nullptr;
  return Body && !analysis(*Context).findRunsForever(Body);
}

static bool isFuture(const CXXMemberCallExpr *Call) {
  std::string Class = objectClassName(Call);
  return Class == "std::future" || Class == "std::shared_future";
}

namespace {
/// The futures a function waits for with a deadline (wait_for, wait_until).
class TimedFutureWaits : public RecursiveASTVisitor<TimedFutureWaits> {
public:
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (Method && Method->getIdentifier() &&
        (Method->getName() == "wait_for" ||
         Method->getName() == "wait_until") &&
        isFuture(Call))
      if (const ValueDecl *Future =
              referencedDecl(Call->getImplicitObjectArgument()))
        Futures.insert(Future);
    return true;
  }
  llvm::SmallPtrSet<const ValueDecl *, 4> Futures;
};
} // namespace

bool BlockingWaitWithoutDeadlineCheck::isFutureWaitedWithDeadline(
    const BlockingCall &Wait, const FunctionDecl *F) {
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Wait.Call);
  if (!Member || !isFuture(Member))
    return false;
  const ValueDecl *Future = referencedDecl(Member->getImplicitObjectArgument());
  if (!Future)
    return false;
  TimedFutureWaits Finder;
  Finder.TraverseStmt(F->getBody());
  return Finder.Futures.contains(Future);
}

llvm::SmallVector<BlockingWaitWithoutDeadlineCheck::LeakingWait, 2>
BlockingWaitWithoutDeadlineCheck::leakingWaits(const FunctionDecl *F,
                                               const ThreadLaunch *Launch) {
  llvm::SmallVector<LeakingWait, 2> Result;
  for (const BlockingCall &Wait : analysis(*Context).facts(F).BlockingCalls) {
    if (Wait.Wakeable || isFutureOfFinishingTask(Wait) ||
        isFutureWaitedWithDeadline(Wait, F))
      continue;
    if (Launch ? isReportedAsIgnoringStopToken(*Launch, Wait, F, *Context)
               : LeftToStopToken.contains(Wait.Call)) {
      LeftToStopToken.insert(Wait.Call);
      continue;
    }
    Result.push_back({&Wait, F});
  }
  return Result;
}

/// The name to show for a call to \p F: its qualified name, or for a
/// lambda the variable holding it.
static std::string displayName(const FunctionDecl *F, const Expr *Call) {
  const auto *Method = dyn_cast<CXXMethodDecl>(F);
  if (!Method || !Method->getParent()->isLambda())
    return qualifiedName(F);
  if (const auto *OpCall = dyn_cast_or_null<CXXOperatorCallExpr>(Call))
    if (const auto *Ref =
            dyn_cast<DeclRefExpr>(OpCall->getArg(0)->IgnoreImplicit()))
      return Ref->getDecl()->getNameAsString();
  return "lambda";
}

/// The name to show for a wait: the class the object is written with
/// (std::shared_future, not the library base that declares the method).
static std::string waitName(const CallExpr *Wait) {
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Wait);
  const CXXMethodDecl *Method = Member ? Member->getMethodDecl() : nullptr;
  if (Method && Method->getIdentifier() && !objectClassName(Member).empty())
    return objectClassName(Member) + "::" + Method->getName().str();
  return displayName(Wait->getDirectCallee(), Wait);
}

std::string
BlockingWaitWithoutDeadlineCheck::hint(const BlockingCall &Wait) const {
  std::string Class;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Wait.Call))
    Class = objectClassName(Member);
  if (Class == "std::condition_variable" ||
      Class == "std::condition_variable_any")
    return Wait.Predicate
               ? "wait with a deadline ('wait_for') and give up when it "
                 "expires, or make the predicate also check a stop or close "
                 "flag that shutdown sets"
               : "wait with a deadline ('wait_for'), or loop on a condition "
                 "that also checks a stop flag";
  if (Class == "std::future" || Class == "std::shared_future")
    return "call 'wait_for' with a deadline first and give up when it expires";
  if (Class == "std::counting_semaphore")
    return "acquire with a deadline ('try_acquire_for') and give up when it "
           "expires";
  if (Wait.TimedAlternative == "pthread_cond_timedwait")
    return "wait with a deadline ('pthread_cond_timedwait'), or loop on a "
           "condition that also checks a stop flag";
  if (!Wait.TimedAlternative.empty())
    return "use '" + Wait.TimedAlternative +
           "' with a deadline and give up when it expires";
  return "give it a deadline, or a way to be woken for shutdown";
}

void BlockingWaitWithoutDeadlineCheck::reportWait(const LeakingWait &W,
                                                  const ThreadLaunch *Launch,
                                                  bool FixInBody) {
  const CallExpr *Call = W.Wait->Call;
  SourceLocation Loc = Call->getExprLoc();
  if (!firstReportAt(Loc))
    return;
  diag(Loc, "'%0' can block %select{|this thread }1forever: it has no "
            "deadline and nothing wakes it for shutdown")
      << waitName(Call) << (Launch != nullptr);
  {
    auto Hint = diag(Loc, "%0", DiagnosticIDs::Note) << hint(*W.Wait);
    // Ending the function when the deadline passes ends the thread only in
    // the thread body itself; elsewhere (also in the function a body
    // forwards to, which others may call) it would return to a caller that
    // expects the wait to have succeeded.
    if (Launch && FixInBody && W.InFunction == Launch->Body)
      if (std::optional<llvm::SmallVector<FixItHint, 4>> Fix =
              timedWaitOrReturn(Call, W.InFunction, DefaultTimeout, *Context))
        Hint << *Fix;
  }
  if (Launch)
    diag(Launch->Launch->getBeginLoc(), "thread started here",
         DiagnosticIDs::Note);
}

void BlockingWaitWithoutDeadlineCheck::reportCall(llvm::ArrayRef<CallHop> Hops,
                                                  const LeakingWait &Inner,
                                                  const ThreadLaunch &Launch) {
  const CallHop &Last = Hops.back();
  if (!firstReportAt(Last.Call->getExprLoc()))
    return;
  diag(Last.Call->getExprLoc(),
       "call to '%0' can block this thread forever: it waits with no deadline "
       "and nothing wakes it for shutdown")
      << displayName(Last.Callee, Last.Call);
  const CallExpr *Wait = Inner.Wait->Call;
  diag(Wait->getExprLoc(), "'%0' waits here, in '%1', with no deadline; %2",
       DiagnosticIDs::Note)
      << waitName(Wait) << displayName(Inner.InFunction, nullptr)
      << hint(*Inner.Wait);
  // How the thread gets there, from the call nearest the wait outwards.
  for (const CallHop &Hop : llvm::reverse(Hops.drop_back()))
    diag(Hop.Call->getExprLoc(), "reached through this call to '%0'",
         DiagnosticIDs::Note)
        << displayName(Hop.Callee, Hop.Call);
  diag(Launch.Launch->getBeginLoc(), "thread started here",
       DiagnosticIDs::Note);
}

void BlockingWaitWithoutDeadlineCheck::reportInThread(
    const ThreadLaunch &Launch) {
  const FunctionDecl *Body =
      analysableDefinition(Launch.Body, Context->getSourceManager());
  // A template's pattern is analysed through its instantiations.
  if (!Body || Body->isDependentContext())
    return;
  // A body that only calls the thread's real code (`[this] { run(); }`):
  // a wait written in that code is reported where it is.
  ThreadAnalysis &Analysis = analysis(*Context);
  const FunctionDecl *LaunchBody = Body;
  Body = Analysis.forwardedBody(Body);
  if (Body->isDependentContext())
    return;
  ThreadLaunch Resolved = Launch;
  Resolved.Body = Body;
  // Whether unobserved-stop-token reports a wait is asked of the launch as
  // it wrote it.
  ThreadLaunch AsLaunched = Launch;
  AsLaunched.Body = LaunchBody;
  for (const LeakingWait &W : leakingWaits(Body, &AsLaunched))
    reportWait(W, &Resolved, Body == LaunchBody);
  // Breadth first from the body: a wait in a function the thread reaches is
  // reported at the call to that function, where the thread's own code
  // meets the channel's recv or the queue's pop.
  struct Reached {
    const FunctionDecl *F;
    unsigned Depth;
    llvm::SmallVector<CallHop, 4> Hops;
  };
  std::deque<Reached> Queue;
  Queue.push_back({Body, 0, {}});
  llvm::SmallPtrSet<const FunctionDecl *, 16> Seen{Body};
  while (!Queue.empty()) {
    Reached Current = std::move(Queue.front());
    Queue.pop_front();
    if (Current.Depth >= Analysis.maxCallDepth())
      continue;
    for (const auto &[Call, Callee] : Analysis.facts(Current.F).Calls) {
      if (!Seen.insert(Callee).second)
        continue;
      Reached Next{Callee, Current.Depth + 1, Current.Hops};
      Next.Hops.push_back({Call, Callee});
      llvm::SmallVector<LeakingWait, 2> Waits =
          leakingWaits(Callee, &AsLaunched);
      if (!Waits.empty() && !Analysis.isAcquiredAsLockThrough(
                                Call, Current.F, *Waits.front().Wait))
        reportCall(Next.Hops, Waits.front(), Resolved);
      Queue.push_back(std::move(Next));
    }
  }
}

void BlockingWaitWithoutDeadlineCheck::onEndOfTranslationUnit() {
  if (ASTContext *Launched = launchContext()) {
    Context = Launched;
    for (const ThreadLaunch &Launch : withWrapperLaunches(
             matchedLaunches(ContainerLaunches::Included), *Context))
      if (!isProcessLifetimeThread(Launch, *Context) &&
          !isReportedAtDetach(Launch, *Context) &&
          !isReportedAsUnstoppableJThread(Launch, *Context))
        reportInThread(Launch);
  }
  if (Context) {
    for (const FunctionDecl *F : AllFunctions)
      if (const FunctionDecl *Def =
              analysableDefinition(F, Context->getSourceManager());
          Def && !Def->isDependentContext())
        for (const LeakingWait &W : leakingWaits(Def, nullptr))
          reportWait(W, nullptr);
  }
  AllFunctions.clear();
  LeftToStopToken.clear();
}

} // namespace clang::tidy::threadleak
