//===--- ThreadAnalysis.cpp - threadleak shared analysis ------------------===//

#include "ThreadAnalysis.h"
#include "ExitConditions.h"
#include "FunctionBodyVisitor.h"
#include "Lifetimes.h"
#include "Loops.h"
#include "Names.h"
#include "StatementWalk.h"
#include "StopSources.h"
#include "SyncEffects.h"
#include "SystemHeaders.h"
#include "WakeUps.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::threadleak {

const FunctionDecl *analysableDefinition(const FunctionDecl *F,
                                         const SourceManager &SM) {
  if (!F)
    return nullptr;
  const FunctionDecl *Def = F->getDefinition();
  if (!Def || !Def->getBody() || Def->getLocation().isInvalid() ||
      isInSystemHeader(Def, SM))
    return nullptr;
  return Def;
}

namespace {

/// Walks a function body once and records its FunctionFacts.
class FactsCollector : public FunctionBodyVisitor<FactsCollector> {
  using Base = FunctionBodyVisitor<FactsCollector>;

public:
  FactsCollector(ThreadAnalysis &Analysis, const FunctionDecl *F,
                 FunctionFacts &Out)
      : Analysis(Analysis), F(F), Out(Out) {}

// CLASS names a statement class; it cannot be parenthesized.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define ENCLOSING_LOOP(CLASS)                                                  \
  bool Traverse##CLASS(CLASS *S) {                                             \
    size_t Inner = Unenclosed.size();                                          \
    Loops.push_back(S);                                                        \
    bool Result = Base::Traverse##CLASS(S);                                    \
    Loops.pop_back();                                                          \
    if (LambdaDepth == 0)                                                      \
      recordLoop(S, Inner);                                                    \
    return Result;                                                             \
  }
  ENCLOSING_LOOP(WhileStmt)
  ENCLOSING_LOOP(DoStmt)
  ENCLOSING_LOOP(ForStmt)
  ENCLOSING_LOOP(CXXForRangeStmt)
#undef ENCLOSING_LOOP
  // NOLINTEND(bugprone-macro-parentheses)

  bool VisitStmt(Stmt *S) {
    if (!Out.StopObservation && isStopObservation(S, F, Analysis))
      Out.StopObservation = S;
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call)
      return true;
    llvm::SmallVector<const FunctionDecl *, 2> Targets =
        Analysis.callTargets(Call);
    if (LambdaDepth > 0) {
      // A lambda's calls happen only if someone invokes it (a wait
      // predicate, a helper): they may observe stop, but are not the
      // function's own blocking calls or callees.
      NestedLambdaCallees.append(Targets.begin(), Targets.end());
      return true;
    }
    const Stmt *Loop = Loops.empty() ? nullptr : Loops.back();
    if (std::optional<BlockingCall> Wait =
            Analysis.classifyKnownWait(Call, Loop, F))
      Out.BlockingCalls.push_back(*Wait);
    for (const FunctionDecl *Target : Targets) {
      Out.Calls.push_back({Call, Target});
      if (std::optional<BlockingCall> Wait =
              Analysis.classifyWrapperWait(Call, Target, Loop, F))
        Out.BlockingCalls.push_back(*Wait);
    }
    return true;
  }

  llvm::SmallVector<const FunctionDecl *, 4> NestedLambdaCallees;

private:
  /// Records \p Loop if it is endless, after its body (so the loops inside
  /// are scanned first and the scan of this one reuses theirs): it encloses
  /// the endless loops recorded since Unenclosed[FirstInner].
  void recordLoop(const Stmt *Loop, size_t FirstInner) {
    std::optional<EndlessLoop> Endless = findEndlessLoop(Loop, F, Analysis);
    if (!Endless)
      return;
    int Index = static_cast<int>(Out.EndlessLoops.size());
    for (int InnerIndex : llvm::drop_begin(Unenclosed, FirstInner))
      Out.EndlessLoops[InnerIndex].Enclosing = Index;
    Unenclosed.resize(FirstInner);
    Unenclosed.push_back(Index);
    Out.EndlessLoops.push_back(std::move(*Endless));
  }

  /// Endless loops recorded whose enclosing endless loop is not yet known.
  llvm::SmallVector<int, 4> Unenclosed;

  ThreadAnalysis &Analysis;
  const FunctionDecl *F;
  FunctionFacts &Out;
  llvm::SmallVector<const Stmt *, 4> Loops;
};

} // namespace

