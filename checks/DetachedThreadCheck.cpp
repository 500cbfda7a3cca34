//===--- DetachedThreadCheck.cpp - threadleak -----------------------------===//

#include "DetachedThreadCheck.h"
#include "analysis/Names.h"
#include "analysis/ThreadWrappers.h"
#include "fixes/Statements.h"
#include "fixes/StopTokenFixes.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::threadleak {

DetachedThreadCheck::DetachedThreadCheck(StringRef Name,
                                         ClangTidyContext *Context)
    : ThreadLeakCheck(Name, Context),
      StrictMode(Options.get("StrictMode", false)) {}

void DetachedThreadCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  ThreadLeakCheck::storeOptions(Opts);
  Options.store(Opts, "StrictMode", StrictMode);
}

void DetachedThreadCheck::registerUserCodeMatchers(UserCodeMatchers &Matchers) {
  auto NotInSystemHeader = unless(isExpansionInSystemHeader());
  Matchers.add(cxxMemberCallExpr(
                   NotInSystemHeader,
                   callee(cxxMethodDecl(
                       hasName("detach"),
                       ofClass(hasAnyName("::std::thread", "::std::jthread",
                                          "::boost::thread")))))
                   .bind("detach"));
  auto PthreadDetach = callExpr(
      argumentCountIs(1), callee(functionDecl(hasName("::pthread_detach"))));
  auto SelfDetach =
      callExpr(PthreadDetach,
               hasArgument(0, ignoringParenImpCasts(callExpr(callee(
                                  functionDecl(hasName("::pthread_self")))))));
  auto SetDetachState = callExpr(
      argumentCountIs(2),
      callee(functionDecl(hasName("::pthread_attr_setdetachstate"))),
      hasArgument(1, ignoringParenImpCasts(declRefExpr(to(enumConstantDecl(
                         hasName("PTHREAD_CREATE_DETACHED")))))));
  // One matcher for the three pthread calls: each is tried on every call.
  // Which function detaches itself is looked up in the index at the end,
  // only when such a call exists.
  Matchers.add(
      callExpr(NotInSystemHeader,
               anyOf(callExpr(SelfDetach).bind("self_detach"),
                     callExpr(PthreadDetach).bind("pthread_detach"),
                     callExpr(SetDetachState).bind("setdetachstate"))));
  for (const StatementMatcher &Assignment :
       launchAssignmentMatchers(threadLaunchers()))
    Matchers.add(Assignment);
}

/// The launch that a temporary thread object comes from
/// (`std::thread(F).detach()`), if it is one.
static const Expr *temporaryLaunch(const Expr *Object) {
  const Expr *E = Object->IgnoreImplicit()->IgnoreParens();
  if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E))
    E = Cast->getSubExpr()->IgnoreImplicit();
  return isa<CXXConstructExpr>(E) ? E : nullptr;
}

void DetachedThreadCheck::check(const MatchFinder::MatchResult &Result) {
  Context = Result.Context;
  const auto &Nodes = Result.Nodes;
  DetachedThreads &Threads = analysis(*Context).detachedThreads();
  if (const auto *Launch = Nodes.getNodeAs<Expr>("launch")) {
    if (std::optional<ThreadLaunch> L =
            getThreadLaunch(Launch, threadLaunchers()))
      Threads.addLaunchInto(*L, Nodes.getNodeAs<ValueDecl>("thread"));
    return;
  }
  if (const auto *Call = Nodes.getNodeAs<CallExpr>("self_detach")) {
    SelfDetaches.push_back(Call);
    return;
  }
  if (const auto *Call = Nodes.getNodeAs<CXXMemberCallExpr>("detach")) {
    DetachSite D;
    D.Site = Call;
    const Expr *Object = Call->getImplicitObjectArgument();
    if (const Expr *Temporary = temporaryLaunch(Object))
      D.Launch = getThreadLaunch(Temporary, threadLaunchers());
    else
      D.Thread = threadHolder(Object);
    if (D.Thread)
      for (const Expr *Initial : initialLaunches(D.Thread))
        if (std::optional<ThreadLaunch> L =
                getThreadLaunch(Initial, threadLaunchers()))
          Threads.addLaunchInto(*L, D.Thread);
    Threads.addDetach(D);
    return;
  }
  if (const auto *Call = Nodes.getNodeAs<CallExpr>("pthread_detach")) {
    DetachSite D;
    D.Site = Call;
    D.Thread = referencedDecl(Call->getArg(0));
    Threads.addDetach(D);
    return;
  }
  if (const auto *Call = Nodes.getNodeAs<CallExpr>("setdetachstate"))
    if (const ValueDecl *Attr = referencedDecl(Call->getArg(0)))
      Threads.addDetachedAttribute(Attr);
}

