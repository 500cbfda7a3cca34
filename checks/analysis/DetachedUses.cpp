//===--- DetachedUses.cpp - threadleak ------------------------------------===//

#include "DetachedUses.h"
#include "CompletionSignals.h"
#include "ExitConditions.h"
#include "FunctionBodyVisitor.h"
#include "Lifetimes.h"
#include "Names.h"
#include "StatementWalk.h"
#include "SyncEffects.h"
#include "SyncTraces.h"
#include "ThreadAnalysis.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::threadleak {

static bool isSharedPtr(QualType T) {
  return className(T.getNonReferenceType()) == "std::shared_ptr";
}

/// Whether objects of \p Class can keep themselves alive through
/// shared_from_this().
static bool isSharedFromThis(const CXXRecordDecl *Class, unsigned Depth = 0) {
  if (!Class || !Class->hasDefinition() || Depth > 8)
    return false;
  return llvm::any_of(Class->bases(), [&](const CXXBaseSpecifier &Base) {
    const CXXRecordDecl *RD = Base.getType()->getAsCXXRecordDecl();
    return RD && (qualifiedName(RD) == "std::enable_shared_from_this" ||
                  isSharedFromThis(RD, Depth + 1));
  });
}

/// The arguments the thread is started with, the callable included.
static llvm::ArrayRef<const Expr *> launchArguments(const ThreadLaunch &L) {
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(L.Launch))
    return {Construct->getArgs(), Construct->getNumArgs()};
  return {};
}

/// `std::bind(&C::run, this)` and friends: the arguments of the call the
/// callable is, if it is one.
static llvm::ArrayRef<const Expr *> boundArguments(const Expr *Callable) {
  const auto *Call = dyn_cast<CallExpr>(Callable->IgnoreImplicit());
  if (!Call || !Call->getDirectCallee())
    return {};
  std::string Name = qualifiedName(Call->getDirectCallee());
  if (Name != "std::bind" && Name != "std::bind_front")
    return {};
  return {Call->getArgs(), Call->getNumArgs()};
}

/// A local of a function (a by-value parameter too) that dies when it
/// returns.
static const VarDecl *dyingLocal(const ValueDecl *D) {
  const auto *Var = dyn_cast_or_null<VarDecl>(D);
  if (!Var || !Var->hasLocalStorage() || Var->getType()->isReferenceType() ||
      !isa<FunctionDecl>(Var->getDeclContext()))
    return nullptr;
  return Var;
}

// ===== The thread ends by running the continuation it was handed =====

static bool isCoroutineHandle(QualType T) {
  std::string Name = className(T.getNonReferenceType());
  return Name == "std::coroutine_handle" ||
         Name == "std::experimental::coroutine_handle";
}

/// Whether a value of type \p T is a continuation when it is handed on: a
/// coroutine handle, a std::function, a function pointer or reference, a
/// lambda's closure or another functor.
static bool isContinuationType(QualType T) {
  T = T.getNonReferenceType();
  if (T->isDependentType())
    return false;
  if (isCoroutineHandle(T) || T->isFunctionPointerType() || T->isFunctionType())
    return true;
  std::string Name = className(T);
  if (Name == "std::function" || Name == "std::move_only_function" ||
      Name == "std::copyable_function")
    return true;
  const auto *RD = T->getAsCXXRecordDecl();
  return RD && RD->hasDefinition() &&
         llvm::any_of(RD->methods(), [](const CXXMethodDecl *M) {
           return M->getOverloadedOperator() == OO_Call;
         });
}

/// \p E without the copies, moves and conversions around it:
/// `std::move(Fn)`, `std::forward<F>(Fn)`, a copy construction, a
/// std::function made from a lambda.
static const Expr *withoutCopies(const Expr *E) {
  while (E) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
        Construct && Construct->getNumArgs() == 1) {
      E = Construct->getArg(0);
      continue;
    }
    if (const auto *Call = dyn_cast<CallExpr>(E);
        Call && Call->getNumArgs() == 1 && Call->getDirectCallee()) {
      std::string Name = qualifiedName(Call->getDirectCallee());
      if (Name == "std::move" || Name == "std::forward") {
        E = Call->getArg(0);
        continue;
      }
    }
    return E;
  }
  return nullptr;
}

/// The parameter of the function starting a thread that \p E, an argument
/// of the launch or the initializer of a lambda's init-capture, copies or
/// moves: `H`, `std::move(Fn)`.
static const ParmVarDecl *launcherParameter(const Expr *E) {
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(withoutCopies(E));
  return Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
}