ThreadAnalysis::ThreadAnalysis(ASTContext &Context, unsigned MaxCallDepth,
                               std::vector<BlockingFunction> UserBlocking)
    : Context(Context), MaxCallDepth(MaxCallDepth),
      UserBlockingFunctions(std::move(UserBlocking)) {}

const FunctionFacts &ThreadAnalysis::facts(const FunctionDecl *F) {
  auto [It, Inserted] = Facts.try_emplace(F, nullptr);
  if (!Inserted)
    return *It->second;
  // Insert before computing: a recursive call sees the (empty) entry
  // instead of recursing forever.
  It->second = std::make_unique<FunctionFacts>();
  FunctionFacts *Out = It->second.get();
  if (const Stmt *Body = F->getBody()) {
    FactsCollector Collector(*this, F, *Out);
    Collector.TraverseStmt(const_cast<Stmt *>(Body));
    for (const FunctionDecl *Callee : Collector.NestedLambdaCallees)
      if (!Out->StopObservation && observesStop(Callee))
        Out->StopObservation = Callee->getBody();
    if (Out->BlockingCalls.size() == 1)
      if (std::optional<WrapperObject> Object =
              wrappedWaitObject(Out->BlockingCalls.front(), F)) {
        Out->WrappedWait = Out->BlockingCalls.front();
        Out->WrappedObject = *Object;
        Out->BlockingCalls.clear();
      }
  }
  return *Out;
}

const LoopScan &ThreadAnalysis::loopScan(const Stmt *Loop,
                                         const DeclContext *Scope) {
  if (const LoopScan *Known = knownLoopScan(Loop))
    return *Known;
  auto Scan = std::make_unique<LoopScan>(scanLoop(Loop, Scope, *this));
  return *(LoopScans[Loop] = std::move(Scan));
}

bool ThreadAnalysis::observesStop(const FunctionDecl *F) {
  return observesStopWithin(F, MaxCallDepth);
}

bool ThreadAnalysis::observesStopWithin(const FunctionDecl *F, unsigned Depth) {
  auto It = StopMemo.find(F);
  if (It != StopMemo.end() && (It->second.first || It->second.second >= Depth))
    return It->second.first;
  StopMemo[F] = {false, Depth};
  const FunctionFacts &FF = facts(F);
  bool Result = FF.StopObservation != nullptr;
  if (!Result && Depth > 0)
    Result = llvm::any_of(FF.Calls, [&](const auto &Call) {
      return observesStopWithin(Call.second, Depth - 1);
    });
  StopMemo[F] = {Result, Depth};
  return Result;
}

bool ThreadAnalysis::observesStop(const EndlessLoop &Loop) {
  return Loop.ObservesStopDirectly ||
         llvm::any_of(Loop.Callees, [&](const FunctionDecl *Callee) {
           return observesStop(Callee);
         });
}

bool ThreadAnalysis::exprObservesStop(const Expr *E) {
  if (!E)
    return false;
  const FunctionDecl *Callable = resolveCallable(E);
  if (Callable && Callable->getBody())
    return observesStop(Callable);

  class ExprScanner : public RecursiveASTVisitor<ExprScanner> {
  public:
    explicit ExprScanner(ThreadAnalysis &Analysis) : Analysis(Analysis) {}
    bool VisitStmt(Stmt *S) {
      if (isStopObservation(S, nullptr, Analysis))
        Found = true;
      else if (const auto *Call = dyn_cast<CallExpr>(S))
        Found = llvm::any_of(Analysis.callTargets(Call),
                             [&](const FunctionDecl *Target) {
                               return Analysis.observesStop(Target);
                             });
      return !Found;
    }
    bool Found = false;

  private:
    ThreadAnalysis &Analysis;
  };
  ExprScanner Scanner(*this);
  Scanner.TraverseStmt(const_cast<Expr *>(E));
  return Scanner.Found;
}

