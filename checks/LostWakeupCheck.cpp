//===--- LostWakeupCheck.cpp - threadleak ---------------------------------===//

#include "LostWakeupCheck.h"
#include "analysis/ExitConditions.h"
#include "analysis/Lifetimes.h"
#include "analysis/Names.h"
#include "analysis/StatementWalk.h"
#include "analysis/SyncEffects.h"
#include "analysis/ThreadMembers.h"
#include "analysis/TranslationUnitIndex.h"
#include "analysis/Waits.h"
#include "fixes/LockFixes.h"
#include "clang/AST/DeclCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::threadleak {

/// Waits a shutdown path wakes by notifying or posting what they wait on.
/// A wrapped wait (Waits.h) waits on a condition variable or semaphore the
/// wrapper's object holds.
static bool isWokenByNotify(WaitKind Kind) {
  return Kind == WaitKind::ConditionVariable || Kind == WaitKind::PthreadCond ||
         Kind == WaitKind::Semaphore || Kind == WaitKind::PosixSemaphore ||
         Kind == WaitKind::Wrapped;
}

static bool isConditionVariableWait(WaitKind Kind) {
  return Kind == WaitKind::ConditionVariable || Kind == WaitKind::PthreadCond;
}

/// "true", "'State::Stopping'", "other than 'Running'".
static std::string exitSpelling(const FlagExit &Exit) {
  if (Exit.Spelling == "true" || Exit.Spelling == "false") {
    if (Exit.Equals)
      return Exit.Spelling;
    return Exit.Spelling == "true" ? "false" : "true";
  }
  return (Exit.Equals ? "'" : "other than '") + Exit.Spelling + "'";
}

static std::string name(const ValueDecl *D) {
  return D ? D->getNameAsString() : std::string("?");
}

/// A call of a wake wrapper of \p Object's class (the first in the source),
/// for the hint: `Cond.signalAll()`, `channelBroadcast(&Ch)`.
static std::optional<std::string>
wrapperWakeCall(const ValueDecl *Object, const TranslationUnitIndex &Index) {
  const CXXRecordDecl *Class = objectClass(Object);
  const FunctionDecl *First = nullptr;
  for (const auto &[Wrapper, WrapperClass] : Index.WakeWrappers)
    if (WrapperClass == Class &&
        (!First || Wrapper->getBeginLoc() < First->getBeginLoc()))
      First = Wrapper;
  if (!First)
    return std::nullopt;
  std::string Name = name(Object);
  if (isa<CXXMethodDecl>(First) && First->getNumParams() == 0)
    return Name + "." + First->getNameAsString() + "()";
  if (First->getNumParams() != 1)
    return std::nullopt;
  bool ByPointer = First->getParamDecl(0)->getType()->isPointerType();
  return First->getNameAsString() + "(" + (ByPointer ? "&" : "") + Name + ")";
}

/// How to wake what \p W waits on, for the hint; none for a wrapped wait
/// whose wrapper class has no wake wrapper that a call could name.
static std::optional<std::string> wakeCall(const BlockingCall &W,
                                           const TranslationUnitIndex &Index) {
  std::string Object = name(W.Object);
  switch (W.Kind) {
  case WaitKind::PthreadCond:
    return "pthread_cond_broadcast(&" + Object + ")";
  case WaitKind::PosixSemaphore:
    return "sem_post(&" + Object + ")";
  case WaitKind::Semaphore:
    return Object + ".release()";
  case WaitKind::Wrapped:
    return wrapperWakeCall(W.Object, Index);
  default:
    return Object + ".notify_all()";
  }
}

static StringRef wakeVerb(const BlockingCall &W) {
  if (isConditionVariableWait(W.Kind))
    return "notified";
  if (W.Kind == WaitKind::Wrapped)
    return "woken";
  return W.Kind == WaitKind::Semaphore ? "released" : "posted";
}

/// Whether \p E wakes what \p Wait waits on. A wrapped wait is also woken
/// by a wake of a member of its object's class, as a wake wrapper reached
/// through a helper makes it: erring on the side of not reporting.
static bool wakesWaitedObject(const SyncEvent &E, const BlockingCall &Wait) {
  if (E.Kind != SyncEvent::Wake || !E.Object)
    return false;
  if (E.Object == Wait.Object)
    return true;
  const auto *Member = dyn_cast<FieldDecl>(E.Object);
  const CXXRecordDecl *Class = Member ? memberClass(Member) : nullptr;
  return Wait.Kind == WaitKind::Wrapped && Class &&
         Class == objectClass(Wait.Object);
}