void DetachedThreadCheck::onEndOfTranslationUnit() {
  if (!Context)
    Context = launchContext();
  if (!Context)
    return;
  ThreadAnalysis &Analysis = analysis(*Context);
  DetachedThreads &Threads = Analysis.detachedThreads();
  for (const CallExpr *Call : SelfDetaches) {
    DetachSite D;
    D.Site = Call;
    D.Self = Analysis.index().SelfDetaching.lookup(Call);
    if (D.Self)
      Threads.addDetach(D);
  }
  SelfDetaches.clear();
  // A wrapper's launch of its parameter is judged at each call of the
  // wrapper, with the argument as the body.
  llvm::DenseSet<const Expr *> LaunchesOfParameters;
  for (const auto &Entry : Analysis.index().ThreadWrappers)
    if (Entry.second.RunsParameter)
      LaunchesOfParameters.insert(Entry.second.Launch.Launch);
  for (const DetachSite &D : Threads.detaches()) {
    bool Reported = false;
    for (const ThreadLaunch &Launch : Threads.launchesOf(D)) {
      if (isProcessLifetimeThread(Launch, *Context) ||
          LaunchesOfParameters.contains(Launch.Launch))
        continue;
      if (std::optional<ForeverEvidence> Evidence =
              Analysis.findRunsForever(Launch.Body)) {
        report(D, &Launch, Launch.Body, *Evidence);
        Reported = true;
        break;
      }
    }
    ThreadLaunch SelfLaunch;
    SelfLaunch.Body = D.Self;
    if (!Reported && D.Self && !isProcessLifetimeThread(SelfLaunch, *Context)) {
      if (std::optional<ForeverEvidence> Evidence =
              Analysis.findRunsForever(D.Self)) {
        report(D, nullptr, D.Self, *Evidence);
        Reported = true;
      }
    }
    if (!Reported && StrictMode && firstReportAt(D.Site->getExprLoc()))
      diag(D.Site->getExprLoc(),
           "thread is detached; a detached thread cannot be joined, so "
           "nothing can wait for it to finish or stop it at shutdown");
  }
  for (const ThreadLaunch &Call : Analysis.index().WrapperLaunches) {
    const Expr *Detach = Threads.detachOf(Call);
    if (!Detach || isProcessLifetimeThread(Call, *Context))
      continue;
    // A wrapper's own endless thread function was reported at its detach.
    if (!LaunchesOfParameters.contains(Call.Wrapped->Launch) &&
        Analysis.findRunsForever(Call.Wrapped->Body))
      continue;
    if (std::optional<ForeverEvidence> Evidence =
            Analysis.findRunsForever(Call.Body))
      reportWrapperCall(Call, Detach, *Evidence);
  }
}

DiagnosticBuilder
DetachedThreadCheck::warnForever(SourceLocation Loc, Subject What,
                                 const ForeverEvidence &Evidence) {
  // Only what is true: a loop that checks no stop request makes the thread
  // run forever; a wait nothing wakes only may block forever.
  unsigned Kind = 0;
  if (Evidence.Kind == ForeverEvidence::Wait)
    Kind = 1;
  else if (Evidence.IgnoredStopRead)
    Kind = 2;
  return diag(Loc, "%select{detached thread|thread created detached|%2 runs "
                   "this function in a detached thread, and it}0 "
                   "%select{can never finish: it loops forever and the loop "
                   "never checks for a stop request|may never finish: it "
                   "blocks without a deadline and nothing can wake it for "
                   "shutdown|can never finish: it loops forever and no exit "
                   "of the loop depends on the stop flag it reads}1, so "
                   "nothing can stop or join it and it leaks until the "
                   "process exits")
         << What << Kind;
}

/// The name of the function or class a thread wrapper call calls, without
/// template arguments.
static DeclarationName wrapperCalled(const Expr *Call) {
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Call))
    return Construct->getConstructor()->getParent()->getDeclName();
  if (const CXXConstructorDecl *Ctor =
          forwardedConstructor(cast<CallExpr>(Call)))
    return Ctor->getParent()->getDeclName();
  return cast<CallExpr>(Call)->getDirectCallee()->getDeclName();
}

void DetachedThreadCheck::reportWrapperCall(const ThreadLaunch &Call,
                                            const Expr *Detach,
                                            const ForeverEvidence &Evidence) {
  SourceLocation Loc = Call.Launch->getExprLoc();
  if (!firstReportAt(Loc))
    return;
  warnForever(Loc, WrapperCall, Evidence) << wrapperCalled(Call.Launch);
  evidenceNote(Call.Body, Evidence);
  diag(Detach->getExprLoc(),
       "the thread is %select{detached|created detached}0 here",
       DiagnosticIDs::Note)
      << (Detach == Call.Wrapped->Launch);
}