/// Whether all the code that can reach \p Class's private members is in
/// this translation unit: it has no friends and no nested classes, and every
/// function it declares is defined (or defaulted, or deleted) here. A template
/// is left out: its members are written in its pattern.
static bool isDefinedHere(const CXXRecordDecl *Class) {
  if (!Class || !Class->hasDefinition() || Class->hasFriends() ||
      Class->getDescribedClassTemplate() ||
      isa<ClassTemplateSpecializationDecl>(Class))
    return false;
  return llvm::all_of(Class->decls(), [](const Decl *Member) {
    // A nested class's members reach the private members too.
    if (const auto *Nested = dyn_cast<CXXRecordDecl>(Member))
      return Nested->isInjectedClassName();
    const auto *F = Member->getAsFunction();
    return !F || F->isImplicit() || F->isDefined() || F->isDeleted();
  });
}

bool ThreadAnalysis::isSettableFlag(const ValueDecl *D) {
  // Something reached through a parameter, a reference or an expression
  // we cannot name may be set by anyone.
  if (!D || isa<ParmVarDecl>(D) || D->getType()->isReferenceType() ||
      !isa<VarDecl, FieldDecl>(D))
    return true;
  if (index().Written.contains(D))
    return true;
  if (isAtomicInteger(D->getType()))
    return false;
  if (const auto *Var = dyn_cast<VarDecl>(D))
    return Var->isExternallyVisible() && !Var->isStaticLocal();
  const auto *Field = cast<FieldDecl>(D);
  return Field->getParent()->isExternallyVisible() &&
         (Field->getAccess() != AS_private ||
          !isDefinedHere(dyn_cast<CXXRecordDecl>(Field->getParent())));
}

const TranslationUnitIndex &ThreadAnalysis::index() {
  if (!Index)
    Index = std::make_unique<TranslationUnitIndex>(Context);
  return *Index;
}

WakeUpModel &ThreadAnalysis::wakeUps() {
  if (!WakeUpIndex)
    WakeUpIndex = std::make_unique<WakeUpModel>(index(), MaxCallDepth);
  return *WakeUpIndex;
}

bool ThreadAnalysis::hasProcessLifetimeOwner(const ThreadLaunch &Launch) {
  const CXXRecordDecl *Owner = owningClass(Launch);
  return Owner && livesAsLongAsTheProcess(Owner, index(), *this);
}

llvm::SmallVector<const FunctionDecl *, 2>
ThreadAnalysis::callTargets(const CallExpr *Call) {
  const SourceManager &SM = Context.getSourceManager();
  llvm::SmallVector<const FunctionDecl *, 2> Targets;
  auto Add = [&](const FunctionDecl *F) {
    if (const FunctionDecl *Def = analysableDefinition(F, SM))
      if (!llvm::is_contained(Targets, Def))
        Targets.push_back(Def);
  };
  const FunctionDecl *Callee = Call->getDirectCallee();
  Add(Callee);
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (Method && Method->isVirtual())
      for (const FunctionDecl *Overrider : index().overridersOf(Method))
        Add(Overrider);
    return Targets;
  }
  // A call through a std::function or a function pointer runs what the TU
  // stores in it.
  const Expr *Holder = calledObject(Call);
  // A functor's operator() was followed above as the direct callee.
  if (Holder && isa<CXXOperatorCallExpr>(Call) &&
      className(writtenType(Holder)) != "std::function")
    Holder = nullptr;
  if (const ValueDecl *D = referencedDecl(Holder))
    for (const FunctionDecl *Target : index().CallableTargets.lookup(D))
      Add(Target);
  return Targets;
}

/// Abnormal ends of the process: a failed assertion, abort(), terminate().
static bool isAbortFunction(const FunctionDecl *F) {
  if (!F->getIdentifier())
    return false;
  StringRef Name = F->getName();
  if (Name == "terminate")
    return qualifiedName(F) == "std::terminate";
  return llvm::is_contained({"abort", "__assert_fail", "__assert_perror_fail",
                             "__assert", "__assert_rtn", "_wassert",
                             "__builtin_trap", "__builtin_unreachable"},
                            Name);
}

CallEnd ThreadAnalysis::callEnd(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return CallEnd::Returns;
  if (isAbortFunction(Callee))
    return CallEnd::Aborts;
  const FunctionDecl *Def =
      analysableDefinition(Callee, Context.getSourceManager());
  if (Def)
    return functionEnd(Def);
  return Callee->isNoReturn() ? CallEnd::Exits : CallEnd::Returns;
}

