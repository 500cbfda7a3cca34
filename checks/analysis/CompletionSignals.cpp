//===--- CompletionSignals.cpp - threadleak -------------------------------===//

#include "CompletionSignals.h"
#include "Names.h"
#include "StatementWalk.h"
#include "SyncEffects.h"
#include "SystemHeaders.h"
#include "TimedWaits.h"
#include "Waits.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/PointerIntPair.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <algorithm>

namespace clang::tidy::threadleak {

std::optional<CompletionSignal>
signalCall(const CallExpr *Call, llvm::ArrayRef<std::string> UserSignals) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return std::nullopt;
  CompletionSignal Result;
  Result.Where = Call;
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
  if (Member)
    Result.Object = namedObject(Member->getImplicitObjectArgument());
  if (!UserSignals.empty()) {
    std::string Name = qualifiedName(Callee);
    if (llvm::is_contained(UserSignals, Name)) {
      Result.Kind = SignalKind::User;
      Result.Name = Callee->getNameAsString();
      return Result;
    }
  }
  if (!Callee->getIdentifier())
    return std::nullopt;
  StringRef Name = Callee->getName();
  if (!Member) {
    // A POSIX semaphore posted once: `sem_post(&Done)`.
    if (!Callee->isExternC() || Name != "sem_post" || Call->getNumArgs() != 1)
      return std::nullopt;
    Result.Kind = SignalKind::SemaphoreRelease;
    Result.Object = namedObject(Call->getArg(0));
    Result.Name = Name.str();
    return Result;
  }
  std::string Class = objectClassName(Member);
  Result.Name = Name.str();
  if (Class == "std::latch" &&
      (Name == "count_down" || Name == "arrive_and_wait")) {
    Result.Kind = SignalKind::LatchCountDown;
    return Result;
  }
  if (Class == "std::barrier" &&
      (Name == "arrive" || Name == "arrive_and_drop" ||
       Name == "arrive_and_wait")) {
    Result.Kind = SignalKind::BarrierArrive;
    return Result;
  }
  if (Class == "std::promise" && Name.starts_with("set_value")) {
    Result.Kind = SignalKind::PromiseSet;
    return Result;
  }
  if (Class == "std::counting_semaphore" && Name == "release") {
    Result.Kind = SignalKind::SemaphoreRelease;
    return Result;
  }
  return std::nullopt;
}

bool isSetException(const CallExpr *Call) {
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
  const CXXMethodDecl *Method = Member ? Member->getMethodDecl() : nullptr;
  return Method && Method->getIdentifier() &&
         Method->getName().starts_with("set_exception") &&
         objectClassName(Member) == "std::promise";
}

/// A notify of a condition variable or a C++20 atomic, or a signal or
/// broadcast of a pthread_cond_t.
static bool isNotify(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier() || !wokenObject(Call))
    return false;
  StringRef Name = Callee->getName();
  if (isa<CXXMemberCallExpr>(Call))
    return Name == "notify_one" || Name == "notify_all";
  return Name == "pthread_cond_signal" || Name == "pthread_cond_broadcast";
}

const ValueDecl *signalledObject(const CallExpr *Call,
                                 llvm::ArrayRef<std::string> UserSignals) {
  if (std::optional<CompletionSignal> Signal = signalCall(Call, UserSignals))
    return Signal->Object;
  // A stop request ends work; it does not tell a waiter the work is done.
  if (isStopRequest(Call))
    return nullptr;
  const Expr *Woken = wokenObject(Call);
  return Woken ? namedObject(Woken) : nullptr;
}

/// Whether \p D is state another thread can see: a member, a global or
/// static, or a variable of an enclosing function (a lambda's capture).
static bool isShared(const ValueDecl *D, const FunctionDecl *F) {
  if (isa<FieldDecl>(D))
    return true;
  const auto *Var = dyn_cast<VarDecl>(D);
  if (!Var)
    return false;
  if (!Var->hasLocalStorage())
    return true;
  // A by-reference parameter or a variable of the function around a lambda.
  if (isa<ParmVarDecl>(Var) && Var->getType()->isReferenceType())
    return true;
  return Var->getDeclContext() != F && !Var->isInitCapture();
}

static bool isCounterType(QualType T) {
  T = T.getNonReferenceType();
  return (T->isIntegerType() && !T->isBooleanType()) || isAtomicInteger(T);
}

static bool isFlagType(QualType T) {
  T = T.getNonReferenceType();
  return T->isBooleanType() || isAtomicBool(T);
}

namespace {

/// Walks one function body in source order and collects its signals.
class SignalCollector {
public:
  SignalCollector(const FunctionDecl *F, llvm::ArrayRef<std::string> User)
      : F(F), User(User) {}