/// The functions of \p Writers that no other function of \p Writers calls:
/// where a store is judged with everything around it.
static llvm::SmallVector<const FunctionDecl *, 4>
outermost(const WakeUpModel::FunctionSet &Writers,
          const TranslationUnitIndex &Index) {
  llvm::SmallVector<const FunctionDecl *, 4> Result;
  for (const FunctionDecl *F : Writers)
    if (llvm::none_of(Index.Callers.lookup(F), [&](const FunctionDecl *C) {
          return Writers.contains(C);
        }))
      Result.push_back(F);
  // The set's order depends on addresses; the diagnostics' must not.
  llvm::sort(Result, [](const FunctionDecl *A, const FunctionDecl *B) {
    return A->getBeginLoc() < B->getBeginLoc();
  });
  return Result;
}

/// Where an event shows in the traced function: the event itself, or the
/// call that leads to it.
static SourceLocation locationIn(const SyncEvent &E) {
  return E.Via ? E.Via->getBeginLoc() : E.Where->getBeginLoc();
}

void LostWakeupCheck::noteWait(const ThreadWait &W, const ValueDecl *Flag) {
  const auto *Tested = llvm::find_if(
      W.Flags, [&](const auto &Entry) { return Entry.first == Flag; });
  if (Tested == W.Flags.end() || (!isConditionVariableWait(W.Wait->Kind) &&
                                  W.Wait->Kind != WaitKind::Wrapped)) {
    diag(W.Wait->Call->getExprLoc(), "the thread waits here until '%0' is %1",
         DiagnosticIDs::Note)
        << name(W.Wait->Object) << wakeVerb(*W.Wait);
    return;
  }
  diag(W.Wait->Call->getExprLoc(),
       "the thread checks '%0'%select{| under '%2'}1 and waits here for it "
       "to become %3",
       DiagnosticIDs::Note)
      << name(Flag) << (W.Wait->Mutex != nullptr) << name(W.Wait->Mutex)
      << exitSpelling(Tested->second);
}

const FunctionDecl *LostWakeupCheck::stopWriter(const ValueDecl *Flag,
                                                const FlagExit &Exit) {
  ThreadAnalysis &Analysis = analysis(*Context);
  for (const FunctionDecl *Writer :
       outermost(Analysis.wakeUps().writersOf(Flag), Analysis.index()))
    if (llvm::any_of(Analysis.syncTraces().trace(Writer),
                     [&](const SyncEvent &E) {
                       return E.Kind == SyncEvent::Store && E.Object == Flag &&
                              E.StoredValue && Exit.admits(*E.StoredValue);
                     }))
      return Writer;
  return nullptr;
}

void LostWakeupCheck::reportUnlockedStore(const ThreadWait &W,
                                          const SyncEvent &Store,
                                          const SyncEvent &Wake,
                                          const FunctionDecl *Path) {
  const ValueDecl *Flag = referencedDecl(storedObject(Store.Where));
  const ValueDecl *Mutex = W.Wait->Mutex;
  SourceLocation Loc = Store.Where->getBeginLoc();
  if (!firstReportAt(Loc))
    return;
  diag(Loc, "'%0' is set without holding '%1', and '%2' is notified before "
            "'%1' is taken again: a thread that has just checked '%0' and "
            "is about to wait misses the wake-up and sleeps forever")
      << name(Flag) << name(Mutex) << name(W.Wait->Object);
  noteWait(W, Flag);
  diag(Wake.Where->getBeginLoc(),
       "'%0' is notified here, with '%1' not taken since "
       "'%2' was set",
       DiagnosticIDs::Note)
      << name(W.Wait->Object) << name(Mutex) << name(Flag);
  auto Hint = diag(Loc,
                   "set '%0' while holding '%1' (or lock and unlock "
                   "'%1' before notifying)",
                   DiagnosticIDs::Note)
              << name(Flag) << name(Mutex);
  // Not when the mutex may already be held there in a way the trace does
  // not see (a lock object of a class it cannot classify, code it cannot
  // read): a second lock of it would deadlock.
  if (!Store.Via && !Store.mayHold(Mutex))
    if (std::optional<llvm::SmallVector<FixItHint, 2>> Fix =
            holdMutexAround(Store.Where, Mutex, Path, *Context))
      Hint << *Fix;
}