/// A call of exit(), pthread_exit() and the like, or of a function defined
/// here that never returns.
static bool endsThreadOrProcess(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier())
    return false;
  if (Callee->isDefined() && !Callee->isInStdNamespace())
    return true;
  return llvm::is_contained(
      {"exit", "_exit", "_Exit", "quick_exit", "pthread_exit", "thrd_exit"},
      Callee->getName());
}

namespace {
/// Whether a function body ends the thread or the process on some path
/// (a call that exits, anywhere), or else throws outside a try block of its
/// own or calls a function that may throw.
class AbnormalEndFinder : public FunctionBodyVisitor<AbnormalEndFinder> {
  using Base = FunctionBodyVisitor<AbnormalEndFinder>;

public:
  explicit AbnormalEndFinder(ThreadAnalysis &Analysis) : Analysis(Analysis) {}
  bool TraverseCXXTryStmt(CXXTryStmt *Try) {
    ++TryDepth;
    bool Continue = Base::TraverseCXXTryStmt(Try);
    --TryDepth;
    return Continue;
  }
  bool VisitStmt(Stmt *S) {
    if (LambdaDepth > 0)
      return true;
    if (isa<CXXThrowExpr>(S)) {
      Throws |= TryDepth == 0;
    } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
      // A callee defined here that never returns may throw rather than
      // exit; counting it as an exit errs on the side of a way out of the
      // caller's loop. A [[noreturn]] function only declared here is most
      // often a failed check's reporter, which is no way out.
      CallEnd End = Analysis.callEnd(Call);
      Exits |= (End == CallEnd::Exits && endsThreadOrProcess(Call)) ||
               End == CallEnd::MayExit;
      Throws |= TryDepth == 0 && End == CallEnd::MayThrow;
    }
    return !Exits;
  }
  bool Exits = false;
  bool Throws = false;

private:
  ThreadAnalysis &Analysis;
  unsigned TryDepth = 0;
};
} // namespace

CallEnd ThreadAnalysis::functionEnd(const FunctionDecl *F) {
  auto [It, Inserted] = FunctionEndMemo.try_emplace(F, CallEnd::Returns);
  if (!Inserted)
    return It->second;
  CallEnd Result = CallEnd::Returns;
  if (const auto *Body = dyn_cast_or_null<CompoundStmt>(F->getBody())) {
    // A statement at the top level that never returns ends every path.
    for (const Stmt *S : Body->body()) {
      const auto *E = dyn_cast<Expr>(S);
      if (!E)
        continue;
      E = E->IgnoreImplicit();
      if (isa<CXXThrowExpr>(E)) {
        Result = CallEnd::Exits;
        break;
      }
      if (const auto *Call = dyn_cast<CallExpr>(E)) {
        CallEnd End = callEnd(Call);
        if (End == CallEnd::Exits || End == CallEnd::Aborts) {
          Result = End;
          break;
        }
      }
    }
    if (Result == CallEnd::Returns && F->isNoReturn())
      Result = CallEnd::Exits;
    if (Result == CallEnd::Returns) {
      AbnormalEndFinder Finder(*this);
      Finder.TraverseStmt(const_cast<CompoundStmt *>(Body));
      if (Finder.Exits)
        Result = CallEnd::MayExit;
      else if (Finder.Throws)
        Result = CallEnd::MayThrow;
    }
  } else if (F->isNoReturn()) {
    Result = CallEnd::Exits;
  }
  FunctionEndMemo[F] = Result;
  return Result;
}

std::optional<BlockingCall>
ThreadAnalysis::classifyKnownWait(const CallExpr *Call,
                                  const Stmt *EnclosingLoop,
                                  const FunctionDecl *InFunction) {
  std::optional<BlockingCall> Wait = classifyWait(Call, UserBlockingFunctions);
  if (!Wait)
    return std::nullopt;
  Wait->EnclosingLoop = EnclosingLoop;
  Wait->Wakeable = isWakeable(*Wait, InFunction);
  return Wait;
}

std::optional<BlockingCall> ThreadAnalysis::classifyWrapperWait(
    const CallExpr *Call, const FunctionDecl *Target, const Stmt *EnclosingLoop,
    const FunctionDecl *InFunction) {
  if (!mayWrapWait(Target))
    return std::nullopt;
  const FunctionFacts &Wrapper = facts(Target);
  if (!Wrapper.WrappedWait)
    return std::nullopt;
  std::optional<BlockingCall> Wait =
      wrapperWait(Call, Wrapper.WrappedObject, EnclosingLoop);
  if (Wait)
    Wait->Wakeable = isWakeable(*Wait, InFunction);
  return Wait;
}