/// Whether some member function of \p Class stores one of its parameters
/// into \p Field (`Handle = H;` in await_suspend, `: Handle(H)`).
static bool setFromParameter(const FieldDecl *Field,
                             const CXXRecordDecl *Class) {
  for (const CXXMethodDecl *Method : Class->methods()) {
    const FunctionDecl *Def = Method->getDefinition();
    if (!Def || !Def->getBody())
      continue;
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Def))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->getMember() == Field && launcherParameter(Init->getInit()))
          return true;
    bool Found = false;
    forEachStmt(Def->getBody(), [&](const Stmt *S) {
      const Expr *Target = nullptr;
      const Expr *Value = nullptr;
      if (const auto *Op = dyn_cast<BinaryOperator>(S);
          Op && Op->getOpcode() == BO_Assign) {
        Target = Op->getLHS();
        Value = Op->getRHS();
      } else if (const auto *Call = dyn_cast<CXXOperatorCallExpr>(S);
                 Call && Call->getOperator() == OO_Equal &&
                 Call->getNumArgs() == 2) {
        Target = Call->getArg(0);
        Value = Call->getArg(1);
      }
      Found |=
          Target && referencedDecl(Target) == Field && launcherParameter(Value);
    });
    if (Found)
      return true;
  }
  return false;
}

/// The continuations a thread body holds that the function starting it was
/// handed: a parameter of that function captured by copy or moved into an
/// init-capture (`[H]`, `[Fn = std::move(Fn)]`), the body's parameter
/// bound to such a parameter (`std::thread(&Awaiter::run, this, H)`), a
/// coroutine handle member of \p Owner set from a parameter (`Handle = H`
/// in await_suspend).
static llvm::SmallPtrSet<const ValueDecl *, 2>
handedContinuations(const ThreadLaunch &Launch, const LambdaExpr *Lambda,
                    const CXXRecordDecl *Owner) {
  llvm::SmallPtrSet<const ValueDecl *, 2> Result;
  if (Lambda) {
    for (const LambdaCapture &Capture : Lambda->captures()) {
      if (!Capture.capturesVariable() || Capture.getCaptureKind() != LCK_ByCopy)
        continue;
      const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar());
      if (!Var)
        continue;
      if (isa<ParmVarDecl>(Var) ||
          (Var->isInitCapture() && launcherParameter(Var->getInit())))
        Result.insert(Var);
    }
  } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(Launch.Launch);
             Construct && Launch.Body) {
    // std::thread(F, Args...) calls F(Args...), or Args[0]->F(Args[1]...).
    const auto *Method = dyn_cast<CXXMethodDecl>(Launch.Body);
    unsigned First = Method && Method->isInstance() ? 2 : 1;
    unsigned Token = takesStopToken(Launch.Body) ? 1 : 0;
    for (unsigned I = First; I < Construct->getNumArgs(); ++I) {
      unsigned Param = I - First + Token;
      if (Param < Launch.Body->getNumParams() &&
          launcherParameter(Construct->getArg(I)))
        Result.insert(Launch.Body->getParamDecl(Param));
    }
  }
  if (Owner)
    for (const FieldDecl *Field : Owner->fields())
      if (isCoroutineHandle(Field->getType()) && setFromParameter(Field, Owner))
        Result.insert(Field);
  return Result;
}