/// The one wake of the object \p Wait waits on among \p After, when there
/// is exactly one, it wakes a single waiter (notify_one,
/// pthread_cond_signal), not in a loop, and no call to code the trace does
/// not read could wake it again; null otherwise.
static const SyncEvent *onlySingleWake(llvm::ArrayRef<SyncEvent> After,
                                       const BlockingCall &Wait) {
  const SyncEvent *Only = nullptr;
  for (const SyncEvent &E : After) {
    if (E.Kind == SyncEvent::Unknown)
      return nullptr;
    if (!wakesWaitedObject(E, Wait))
      continue;
    const auto *Call = dyn_cast<CallExpr>(E.Where);
    if (Only || E.Repeated || !Call || !wakesOneWaiter(Call))
      return nullptr;
    Only = &E;
  }
  return Only;
}

void LostWakeupCheck::reportOneWaiterWoken(const ThreadWait &W,
                                           const SyncEvent &Store,
                                           const SyncEvent &Wake) {
  const ValueDecl *Flag = referencedDecl(storedObject(Store.Where));
  const auto *Call = cast<CallExpr>(Wake.Where);
  bool Pthread = !isa<CXXMemberCallExpr>(Call);
  SourceLocation Loc = Call->getBeginLoc();
  if (!firstReportAt(Loc))
    return;
  diag(Loc, "'%0' wakes only one of the threads waiting on '%1' for '%2': "
            "the others never see it and keep waiting, so joining them "
            "hangs")
      << (Pthread ? "pthread_cond_signal" : "notify_one")
      << name(W.Wait->Object) << name(Flag);
  noteWait(W, Flag);
  diag(W.Launch->Launch->getBeginLoc(),
       "several threads running this wait are started here",
       DiagnosticIDs::Note);
  auto Hint = diag(Call->getExprLoc(), "wake every waiter with '%0'",
                   DiagnosticIDs::Note)
              << (Pthread ? "pthread_cond_broadcast" : "notify_all");
  SourceLocation Name =
      Pthread
          ? Call->getCallee()->getBeginLoc()
          : cast<MemberExpr>(Call->getCallee()->IgnoreParens())->getMemberLoc();
  if (Name.isFileID() && notifiesOnlyAtShutdown(Wake))
    Hint << FixItHint::CreateReplacement(
        Name, Pthread ? "pthread_cond_broadcast" : "notify_all");
}

bool LostWakeupCheck::notifiesOnlyAtShutdown(const SyncEvent &Wake) {
  if (!Wake.Via)
    return true;
  ThreadAnalysis &Analysis = analysis(*Context);
  const FunctionDecl *Callee = analysableDefinition(
      Wake.Via->getDirectCallee(), Context->getSourceManager());
  return Callee && Analysis.wakeUps().isShutdownPath(Callee) &&
         llvm::any_of(Analysis.syncTraces().trace(Callee),
                      [&](const SyncEvent &E) {
                        return E.Where == Wake.Where && !E.Via;
                      });
}

void LostWakeupCheck::reportMissingWake(const ThreadWait &W,
                                        const SyncEvent &Store,
                                        llvm::ArrayRef<SyncEvent> After,
                                        const FunctionDecl *Path) {
  const ValueDecl *Flag = referencedDecl(storedObject(Store.Where));
  SourceLocation Loc = Store.Where->getBeginLoc();
  std::optional<std::string> Hint =
      wakeCall(*W.Wait, analysis(*Context).index());
  if (!Hint || !firstReportAt(Loc))
    return;
  bool Joins = llvm::any_of(
      After, [](const SyncEvent &E) { return E.Kind == SyncEvent::Join; });
  diag(Loc, "'%0' is set to end the thread waiting on '%1', but '%1' is "
            "not %2 after it: the thread sleeps on%select{| and '%4' waits "
            "for it forever}3")
      << name(Flag) << name(W.Wait->Object) << wakeVerb(*W.Wait) << Joins
      << qualifiedName(Path);
  noteWait(W, Flag);
  for (const SyncEvent &E : After)
    if (E.Kind == SyncEvent::Wake && E.Object && E.Object != W.Wait->Object) {
      diag(E.Where->getBeginLoc(), "'%0' is %1 here instead",
           DiagnosticIDs::Note)
          << name(E.Object) << wakeVerb(*W.Wait);
      break;
    }
  diag(Loc, "call '%0' after setting '%1'", DiagnosticIDs::Note)
      << *Hint << name(Flag);
}