const ValueDecl *ThreadAnalysis::futurePromise(const BlockingCall &Wait) {
  const TranslationUnitIndex &Index = index();
  if (const ValueDecl *Promise = Index.FuturePromise.lookup(Wait.Object))
    return Promise;
  // `F = call()`, or `call().get()`, of a function that returns
  // `Promise.get_future()`.
  const FunctionDecl *Source = Index.FutureSources.lookup(Wait.Object);
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Wait.Call);
      Member && !Wait.Object)
    if (const auto *Call = dyn_cast<CallExpr>(
            Member->getImplicitObjectArgument()->IgnoreImplicit()))
      if (const FunctionDecl *Callee = Call->getDirectCallee())
        Source = Callee->getDefinition();
  return Source ? Index.ReturnedPromises.lookup(Source) : nullptr;
}

/// The first argument of \p Init, a construction (`std::binary_semaphore
/// S(0)`, `Slots{4}`, `Semaphore Sem{1}`, a constructor's `: Ready(0)`),
/// when it is a constant.
static std::optional<int64_t> constructedCount(const Expr *Init) {
  const auto *Construct =
      Init ? dyn_cast<CXXConstructExpr>(Init->IgnoreImplicit()) : nullptr;
  if (!Construct || Construct->getNumArgs() == 0)
    return std::nullopt;
  return constantValue(Construct->getArg(0));
}

/// The counts \p Object is constructed with, where the code shows them: its
/// initializer, or for a member its default member initializer and the
/// constructors' initializers.
static llvm::SmallVector<int64_t, 2>
constructedCounts(const ValueDecl *Object) {
  llvm::SmallVector<const Expr *, 2> Inits;
  if (const auto *Var = dyn_cast<VarDecl>(Object))
    Inits.push_back(Var->getInit());
  if (const auto *Field = dyn_cast<FieldDecl>(Object)) {
    Inits.push_back(Field->getInClassInitializer());
    if (const auto *Class = dyn_cast<CXXRecordDecl>(Field->getParent()))
      for (const CXXConstructorDecl *Ctor : Class->ctors())
        if (const auto *Def =
                dyn_cast_or_null<CXXConstructorDecl>(Ctor->getDefinition()))
          for (const CXXCtorInitializer *Init : Def->inits())
            if (Init->getMember() == Field)
              Inits.push_back(Init->getInit());
  }
  llvm::SmallVector<int64_t, 2> Counts;
  for (const Expr *Init : Inits)
    if (std::optional<int64_t> Count = constructedCount(Init))
      Counts.push_back(*Count);
  return Counts;
}

bool ThreadAnalysis::startsEmpty(const ValueDecl *Object) {
  if (llvm::is_contained(constructedCounts(Object), 0))
    return true;
  // `sem_init(&S, 0, 0)`, in one of the functions that use S.
  bool Empty = false;
  for (const FunctionDecl *F : index().Writers.lookup(Object))
    forEachStmt(F->getBody(), [&](const Stmt *S) {
      const auto *Call = dyn_cast<CallExpr>(S);
      const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
      if (Callee && Callee->isExternC() && Callee->getIdentifier() &&
          Callee->getName() == "sem_init" && Call->getNumArgs() == 3 &&
          referencedDecl(Call->getArg(0)) == Object &&
          constantValue(Call->getArg(2)) == 0)
        Empty = true;
    });
  return Empty;
}

const BlockingCall *ThreadAnalysis::wrappedWait(const BlockingCall &Wait) {
  if (Wait.Kind != WaitKind::Wrapped)
    return nullptr;
  for (const FunctionDecl *Target : callTargets(Wait.Call))
    if (mayWrapWait(Target))
      if (const std::optional<BlockingCall> &Inner = facts(Target).WrappedWait)
        return &*Inner;
  return nullptr;
}