  /// Pre-order, with a stack of its own: deeply nested code must not
  /// exhaust the native one.
  void walk(const Stmt *Root) {
    // A statement, or (Leaving) the end of a loop's subtree.
    llvm::SmallVector<llvm::PointerIntPair<const Stmt *, 1, bool>, 32> Work;
    Work.push_back({Root, false});
    while (!Work.empty()) {
      const Stmt *S = Work.back().getPointer();
      bool Leaving = Work.back().getInt();
      Work.pop_back();
      if (Leaving) {
        --LoopDepth;
        continue;
      }
      if (!S || isa<LambdaExpr>(S))
        continue;
      if (isa<WhileStmt, ForStmt, DoStmt, CXXForRangeStmt>(S)) {
        ++LoopDepth;
        Work.push_back({S, true});
      }
      visit(S);
      size_t First = Work.size();
      for (const Stmt *Child : S->children())
        Work.push_back({Child, false});
      std::reverse(Work.begin() + First, Work.end());
    }
  }

  /// The signals, once the notifies after each write are known.
  llvm::SmallVector<CompletionSignal, 2> result() {
    llvm::SmallVector<CompletionSignal, 2> Out;
    const SourceManager &SM = F->getASTContext().getSourceManager();
    for (CompletionSignal &Signal : Found) {
      if (Signal.Kind == SignalKind::CounterThenNotify ||
          Signal.Kind == SignalKind::FlagThenNotify) {
        const CallExpr *const *Next =
            llvm::find_if(Notifies, [&](const CallExpr *N) {
              return SM.isBeforeInTranslationUnit(Signal.Where->getBeginLoc(),
                                                  N->getBeginLoc());
            });
        if (Next == Notifies.end())
          continue;
        Signal.Notify = *Next;
      }
      Out.push_back(Signal);
    }
    return Out;
  }

private:
  void add(const Expr *Where, SignalKind Kind, const ValueDecl *Object,
           std::string Name) {
    CompletionSignal Signal;
    Signal.Where = Where;
    Signal.Kind = Kind;
    Signal.Object = Object;
    Signal.InLoop = LoopDepth > 0;
    Signal.Name = std::move(Name);
    Found.push_back(std::move(Signal));
  }

  void counter(const Expr *Where, const Expr *Target) {
    const ValueDecl *D = referencedDecl(Target);
    if (D && isShared(D, F) && isCounterType(D->getType()))
      add(Where, SignalKind::CounterThenNotify, D,
          "decrement of '" + D->getNameAsString() + "'");
  }

  void flag(const Expr *Where, const Expr *Target) {
    const ValueDecl *D = referencedDecl(Target);
    if (D && isShared(D, F) && isFlagType(D->getType()))
      add(Where, SignalKind::FlagThenNotify, D,
          "write of '" + D->getNameAsString() + "'");
  }

  void visit(const Stmt *S) {
    if (const auto *Unary = dyn_cast<UnaryOperator>(S)) {
      if (Unary->isDecrementOp())
        counter(Unary, Unary->getSubExpr());
      return;
    }
    if (const auto *Binary = dyn_cast<BinaryOperator>(S)) {
      if (Binary->getOpcode() == BO_SubAssign)
        counter(Binary, Binary->getLHS());
      else if (Binary->getOpcode() == BO_Assign)
        flag(Binary, Binary->getLHS());
      return;
    }
    if (const auto *OpCall = dyn_cast<CXXOperatorCallExpr>(S)) {
      if (OpCall->getNumArgs() == 0)
        return;
      OverloadedOperatorKind Op = OpCall->getOperator();
      if (Op == OO_MinusMinus || Op == OO_MinusEqual)
        counter(OpCall, OpCall->getArg(0));
      else if (Op == OO_Equal)
        flag(OpCall, OpCall->getArg(0));
      return;
    }
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call)
      return;
    if (std::optional<CompletionSignal> Signal = signalCall(Call, User)) {
      add(Call, Signal->Kind, Signal->Object, Signal->Name);
      return;
    }
    if (isNotify(Call)) {
      Notifies.push_back(Call);
      return;
    }
    const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
    const CXXMethodDecl *Method = Member ? Member->getMethodDecl() : nullptr;
    if (!Method || !Method->getIdentifier())
      return;
    const Expr *Object = Member->getImplicitObjectArgument();
    if (Method->getName() == "fetch_sub" &&
        isAtomicInteger(writtenType(Object)))
      counter(Call, Object);
    else if (Method->getName() == "store" && isAtomicBool(writtenType(Object)))
      flag(Call, Object);
  }