void LostWakeupCheck::reportJoinWithoutStop(
    const ThreadWait &W, const SyncEvent &Join, const FunctionDecl *Path,
    const ValueDecl *Flag, const FlagExit &Exit, const FunctionDecl *Writer) {
  SourceLocation Loc = locationIn(Join);
  if (!firstReportAt(Loc))
    return;
  diag(Loc, "'%0' joins a thread that finishes only once '%1' is %2 and "
            "'%3' is %4, and does neither before the join: the join waits "
            "forever")
      << qualifiedName(Path) << name(Flag) << exitSpelling(Exit)
      << name(W.Wait->Object) << wakeVerb(*W.Wait);
  noteWait(W, Flag);
  diag(Writer->getLocation(), "'%0' sets '%1'; call it before the join",
       DiagnosticIDs::Note)
      << qualifiedName(Writer) << name(Flag);
}

void LostWakeupCheck::checkStores(const ThreadWait &W) {
  ThreadAnalysis &Analysis = analysis(*Context);
  const ValueDecl *Object = W.Wait->Object;
  const ValueDecl *Mutex = W.Wait->Mutex;
  for (const auto &[Flag, Exit] : W.Flags) {
    for (const FunctionDecl *Path :
         outermost(Analysis.wakeUps().writersOf(Flag), Analysis.index())) {
      llvm::ArrayRef<SyncEvent> Trace = Analysis.syncTraces().trace(Path);
      for (size_t I = 0; I < Trace.size(); ++I) {
        const SyncEvent &Store = Trace[I];
        if (Store.Kind != SyncEvent::Store || Store.Object != Flag ||
            !Store.StoredValue || !Exit.admits(*Store.StoredValue))
          continue;
        llvm::ArrayRef<SyncEvent> After = Trace.drop_front(I + 1);
        const auto *Next = llvm::find_if(After, [&](const SyncEvent &E) {
          return wakesWaitedObject(E, *W.Wait) ||
                 (E.Kind == SyncEvent::Lock && E.Object == Mutex) ||
                 E.Kind == SyncEvent::Unknown;
        });
        if (Next == After.end()) {
          // Nothing wakes the thread after the flag is set. Only a shutdown
          // path must: elsewhere the flag may be set for later.
          if (Analysis.wakeUps().isShutdownPath(Path))
            reportMissingWake(W, Store, After, Path);
          continue;
        }
        if (Mutex && isConditionVariableWait(W.Wait->Kind) &&
            !Store.holds(Mutex) && Next->Kind == SyncEvent::Wake &&
            !Next->holds(Mutex)) {
          reportUnlockedStore(W, Store, *Next, Path);
          continue;
        }
        if (W.Several && !W.WakesObject &&
            isConditionVariableWait(W.Wait->Kind) &&
            Analysis.wakeUps().isShutdownPath(Path))
          if (const SyncEvent *Wake = onlySingleWake(After, *W.Wait))
            reportOneWaiterWoken(W, Store, *Wake);
      }
    }
  }
}