bool ThreadAnalysis::takesUnit(const BlockingCall &Wait,
                               const FunctionDecl *InFunction) {
  switch (Wait.Kind) {
  case WaitKind::Semaphore:
  case WaitKind::PosixSemaphore:
    return true;
  case WaitKind::Wrapped: {
    // `Lock.lock()` around `sem_wait(&S)`; a wrapper waits outside any
    // loop and without a predicate, so it is no hand-written semaphore.
    const BlockingCall *Inner = wrappedWait(Wait);
    return Inner && (Inner->Kind == WaitKind::Semaphore ||
                     Inner->Kind == WaitKind::PosixSemaphore);
  }
  case WaitKind::ConditionVariable:
  case WaitKind::PthreadCond:
    break;
  default:
    return false;
  }
  // A hand-written semaphore: it waits until a counter is positive and then
  // takes one (`Cv.wait(L, [&] { return Count > 0; }); --Count;`). A wait
  // for a flag or a queue takes nothing.
  if (!InFunction || !InFunction->getBody())
    return false;
  llvm::SmallVector<const ValueDecl *, 4> Counters;
  for (const ValueDecl *Read : exitConditionReads(Wait, *this)) {
    QualType T = Read->getType().getNonReferenceType();
    if ((T->isIntegerType() && !T->isBooleanType()) || isAtomicInteger(T))
      Counters.push_back(Read);
  }
  if (Counters.empty())
    return false;
  const SourceManager &SM = Context.getSourceManager();
  bool Takes = false;
  forEachStmt(InFunction->getBody(), [&](const Stmt *S) {
    const auto *E = dyn_cast<Expr>(S);
    const Expr *Counted = E ? countedObject(E) : nullptr;
    if (Counted && llvm::is_contained(Counters, referencedDecl(Counted)) &&
        SM.isBeforeInTranslationUnit(Wait.Call->getEndLoc(), E->getBeginLoc()))
      Takes = true;
  });
  return Takes;
}

/// Whether \p Call, a call of the function that takes or gives back
/// \p Object, names the same object in its caller: a global or static
/// object is one everywhere; a member of the callee's own object is the
/// caller's when the call is on `this` (`enter()` from `run()`, also from a
/// lambda capturing `this`). A local or a parameter, or a member of another
/// object, is another object in each caller.
static bool keepsObject(const Expr *Call, const ValueDecl *Object) {
  if (const auto *Var = dyn_cast<VarDecl>(Object))
    return Var->hasGlobalStorage();
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
  return isa<FieldDecl>(Object) && Member &&
         isa<CXXThisExpr>(
             Member->getImplicitObjectArgument()->IgnoreParenImpCasts());
}

bool ThreadAnalysis::givesBack(const FunctionDecl *F, const ValueDecl *Object) {
  WakeUpModel &Model = wakeUps();
  // F, then the callers that call it on the same object, breadth first.
  llvm::SmallVector<std::pair<const FunctionDecl *, unsigned>, 8> Work{{F, 0}};
  llvm::SmallPtrSet<const FunctionDecl *, 8> Seen{F};
  for (size_t I = 0; I < Work.size(); ++I) {
    const FunctionDecl *G = Work[I].first;
    unsigned Depth = Work[I].second;
    if (Model.wakesWithin(G, Object))
      return true;
    if (Depth >= MaxCallDepth)
      continue;
    for (const FunctionDecl *Caller : index().Callers.lookup(G)) {
      if (Seen.contains(Caller) || !Caller->getBody())
        continue;
      // Scanned rather than asked of facts(): this runs while the facts of
      // a function are being collected, and those of its caller may need
      // them complete.
      bool Keeps = false;
      forEachStmt(Caller->getBody(), [&](const Stmt *S) {
        const auto *Call = dyn_cast<CallExpr>(S);
        Keeps |= Call && keepsObject(Call, Object) &&
                 llvm::is_contained(callTargets(Call), G);
      });
      if (Keeps) {
        Seen.insert(Caller);
        Work.emplace_back(Caller, Depth + 1);
      }
    }
  }
  return false;
}

bool ThreadAnalysis::isAcquiredAsLock(const BlockingCall &Wait,
                                      const FunctionDecl *InFunction) {
  if (!Wait.Object || !InFunction || !takesUnit(Wait, InFunction) ||
      startsEmpty(Wait.Object))
    return false;
  // `Gate.wait()` around a semaphore that starts at zero: a channel.
  if (const BlockingCall *Inner = wrappedWait(Wait);
      Inner && Inner->Object && startsEmpty(Inner->Object))
    return false;
  return givesBack(InFunction, Wait.Object);
}