void DetachedThreadCheck::report(const DetachSite &D,
                                 const ThreadLaunch *Launch,
                                 const FunctionDecl *Body,
                                 const ForeverEvidence &Evidence) {
  SourceLocation Loc = D.Site->getExprLoc();
  if (!firstReportAt(Loc))
    return;
  bool CreatedDetached = Launch && D.Site == Launch->Launch;
  warnForever(Loc, CreatedDetached ? CreatedDetachedThread : DetachedThread,
              Evidence);
  evidenceNote(Body, Evidence);
  if (Launch && !CreatedDetached && !D.Launch)
    diag(Launch->Launch->getBeginLoc(), "thread started here",
         DiagnosticIDs::Note);
  if (!Launch)
    return;
  if (std::optional<llvm::SmallVector<FixItHint, 4>> Fix =
          jthreadFix(D, *Launch, Evidence))
    diag(Launch->Launch->getBeginLoc(),
         "use std::jthread and end the loop with its stop token; the owner "
         "then requests stop and joins when the thread object goes out of "
         "scope",
         DiagnosticIDs::Note)
        << *Fix;
}

void DetachedThreadCheck::evidenceNote(const FunctionDecl *Body,
                                       const ForeverEvidence &Evidence) {
  if (Evidence.Kind == ForeverEvidence::Loop) {
    diag(Evidence.Where->getBeginLoc(),
         "%select{the thread loops forever here|loops forever here, in "
         "%1 called from the thread}0: no break, return or throw leaves the "
         "loop%select{ and nothing in it checks a stop token or flag|}2",
         DiagnosticIDs::Note)
        << (Evidence.InFunction != Body) << Evidence.InFunction
        << (Evidence.IgnoredStopRead != nullptr);
    if (const Stmt *Read = Evidence.IgnoredStopRead)
      diag(Read->getBeginLoc(),
           "the stop flag is read here; leave the loop (break or return) "
           "when it is set",
           DiagnosticIDs::Note);
  } else
    diag(cast<CallExpr>(Evidence.Where)->getExprLoc(),
         "%select{the thread blocks here|blocks here, in %1 called from the "
         "thread,}0 without a deadline and nothing can wake it for shutdown; "
         "use '%2' or wait on a predicate that checks a stop flag",
         DiagnosticIDs::Note)
        << (Evidence.InFunction != Body) << Evidence.InFunction
        << Evidence.TimedAlternative;
}

std::optional<llvm::SmallVector<FixItHint, 4>>
DetachedThreadCheck::jthreadFix(const DetachSite &D, const ThreadLaunch &Launch,
                                const ForeverEvidence &Evidence) {
  const auto *Var = dyn_cast_or_null<VarDecl>(D.Thread);
  if (!getLangOpts().CPlusPlus20 || Launch.Kind != LaunchKind::StdThread ||
      Evidence.Kind != ForeverEvidence::Loop ||
      Evidence.InFunction != Launch.Body || !Var || !Var->isLocalVarDecl() ||
      Var->getType()->getContainedAutoType() ||
      // The variable is the thread itself, not a pointer to one.
      !Var->getType()->getAsCXXRecordDecl() ||
      qualifiedName(Var->getType()->getAsCXXRecordDecl()) != "std::thread" ||
      analysis(*Context).detachedThreads().launchesInto(Var).size() != 1 ||
      analysis(*Context).detachedThreads().threadOf(Launch.Launch) != Var)
    return std::nullopt;
  // The owner will join at scope exit: only safe when nothing in the body
  // blocks in a way a stop request cannot interrupt.
  ThreadAnalysis &Analysis = analysis(*Context);
  for (auto [F, Depth] : Analysis.reachableFunctions(Launch.Body))
    for (const BlockingCall &Wait : Analysis.facts(F).BlockingCalls)
      if (!Wait.Wakeable)
        return std::nullopt;
  // The detach must be a statement of its own.
  if (!isPlainStatement(D.Site, dyn_cast_or_null<FunctionDecl>(
                                    Var->getParentFunctionOrMethod())))
    return std::nullopt;
  const auto *Lambda =
      dyn_cast<LambdaExpr>(Launch.Callable->IgnoreImplicit()->IgnoreParens());
  if (!Lambda)
    return std::nullopt;
  const SourceManager &SM = Context->getSourceManager();
  SourceRange TypeRange =
      Var->getTypeSourceInfo()->getTypeLoc().getSourceRange();
  if (TypeRange.getBegin().isMacroID() || TypeRange.getEnd().isMacroID())
    return std::nullopt;
  std::optional<FixItHint> Parameter =
      addStopTokenParameter(Lambda, SM, getLangOpts());
  std::optional<FixItHint> Condition =
      loopUntilStopRequested(Evidence.Where, StopTokenName, SM, getLangOpts());
  std::optional<FixItHint> Removal = removeStatement(D.Site, SM, getLangOpts());
  if (!Parameter || !Condition || !Removal)
    return std::nullopt;
  return llvm::SmallVector<FixItHint, 4>{
      FixItHint::CreateReplacement(CharSourceRange::getTokenRange(TypeRange),
                                   "std::jthread"),
      *Parameter, *Condition, *Removal};
}

} // namespace clang::tidy::threadleak