  const FunctionDecl *F;
  llvm::ArrayRef<std::string> User;
  unsigned LoopDepth = 0;
  llvm::SmallVector<CompletionSignal, 4> Found;
  llvm::SmallVector<const CallExpr *, 2> Notifies;
};

} // namespace

llvm::SmallVector<CompletionSignal, 2>
findCompletionSignals(const FunctionDecl *F,
                      llvm::ArrayRef<std::string> UserSignals) {
  if (!F || !F->getBody())
    return {};
  SignalCollector Collector(F, UserSignals);
  Collector.walk(F->getBody());
  return Collector.result();
}

/// The declaration an instantiated template's member stands for: its
/// pattern's, so that a wait written in a member function of a class
/// template that the translation unit does not instantiate waits on the
/// member a signal in an instantiated one names.
static const ValueDecl *patternDecl(const ValueDecl *D) {
  if (const auto *Field = dyn_cast<FieldDecl>(D)) {
    const auto *Class = dyn_cast<CXXRecordDecl>(Field->getParent());
    if (const CXXRecordDecl *Pattern =
            Class ? Class->getTemplateInstantiationPattern() : nullptr)
      for (const FieldDecl *Candidate : Pattern->fields())
        if (Candidate->getDeclName() == Field->getDeclName())
          return Candidate;
    return Field;
  }
  if (const auto *Var = dyn_cast<VarDecl>(D))
    if (const VarDecl *From = Var->getInstantiatedFromStaticDataMember())
      return From;
  return D;
}

/// A parameter through which a function waits on its caller's object.
static bool isCallersObject(const ValueDecl *D) {
  return isa<ParmVarDecl>(D) &&
         (D->getType()->isReferenceType() || D->getType()->isPointerType());
}

namespace {

/// The functions of the translation unit's own code (templates as written
/// and as instantiated), and the calls of the functions among them that
/// take a reference or a pointer.
class WaiterFunctions : public RecursiveASTVisitor<WaiterFunctions> {
  using Base = RecursiveASTVisitor<WaiterFunctions>;

public:
  explicit WaiterFunctions(const SourceManager &SM) : SM(SM) {}

  bool shouldVisitTemplateInstantiations() const { return true; }

  bool TraverseDecl(Decl *D) {
    if (!D || isInSystemHeader(D, SM))
      return true;
    if (const auto *F = dyn_cast<FunctionDecl>(D);
        F && F->doesThisDeclarationHaveABody())
      add(F);
    return Base::TraverseDecl(D);
  }

  bool TraverseLambdaExpr(LambdaExpr *L) {
    add(L->getCallOperator());
    return Base::TraverseLambdaExpr(L);
  }

  bool VisitCallExpr(CallExpr *Call) {
    if (const FunctionDecl *Callee = Call->getDirectCallee();
        Callee && llvm::any_of(Callee->parameters(), isCallersObject))
      Calls[Callee->getCanonicalDecl()].push_back(Call);
    return true;
  }

  llvm::SmallVector<const FunctionDecl *, 32> Functions;
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<const CallExpr *, 2>>
      Calls;

private:
  void add(const FunctionDecl *F) {
    if (Seen.insert(F).second)
      Functions.push_back(F);
  }

  const SourceManager &SM;
  llvm::SmallPtrSet<const FunctionDecl *, 32> Seen;
};

} // namespace

/// Whether \p Path (a timeout path) runs \p Call.
static bool pathRuns(llvm::ArrayRef<const Stmt *> Path, const CallExpr *Call) {
  bool Found = false;
  for (const Stmt *S : Path)
    forEachStmt(S, [&](const Stmt *Child) { Found |= Child == Call; });
  return Found;
}

/// The object \p Call hands \p Param of the function it calls; null when
/// the argument names none.
static const ValueDecl *argumentFor(const CallExpr *Call,
                                    const ParmVarDecl *Param) {
  // A member operator's object is its first argument but no parameter.
  unsigned Arg = Param->getFunctionScopeIndex() +
                 (isa<CXXOperatorCallExpr>(Call) &&
                  isa<CXXMethodDecl>(Param->getDeclContext()));
  return Arg < Call->getNumArgs() ? referencedDecl(Call->getArg(Arg)) : nullptr;
}