/// The expression a function ends with when it runs to its end: its last
/// statement, looking into blocks and a `return`'s value; null when that is
/// not an expression.
static const Expr *lastExpression(const FunctionDecl *F) {
  const Stmt *S = F && F->hasBody() ? F->getBody() : nullptr;
  while (S) {
    if (const auto *Block = dyn_cast<CompoundStmt>(S)) {
      const Stmt *Last = nullptr;
      for (const Stmt *Child : Block->body())
        if (!isa<NullStmt>(Child))
          Last = Child;
      S = Last;
    } else if (const auto *Return = dyn_cast<ReturnStmt>(S)) {
      S = Return->getRetValue();
    } else if (const auto *E = dyn_cast<Expr>(S)) {
      return E->IgnoreImplicit()->IgnoreParens();
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

/// Whether \p E is, or hands on, one of \p Continuations: names it
/// (through a copy or a move), or is a lambda capturing it by copy.
static bool
isContinuation(const Expr *E,
               const llvm::SmallPtrSetImpl<const ValueDecl *> &Continuations) {
  E = withoutCopies(E);
  if (const auto *Lambda = dyn_cast_or_null<LambdaExpr>(E))
    return llvm::any_of(Lambda->captures(), [&](const LambdaCapture &C) {
      if (!C.capturesVariable() || C.getCaptureKind() != LCK_ByCopy)
        return false;
      const auto *Var = dyn_cast<VarDecl>(C.getCapturedVar());
      return Var && (Continuations.contains(Var) ||
                     (Var->isInitCapture() &&
                      isContinuation(Var->getInit(), Continuations)));
    });
  const ValueDecl *D = E ? referencedDecl(E) : nullptr;
  return D && Continuations.contains(D);
}

/// Whether \p E runs one of \p Continuations: resumes the coroutine handle
/// (`H.resume()`, `H()`), calls the callable (`Fn(V)`), or hands it on to a
/// call (`schedule(std::move(Fn))`, `Ex->post([H] { H.resume(); })`).
static bool runsContinuation(
    const Expr *E,
    const llvm::SmallPtrSetImpl<const ValueDecl *> &Continuations) {
  const auto *Call = dyn_cast_or_null<CallExpr>(E);
  if (!Call)
    return false;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    const Expr *Object = Member->getImplicitObjectArgument();
    if (Method && Method->getIdentifier() && Method->getName() == "resume" &&
        isCoroutineHandle(Object->getType()) &&
        isContinuation(Object, Continuations))
      return true;
  }
  // A call proves the continuation callable, whatever its type.
  if (const Expr *Called = calledObject(Call);
      Called && isContinuation(Called, Continuations))
    return true;
  if (const auto *Callee = dyn_cast<DeclRefExpr>(
          Call->getCallee()->IgnoreImplicit()->IgnoreParens());
      Callee && Continuations.contains(Callee->getDecl()))
    return true;
  return llvm::any_of(Call->arguments(), [&](const Expr *Arg) {
    return isContinuationType(Arg->getType()) &&
           isContinuation(Arg, Continuations);
  });
}

/// Whether the last thing \p Launch's thread does is to run the
/// continuation the function starting it was handed (a coroutine awaiter's
/// await_suspend resuming its handle, an executor's schedule running its
/// callable): whoever handed it waits for the continuation, so the object
/// lives as long as the thread uses it, before that.
static bool endsByRunningContinuation(const ThreadLaunch &Launch,
                                      const LambdaExpr *Lambda,
                                      const CXXRecordDecl *Owner) {
  llvm::SmallPtrSet<const ValueDecl *, 2> Continuations =
      handedContinuations(Launch, Lambda, Owner);
  return !Continuations.empty() &&
         runsContinuation(lastExpression(Launch.Body), Continuations);
}

// ===== The thread ends by telling a waiter of its object that it is done ==

/// The member functions of \p Class defined here that the translation
/// unit calls from somewhere other than \p Body.
static llvm::SmallVector<const FunctionDecl *, 4>
calledMethods(const CXXRecordDecl *Class, const FunctionDecl *Body,
              const TranslationUnitIndex &Index) {
  llvm::SmallVector<const FunctionDecl *, 4> Result;
  for (const CXXMethodDecl *Method : Class->methods()) {
    const FunctionDecl *Def = Method->getDefinition();
    if (!Def || !Def->getBody())
      continue;
    if (llvm::any_of(
            Index.Callers.lookup(Def),
            [&](const FunctionDecl *Caller) { return Caller != Body; }))
      Result.push_back(Def);
  }
  return Result;
}

/// Whether \p F, or what it reaches, makes an untimed wait that \p Accept
/// takes (a wait of its own or the one it wraps).
template <typename Fn>
static bool reachesWait(const FunctionDecl *F, ThreadAnalysis &Analysis,
                        Fn &&Accept) {
  for (auto [G, Depth] : Analysis.reachableFunctions(F)) {
    const FunctionFacts &Facts = Analysis.facts(G);
    if (llvm::any_of(Facts.BlockingCalls, Accept) ||
        (Facts.WrappedWait && Accept(*Facts.WrappedWait)))
      return true;
  }
  return false;
}

/// Whether \p Call waits on the latch or barrier \p Object (`L.wait()`,
/// `B.arrive_and_wait()`), which BlockingCall does not model.
static bool isLatchOrBarrierWait(const CallExpr *Call,
                                 const ValueDecl *Object) {
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
  const CXXMethodDecl *Method = Member ? Member->getMethodDecl() : nullptr;
  if (!Method || !Method->getIdentifier() ||
      referencedDecl(Member->getImplicitObjectArgument()) != Object)
    return false;
  std::string Class = objectClassName(Member);
  return (Class == "std::latch" && Method->getName() == "wait") ||
         ((Class == "std::latch" || Class == "std::barrier") &&
          Method->getName() == "arrive_and_wait");
}

/// Whether \p F, or what it reaches, waits on \p Object without a deadline:
/// a semaphore's acquire, a latch's or barrier's wait.
static bool waitsOn(const FunctionDecl *F, const ValueDecl *Object,
                    ThreadAnalysis &Analysis) {
  if (reachesWait(F, Analysis, [&](const BlockingCall &Wait) {
        return Wait.Object == Object;
      }))
    return true;
  bool Found = false;
  for (auto [G, Depth] : Analysis.reachableFunctions(F))
    forEachStmt(G->getBody(), [&](const Stmt *S) {
      const auto *Call = dyn_cast<CallExpr>(S);
      Found |= Call && isLatchOrBarrierWait(Call, Object);
    });
  return Found;
}

/// What a function does last when it runs to its end: its last expression
/// (lastExpression), followed into the function of the translation unit
/// that expression calls, to the call depth (`[this] { work(); finish(); }`
/// ends with what finish() ends with); with the function it is written in.
static std::pair<const Expr *, const FunctionDecl *>
lastAction(const FunctionDecl *F, ThreadAnalysis &Analysis) {
  const SourceManager &SM = Analysis.context().getSourceManager();
  const Expr *Last = lastExpression(F);
  for (unsigned Depth = 0; Depth < Analysis.maxCallDepth(); ++Depth) {
    const auto *Call = dyn_cast_or_null<CallExpr>(Last);
    const FunctionDecl *Callee =
        Call && Call->getDirectCallee()
            ? analysableDefinition(Call->getDirectCallee(), SM)
            : nullptr;
    if (!Callee || Callee == F)
      break;
    F = Callee;
    Last = lastExpression(F);
  }
  return {Last, F};
}

/// Whether \p W waits for the promise \p Promise to be set: it waits on a
/// future of it, or returns one (`return P.get_future();`, or a local
/// taken from it) to a caller that waits on it (`F = W(); F.get();`).
static bool waitsForPromise(const FunctionDecl *W, const ValueDecl *Promise,
                            ThreadAnalysis &Analysis) {
  const TranslationUnitIndex &Index = Analysis.index();
  auto IsPromisesFuture = [&](const ValueDecl *Future) {
    return Future && Index.FuturePromise.lookup(Future) == Promise;
  };
  if (reachesWait(W, Analysis, [&](const BlockingCall &Wait) {
        return IsPromisesFuture(Wait.Object);
      }))
    return true;
  bool Returns = Index.ReturnedPromises.lookup(W) == Promise;
  forEachStmt(W->getBody(), [&](const Stmt *S) {
    if (const auto *Return = dyn_cast<ReturnStmt>(S); Return && !Returns)
      Returns = IsPromisesFuture(
          referencedDecl(withoutCopies(Return->getRetValue())));
  });
  return Returns &&
         llvm::any_of(Index.Callers.lookup(W), [&](const FunctionDecl *C) {
           return llvm::any_of(
               Analysis.facts(C).BlockingCalls, [&](const BlockingCall &Wait) {
                 return Wait.Object &&
                        Index.FutureSources.lookup(Wait.Object) == W;
               });
         });
}

/// Whether \p W waits, for a flag or counter in \p Flags, on the condition
/// variable \p Cv that \p Notify wakes, holding a mutex that the notifying
/// thread holds at \p Notify: the waiter can only return once the thread
/// has given the mutex back, after its notify.
static bool waitsForNotify(const FunctionDecl *W, const FieldDecl *Cv,
                           llvm::ArrayRef<const ValueDecl *> Flags,
                           const SyncEvent &Notify, ThreadAnalysis &Analysis) {
  return reachesWait(W, Analysis, [&](const BlockingCall &Wait) {
    if (Wait.Object != Cv || !Wait.Mutex || !Notify.holds(Wait.Mutex))
      return false;
    llvm::SmallVector<const ValueDecl *, 4> Reads =
        exitConditionReads(Wait, Analysis);
    return llvm::any_of(Flags, [&](const ValueDecl *Flag) {
      return llvm::is_contained(Reads, Flag);
    });
  });
}

/// Whether a member function of \p Owner that the translation unit calls
/// waits for \p Last, the last thing \p Body does (written in \p In:
/// \p Body or a function it calls last), when that is a completion signal
/// on a member of the object:
///  - a latch counted down, a barrier arrived at, a semaphore released:
///    it waits on the same object;
///  - a promise set: waitsForPromise;
///  - a condition variable notified after the thread set a flag or counter:
///    waitsForNotify.
static bool waiterWaitsFor(const Expr *Last, const FunctionDecl *In,
                           const FunctionDecl *Body, const CXXRecordDecl *Owner,
                           ThreadAnalysis &Analysis) {
  const auto *Call = dyn_cast_or_null<CallExpr>(Last);
  if (!Call)
    return false;
  llvm::SmallVector<const FunctionDecl *, 4> Waiters =
      calledMethods(Owner, Body, Analysis.index());
  if (std::optional<CompletionSignal> Signal = signalCall(Call, {})) {
    const auto *Object = dyn_cast_or_null<FieldDecl>(Signal->Object);
    if (!Object || Object->getParent() != Owner)
      return false;
    return llvm::any_of(Waiters, [&](const FunctionDecl *W) {
      return Signal->Kind == SignalKind::PromiseSet
                 ? waitsForPromise(W, Object, Analysis)
                 : waitsOn(W, Object, Analysis);
    });
  }
  const Expr *Woken = wokenObject(Call);
  const auto *Cv =
      Woken ? dyn_cast_or_null<FieldDecl>(referencedDecl(Woken)) : nullptr;
  if (!Cv || Cv->getParent() != Owner)
    return false;
  // The flags and counters written before this notify.
  const SourceManager &SM = Analysis.context().getSourceManager();
  llvm::SmallVector<const ValueDecl *, 2> Flags;
  for (const CompletionSignal &Signal : findCompletionSignals(In, {}))
    if ((Signal.Kind == SignalKind::FlagThenNotify ||
         Signal.Kind == SignalKind::CounterThenNotify) &&
        isa_and_nonnull<FieldDecl>(Signal.Object) &&
        SM.isBeforeInTranslationUnit(Signal.Where->getBeginLoc(),
                                     Call->getBeginLoc()))
      Flags.push_back(Signal.Object);
  if (Flags.empty())
    return false;
  for (const SyncEvent &Event : Analysis.syncTraces().trace(Body))
    if (Event.Kind == SyncEvent::Wake && Event.Where == Call)
      return llvm::any_of(Waiters, [&](const FunctionDecl *W) {
        return waitsForNotify(W, Cv, Flags, Event, Analysis);
      });
  return false;
}

/// Whether the last thing \p Launch's thread does is a completion signal
/// that a member function of \p Owner, called by the owner's code, waits
/// for (a Stop() that sets the flag the thread polls, then waits for the
/// thread's "exited"): the object lives until the thread says it is done.
static bool endsBySignallingWaiter(const ThreadLaunch &Launch,
                                   const CXXRecordDecl *Owner,
                                   ThreadAnalysis &Analysis) {
  auto [Last, In] = lastAction(Launch.Body, Analysis);
  return waiterWaitsFor(Last, In, Launch.Body, Owner, Analysis);
}

// ===== What a detached thread uses =====

/// Whether the destructor of \p Owner, or the tear-down its test framework
/// runs before it, waits for something.
static bool destructionWaits(const CXXRecordDecl *Owner,
                             ThreadAnalysis &Analysis) {
  const SourceManager &SM = Analysis.context().getSourceManager();
  for (const FunctionDecl *F :
       {static_cast<const FunctionDecl *>(Owner->getDestructor()),
        static_cast<const FunctionDecl *>(frameworkTearDown(Owner))}) {
    if (!F || F->isImplicit() || F->isDefaulted())
      continue;
    const FunctionDecl *Def = analysableDefinition(F, SM);
    if (!Def || waitsForSomething(Def, Analysis))
      return true;
  }
  return false;
}

std::optional<OutlivedUse> findOutlivedUse(const ThreadLaunch &Launch,
                                           ThreadAnalysis &Analysis) {
  if (Launch.Kind != LaunchKind::StdThread &&
      Launch.Kind != LaunchKind::StdJThread)
    return std::nullopt;
  llvm::SmallVector<const Expr *, 4> Args(launchArguments(Launch));
  llvm::ArrayRef<const Expr *> Bound = boundArguments(Launch.Callable);
  Args.append(Bound.begin(), Bound.end());
  const LambdaExpr *Lambda = resolveLambda(Launch.Callable);
  // A shared_ptr handed to the thread keeps what it uses alive.
  if (llvm::any_of(Args,
                   [](const Expr *Arg) { return isSharedPtr(Arg->getType()); }))
    return std::nullopt;
  if (Lambda &&
      llvm::any_of(Lambda->getLambdaClass()->fields(), [](const FieldDecl *F) {
        return isSharedPtr(F->getType());
      }))
    return std::nullopt;

  SourceLocation ThisUse;
  if (Lambda)
    for (const LambdaCapture &Capture : Lambda->captures())
      if (Capture.capturesThis() && Capture.getCaptureKind() == LCK_This)
        ThisUse = Capture.getLocation();
  for (const Expr *Arg : Args)
    if (isa<CXXThisExpr>(Arg->IgnoreParenImpCasts()))
      ThisUse = Arg->getExprLoc();
  if (ThisUse.isValid()) {
    const CXXRecordDecl *Owner = owningClass(Launch);
    if (Owner && !isSharedFromThis(Owner) && !Owner->isLambda() &&
        !destructionWaits(Owner, Analysis) &&
        !endsByRunningContinuation(Launch, Lambda, Owner) &&
        !endsBySignallingWaiter(Launch, Owner, Analysis)) {
      const CXXDestructorDecl *Dtor = Owner->getDestructor();
      OutlivedUse Use;
      Use.Kind = OutlivedUse::This;
      Use.Object = Owner;
      Use.Destructor = Dtor && !Dtor->isImplicit() ? Dtor : nullptr;
      Use.Where = ThisUse;
      return Use;
    }
  }

  // Locals by reference: a lambda's reference captures, std::ref, &Local.
  const VarDecl *Local = nullptr;
  SourceLocation Where;
  if (Lambda)
    for (const LambdaCapture &Capture : Lambda->captures())
      if (Capture.capturesVariable() && Capture.getCaptureKind() == LCK_ByRef)
        if (const VarDecl *Var = dyingLocal(Capture.getCapturedVar());
            Var && !Local) {
          Local = Var;
          Where = Capture.getLocation();
        }
  for (const Expr *Arg : Args) {
    if (Local)
      break;
    const Expr *E = Arg->IgnoreImplicit()->IgnoreParens();
    if (const auto *Call = dyn_cast<CallExpr>(E);
        Call && Call->getDirectCallee() && Call->getNumArgs() == 1) {
      std::string Name = qualifiedName(Call->getDirectCallee());
      if (Name == "std::ref" || Name == "std::cref")
        E = Call->getArg(0);
    } else if (const auto *Unary = dyn_cast<UnaryOperator>(E);
               !Unary || Unary->getOpcode() != UO_AddrOf) {
      continue;
    }
    if (const VarDecl *Var = dyingLocal(referencedDecl(E))) {
      Local = Var;
      Where = Arg->getExprLoc();
    }
  }
  if (!Local)
    return std::nullopt;
  const auto *Launcher = cast<FunctionDecl>(Local->getDeclContext());
  if (Launcher->isMain() || waitsForSomething(Launcher, Analysis))
    return std::nullopt;
  OutlivedUse Use;
  Use.Kind = OutlivedUse::LocalByReference;
  Use.Local = Local;
  Use.Launcher = Launcher;
  Use.Where = Where;
  return Use;
}

namespace {
class WaitFinder : public FunctionBodyVisitor<WaitFinder> {
public:
  bool VisitStmt(Stmt *S) {
    if (LambdaDepth > 0)
      return true;
    if (isa<WhileStmt, DoStmt, ForStmt>(S))
      Found = true;
    const auto *Call = dyn_cast<CallExpr>(S);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    if (Callee && Callee->getIdentifier() &&
        llvm::is_contained({"join", "wait", "wait_for", "wait_until", "get",
                            "acquire", "try_acquire_for", "try_acquire_until",
                            "arrive_and_wait", "sleep_for", "sleep_until",
                            "pthread_join", "sleep", "usleep", "nanosleep"},
                           Callee->getName()))
      Found = true;
    return !Found;
  }
  bool Found = false;
};
} // namespace

bool waitsForSomething(const FunctionDecl *F, ThreadAnalysis &Analysis) {
  for (auto [G, Depth] : Analysis.reachableFunctions(F)) {
    if (!Analysis.facts(G).BlockingCalls.empty())
      return true;
    WaitFinder Finder;
    Finder.TraverseStmt(G->getBody());
    if (Finder.Found)
      return true;
  }
  return false;
}

} // namespace clang::tidy::threadleak