bool ThreadAnalysis::isAcquiredAsLockThrough(const Expr *Call,
                                             const FunctionDecl *Caller,
                                             const BlockingCall &Inner) {
  if (!Inner.Object || !Caller)
    return false;
  // The function the inner wait is written in: a callee of Call.
  const FunctionDecl *InnerFunction = nullptr;
  if (const auto *AsCall = dyn_cast<CallExpr>(Call))
    for (const FunctionDecl *Target : callTargets(AsCall))
      if (llvm::any_of(facts(Target).BlockingCalls, [&](const BlockingCall &W) {
            return W.Call == Inner.Call;
          }))
        InnerFunction = Target;
  if (!takesUnit(Inner, InnerFunction) || startsEmpty(Inner.Object))
    return false;
  // A wait on a member of the object Call is called on (`Conn.wait()` of a
  // hand-written semaphore) takes that object.
  const ValueDecl *Object = Inner.Object;
  if (const auto *Method = dyn_cast<CXXMemberCallExpr>(Call))
    if (const auto *Member = dyn_cast<FieldDecl>(Inner.Object))
      if (const ValueDecl *Called =
              referencedDecl(Method->getImplicitObjectArgument());
          Called && memberClass(Member) == objectClass(Called))
        Object = Called;
  if (Object != Inner.Object && startsEmpty(Object))
    return false;
  return givesBack(Caller, Object);
}

bool ThreadAnalysis::isStopFlagSetAtShutdown(const BlockingCall &Wait) {
  WakeUpModel &Model = wakeUps();
  for (const ValueDecl *Read : exitConditionReads(Wait, *this)) {
    if (!isStateFlag(Read))
      continue;
    std::optional<FlagExit> Exit = exitTest(Wait, Read, Context);
    if (!Exit)
      continue;
    for (const FunctionDecl *Writer : Model.writersOf(Read))
      if (Model.isShutdownPath(Writer) &&
          llvm::any_of(Traces.trace(Writer), [&](const SyncEvent &E) {
            return E.Kind == SyncEvent::Store && E.Object == Read &&
                   E.StoredValue && Exit->admits(*E.StoredValue);
          }))
        return true;
  }
  return false;
}

/// The containers \p F adds to (`Push`) or takes from (pop, pop_front),
/// itself: `Q.push_back(X)` adds to Q.
static bool changesContainer(const FunctionDecl *F, const ValueDecl *Container,
                             bool Push) {
  bool Found = false;
  if (F && F->getBody())
    forEachStmt(F->getBody(), [&](const Stmt *S) {
      const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
      if (Found || !Call || !(Push ? isPush(Call) : isPop(Call)))
        return;
      Found = referencedDecl(Call->getImplicitObjectArgument()) == Container;
    });
  return Found;
}

/// A producer's wait for room in a bounded queue, which the consumer's take
/// and notify ends: the waiting function adds to a container its exit
/// condition reads, and a function that wakes the object takes from it
/// (`NotFull.wait(L, [&] { return !Q.full(); }); Q.push_back(X);` with
/// `Q.pop_front(); NotFull.notify_one();`). The consumer makes room while it
/// runs, and shutdown goes through the queue after the items before it.
static bool
waitsForRoomAConsumerMakes(const BlockingCall &Wait,
                           const FunctionDecl *InFunction,
                           llvm::ArrayRef<const ValueDecl *> ExitReads,
                           llvm::ArrayRef<const FunctionDecl *> Wakers) {
  if (Wait.Kind != WaitKind::ConditionVariable &&
      Wait.Kind != WaitKind::PthreadCond)
    return false;
  return llvm::any_of(ExitReads, [&](const ValueDecl *Container) {
    return changesContainer(InFunction, Container, /*Push=*/true) &&
           llvm::any_of(Wakers, [&](const FunctionDecl *Waker) {
             return Waker != InFunction &&
                    changesContainer(Waker, Container, /*Push=*/false);
           });
  });
}