void LostWakeupCheck::checkPills(const ThreadWait &W) {
  if (!W.Several || !isConditionVariableWait(W.Wait->Kind))
    return;
  ThreadAnalysis &Analysis = analysis(*Context);
  auto IsFlag = [&](const ValueDecl *D) {
    return llvm::any_of(W.Flags,
                        [&](const auto &Flag) { return Flag.first == D; });
  };
  for (const ValueDecl *Queue : W.Reads) {
    // A thread that puts the pill back, or stops the others another way,
    // passes it on.
    if (isStateFlag(Queue) || W.Own->Pushes.contains(Queue) ||
        llvm::any_of(W.Own->Stores, IsFlag) || !takesBeforeLeaving(W, Queue))
      continue;
    for (const FunctionDecl *Path :
         outermost(Analysis.wakeUps().writersOf(Queue), Analysis.index())) {
      if (!Analysis.wakeUps().isShutdownPath(Path))
        continue;
      const SyncEvent *Pill = nullptr;
      bool Woken = false;
      bool Single = true;
      for (const SyncEvent &E : Analysis.syncTraces().trace(Path)) {
        if (E.Kind == SyncEvent::Unknown ||
            (E.Kind == SyncEvent::Store && IsFlag(E.Object))) {
          Single = false;
          break;
        }
        if (E.Kind == SyncEvent::Store && E.Object == Queue &&
            isPush(E.Where)) {
          Single = !Pill && !E.Repeated;
          if (!Single)
            break;
          Pill = &E;
        }
        Woken |= Pill && wakesWaitedObject(E, *W.Wait);
      }
      if (Single && Pill && Woken)
        reportOnePill(W, *Pill, Queue);
    }
  }
}

bool LostWakeupCheck::takesBeforeLeaving(const ThreadWait &W,
                                         const ValueDecl *Queue) {
  const SourceManager &SM = Context->getSourceManager();
  SourceLocation WaitLoc = W.Wait->Call->getBeginLoc();
  auto Before = [&](SourceLocation A, SourceLocation B) {
    return SM.isBeforeInTranslationUnit(A, B);
  };
  SourceLocation Take;
  for (const SyncEvent &E : analysis(*Context).syncTraces().trace(W.InFunction))
    if (E.Kind == SyncEvent::Store && E.Object == Queue && isPop(E.Where)) {
      SourceLocation Loc = locationIn(E);
      if (Before(WaitLoc, Loc) && (Take.isInvalid() || Before(Loc, Take)))
        Take = Loc;
    }
  if (Take.isInvalid())
    return false;
  bool Leaves = false;
  forEachStmt(W.InFunction->getBody(), [&](const Stmt *S) {
    if (isa<ReturnStmt, BreakStmt, CXXThrowExpr>(S) &&
        Before(WaitLoc, S->getBeginLoc()) && Before(S->getBeginLoc(), Take))
      Leaves = true;
  });
  return !Leaves;
}

void LostWakeupCheck::reportOnePill(const ThreadWait &W, const SyncEvent &Pill,
                                    const ValueDecl *Queue) {
  SourceLocation Loc = Pill.Where->getBeginLoc();
  if (!firstReportAt(Loc))
    return;
  diag(Loc, "one item is added to '%0' to end several threads that wait on "
            "it: the thread that takes it leaves, the others keep waiting, "
            "so joining them hangs")
      << name(Queue);
  diag(W.Wait->Call->getExprLoc(), "each thread waits here for an item in '%0'",
       DiagnosticIDs::Note)
      << name(Queue);
  diag(W.Launch->Launch->getBeginLoc(),
       "several threads running this wait are started here",
       DiagnosticIDs::Note);
  diag(Loc,
       "add one item per thread, or have each thread put it back before "
       "it leaves",
       DiagnosticIDs::Note);
}

/// The thread a join event joins is a member of the class (or a thread of
/// a member container, through the reference a loop binds).
static bool joinsMemberThread(const SyncEvent &Join) {
  const Expr *Object = nullptr;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Join.Where))
    Object = Member->getImplicitObjectArgument();
  else if (Join.Where && cast<CallExpr>(Join.Where)->getNumArgs() > 0)
    Object = cast<CallExpr>(Join.Where)->getArg(0);
  const ValueDecl *Thread = threadHolder(Object);
  if (!Thread)
    return false;
  if (isa<FieldDecl>(Thread))
    return true;
  const auto *Var = dyn_cast<VarDecl>(Thread);
  return Var && Var->getType()->isReferenceType() && Var->isLocalVarDecl();
}