void CompletionWaiters::collect() {
  if (Collected)
    return;
  Collected = true;
  const SourceManager &SM = Context.getSourceManager();
  WaiterFunctions Walk(SM);
  Walk.TraverseDecl(Context.getTranslationUnitDecl());
  Calls = std::move(Walk.Calls);
  struct ParameterWait {
    const ParmVarDecl *Param;
    bool Timed;
    unsigned Depth;
  };
  llvm::SmallVector<ParameterWait, 4> ParameterWaits;
  auto Record = [&](const ValueDecl *Object, bool Timed, unsigned Depth) {
    Deadlines &D = Waits[patternDecl(Object)];
    (Timed ? D.Timed : D.Untimed) = true;
    if (isCallersObject(Object) && Depth < MaxParameterDepth)
      ParameterWaits.push_back({cast<ParmVarDecl>(Object), Timed, Depth});
  };
  for (const FunctionDecl *F : Walk.Functions) {
    llvm::SmallVector<TimedWait, 2> Timed = findTimedWaits(F, {});
    for (const TimedWait &Wait : Timed)
      if (Wait.Object)
        Record(Wait.Object, Wait.GivesUp, 0);
    forEachStmt(F->getBody(), [&](const Stmt *S) {
      const auto *Call = dyn_cast<CallExpr>(S);
      std::optional<BlockingCall> Wait =
          Call ? classifyWait(Call, {}) : std::nullopt;
      if (!Wait || !Wait->Object)
        return;
      // `if (F.wait_for(1s) == ready) return F.get();`: the get() only
      // collects what the timed wait saw arrive.
      if (llvm::any_of(Timed, [&](const TimedWait &T) {
            return T.Object == Wait->Object && T.HasTimeoutPath && T.GivesUp &&
                   SM.isBeforeInTranslationUnit(T.Call->getEndLoc(),
                                                Call->getBeginLoc()) &&
                   !pathRuns(T.TimeoutPath, Call);
          }))
        return;
      Record(Wait->Object, /*Timed=*/false, 0);
    });
  }
  // A helper that waits on what a reference or pointer parameter names
  // waits on its callers' arguments. Record appends to ParameterWaits (a
  // helper of a helper), so the loop goes by index.
  // NOLINTNEXTLINE(modernize-loop-convert)
  for (size_t I = 0; I < ParameterWaits.size(); ++I) {
    ParameterWait Wait = ParameterWaits[I];
    const auto *F = dyn_cast<FunctionDecl>(Wait.Param->getDeclContext());
    if (!F)
      continue;
    for (const CallExpr *Call : Calls.lookup(F->getCanonicalDecl()))
      if (const ValueDecl *Object = argumentFor(Call, Wait.Param))
        Record(Object, Wait.Timed, Wait.Depth + 1);
  }
}

CompletionWaiters::Deadlines
CompletionWaiters::deadlinesOf(const ValueDecl *Object, unsigned Depth) const {
  Deadlines Found = Waits.lookup(patternDecl(Object));
  // A signal on a parameter signals its callers' arguments.
  if (!isCallersObject(Object) || Depth >= MaxParameterDepth)
    return Found;
  const auto *Param = cast<ParmVarDecl>(Object);
  if (const auto *F = dyn_cast<FunctionDecl>(Param->getDeclContext()))
    for (const CallExpr *Call : Calls.lookup(F->getCanonicalDecl()))
      if (const ValueDecl *Argument = argumentFor(Call, Param)) {
        Deadlines D = deadlinesOf(Argument, Depth + 1);
        Found.Timed |= D.Timed;
        Found.Untimed |= D.Untimed;
      }
  return Found;
}

bool CompletionWaiters::allWaitWithDeadline(const CompletionSignal &Signal) {
  const ValueDecl *Object = nullptr;
  switch (Signal.Kind) {
  case SignalKind::PromiseSet:
  case SignalKind::SemaphoreRelease:
    Object = Signal.Object;
    break;
  case SignalKind::CounterThenNotify:
  case SignalKind::FlagThenNotify:
    Object = Signal.Notify ? signalledObject(Signal.Notify, {}) : nullptr;
    break;
  default:
    // A latch or a barrier has no timed wait; a user signal's waiter is
    // not known.
    return false;
  }
  if (!Object)
    return false;
  collect();
  Deadlines Found;
  if (Signal.Kind == SignalKind::PromiseSet) {
    const ValueDecl *Promise = patternDecl(Object);
    for (const auto &[Function, Returned] : Index.ReturnedPromises)
      if (patternDecl(Returned) == Promise)
        return false;
    for (const auto &[Future, From] : Index.FuturePromise) {
      if (patternDecl(From) != Promise)
        continue;
      if (Index.MovedAway.contains(Future))
        return false;
      Deadlines D = deadlinesOf(Future, 0);
      Found.Timed |= D.Timed;
      Found.Untimed |= D.Untimed;
    }
  } else {
    Found = deadlinesOf(Object, 0);
  }
  return Found.Timed && !Found.Untimed;
}

} // namespace clang::tidy::threadleak