bool ThreadAnalysis::isWakeable(const BlockingCall &Wait,
                                const FunctionDecl *InFunction) {
  if (Wait.TakesStopToken)
    return true;
  // A predicate or loop condition that reads a stop flag: someone means to
  // wake the wait (whether the wake can be lost is lost-wakeup's question).
  if (Wait.Predicate ? exprObservesStop(Wait.Predicate)
                     : Wait.EnclosingLoop &&
                           exprObservesStop(loopCondition(Wait.EnclosingLoop)))
    return true;
  if (isStopFlagSetAtShutdown(Wait))
    return true;
  const ValueDecl *Object = Wait.Object;
  WakeUpModel &Model = wakeUps();
  if (Wait.Kind == WaitKind::Future) {
    // A request/response future: the promise it came from is set, or handed
    // to the code that sets it; a promise kept in a container is set when
    // its elements are.
    const ValueDecl *Promise = futurePromise(Wait);
    if (!Promise)
      return false;
    bool Element = className(Promise->getType()) != "std::promise";
    return Model.hasWaker(Promise) || index().MovedAway.contains(Promise) ||
           (Element && index().SetsPromiseElement);
  }
  if (!Object)
    return false;
  if (Model.isWokenByStopRequest(Object))
    return true;
  if (isAcquiredAsLock(Wait, InFunction))
    return true;
  // An object reached through a pointer or reference is woken under another
  // name; any wake of that kind of object may be the one.
  QualType ObjectType = Object->getType();
  if (ObjectType->isPointerType() || ObjectType->isReferenceType() ||
      isa<ParmVarDecl>(Object))
    return Model.hasWakerOfItsType(Object);
  auto ExitReads = exitConditionReads(Wait, *this);
  if (waitsForRoomAConsumerMakes(Wait, InFunction, ExitReads,
                                 index().Wakers.lookup(Object)))
    return true;
  // A producer's wake (a push and a notify) ends the wait only while there
  // is work; for shutdown a shutdown path must wake it.
  return Model.isWokenAtShutdown(Object, ExitReads);
}

const FunctionDecl *ThreadAnalysis::forwardedBody(const FunctionDecl *Body) {
  for (unsigned Depth = 0; Body && Depth < MaxCallDepth; ++Depth) {
    const auto *Block = dyn_cast_or_null<CompoundStmt>(Body->getBody());
    if (!Block || Block->size() != 1)
      break;
    const Stmt *Only = Block->body_front();
    if (const auto *Return = dyn_cast<ReturnStmt>(Only))
      Only = Return->getRetValue();
    const auto *E = dyn_cast_or_null<Expr>(Only);
    const auto *Call = E ? dyn_cast<CallExpr>(E->IgnoreImplicit()) : nullptr;
    if (!Call)
      break;
    llvm::SmallVector<const FunctionDecl *, 2> Targets = callTargets(Call);
    if (Targets.size() != 1 || Targets.front() == Body)
      break;
    Body = Targets.front();
  }
  return Body;
}

std::vector<std::pair<const FunctionDecl *, unsigned>>
ThreadAnalysis::reachableFunctions(const FunctionDecl *Body) {
  std::vector<std::pair<const FunctionDecl *, unsigned>> Order;
  const FunctionDecl *Entry = Body ? Body->getDefinition() : nullptr;
  if (!Entry || !Entry->getBody())
    return Order;
  llvm::SmallPtrSet<const FunctionDecl *, 16> Seen;
  Seen.insert(Entry);
  Order.emplace_back(Entry, 0);
  for (size_t I = 0; I < Order.size(); ++I) {
    auto [F, Depth] = Order[I];
    if (Depth >= MaxCallDepth)
      continue;
    for (const auto &Call : facts(F).Calls)
      if (Seen.insert(Call.second).second)
        Order.emplace_back(Call.second, Depth + 1);
  }
  return Order;
}

std::optional<ForeverEvidence>
ThreadAnalysis::findRunsForever(const FunctionDecl *Body) {
  for (auto [F, Depth] : reachableFunctions(Body)) {
    const FunctionFacts &FF = facts(F);
    for (const EndlessLoop &Loop : FF.EndlessLoops)
      if (!observesStop(Loop))
        return ForeverEvidence{ForeverEvidence::Loop, Loop.Loop, F, "",
                               Loop.IgnoredStopRead};
    for (const BlockingCall &Wait : FF.BlockingCalls)
      if (!Wait.Wakeable && !Wait.ReleasedWhenProducerDies)
        return ForeverEvidence{ForeverEvidence::Wait, Wait.Call, F,
                               Wait.TimedAlternative};
  }
  return std::nullopt;
}

} // namespace clang::tidy::threadleak