void LostWakeupCheck::checkJoins(const ThreadWait &W,
                                 const ThreadLaunch &Launch) {
  const CXXRecordDecl *Owner = owningClass(Launch);
  if (!Owner || W.Flags.empty() || Launch.Kind == LaunchKind::StdJThread)
    return;
  ThreadAnalysis &Analysis = analysis(*Context);
  // Only a thread that some code does ask to stop, by storing a value that
  // ends the wait (a counter that producers increment is no stop flag):
  // otherwise nothing can, and threadleak-blocking-wait-without-deadline
  // reports the wait.
  const std::pair<const ValueDecl *, FlagExit> *Stop = nullptr;
  const FunctionDecl *Writer = nullptr;
  for (const auto &Entry : W.Flags) {
    Writer = stopWriter(Entry.first, Entry.second);
    if (Writer) {
      Stop = &Entry;
      break;
    }
  }
  if (!Stop)
    return;
  // The destructor: a function that only joins (a join() wrapper) leaves
  // the stop to its caller.
  const CXXDestructorDecl *Destructor = Owner->getDestructor();
  const FunctionDecl *Path =
      Destructor ? analysableDefinition(Destructor, Context->getSourceManager())
                 : nullptr;
  if (!Path)
    return;
  llvm::ArrayRef<SyncEvent> Trace = Analysis.syncTraces().trace(Path);
  const auto *Join = llvm::find_if(Trace, [](const SyncEvent &E) {
    return E.Kind == SyncEvent::Join && joinsMemberThread(E);
  });
  if (Join == Trace.end())
    return;
  bool Asks = std::any_of(Trace.begin(), Join, [&](const SyncEvent &E) {
    return (E.Kind == SyncEvent::Store &&
            llvm::is_contained(W.Reads, E.Object)) ||
           wakesWaitedObject(E, *W.Wait) || E.Kind == SyncEvent::StopRequest ||
           E.Kind == SyncEvent::Unknown;
  });
  if (!Asks && Writer != Path)
    reportJoinWithoutStop(W, *Join, Path, Stop->first, Stop->second, Writer);
}

void LostWakeupCheck::checkThread(const ThreadLaunch &Launch, bool Several) {
  ThreadAnalysis &Analysis = analysis(*Context);
  const FunctionDecl *Body =
      analysableDefinition(Launch.Body, Context->getSourceManager());
  if (!Body || Body->isDependentContext())
    return;
  const auto &Reached = Analysis.reachableFunctions(Body);
  ThreadStores Own;
  if (Several)
    for (const auto &Entry : Reached)
      for (const SyncEvent &E : Analysis.syncTraces().trace(Entry.first))
        if (E.Kind == SyncEvent::Store && E.Object) {
          Own.Stores.insert(E.Object);
          if (isPush(E.Where))
            Own.Pushes.insert(E.Object);
        }
  for (const auto &[F, Depth] : Reached) {
    for (const BlockingCall &Wait : Analysis.facts(F).BlockingCalls) {
      if (!isWokenByNotify(Wait.Kind) || !Wait.Object || Wait.TakesStopToken ||
          Analysis.isAcquiredAsLock(Wait, F))
        continue;
      ThreadWait W;
      W.Wait = &Wait;
      W.Reads = exitConditionReads(Wait, Analysis);
      W.Launch = &Launch;
      W.InFunction = F;
      W.Several = Several;
      W.Own = &Own;
      if (Several)
        W.WakesObject = llvm::any_of(Reached, [&](const auto &Entry) {
          return Analysis.wakeUps().wakesDirectly(Entry.first, Wait.Object);
        });
      for (const ValueDecl *Read : W.Reads)
        if (isStateFlag(Read))
          if (std::optional<FlagExit> Exit = exitTest(Wait, Read, *Context))
            W.Flags.push_back({Read, *Exit});
      checkStores(W);
      checkPills(W);
      checkJoins(W, Launch);
    }
  }
}

void LostWakeupCheck::onEndOfTranslationUnit() {
  Context = launchContext();
  if (Context) {
    std::vector<ThreadLaunch> Launches = withWrapperLaunches(
        matchedLaunches(ContainerLaunches::Included), *Context);
    llvm::DenseSet<const FunctionDecl *> Several =
        bodiesOfSeveralThreads(Launches);
    llvm::SmallPtrSet<const FunctionDecl *, 8> Seen;
    for (const ThreadLaunch &Launch : Launches)
      if (Launch.Body && Seen.insert(Launch.Body).second &&
          !isProcessLifetimeThread(Launch, *Context))
        checkThread(Launch, Several.contains(Launch.Body));
  }
}

} // namespace clang::tidy::threadleak
