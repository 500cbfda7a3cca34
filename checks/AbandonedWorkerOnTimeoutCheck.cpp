//===--- AbandonedWorkerOnTimeoutCheck.cpp - threadleak -------------------===//

#include "AbandonedWorkerOnTimeoutCheck.h"
#include "analysis/CompletionSignals.h"
#include "analysis/Names.h"
#include "analysis/StatementWalk.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <functional>

using namespace clang::ast_matchers;

namespace clang::tidy::threadleak {

AbandonedWorkerOnTimeoutCheck::AbandonedWorkerOnTimeoutCheck(
    StringRef Name, ClangTidyContext *Context)
    : ThreadLeakCheck(Name, Context),
      TimedJoinFunctionsOption(Options.get("TimedJoinFunctions", "")),
      TimedJoinFunctions(parseQualifiedNames(TimedJoinFunctionsOption)) {}

void AbandonedWorkerOnTimeoutCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  ThreadLeakCheck::storeOptions(Opts);
  Options.store(Opts, "TimedJoinFunctions", TimedJoinFunctionsOption);
}

void AbandonedWorkerOnTimeoutCheck::registerUserCodeMatchers(
    UserCodeMatchers &Matchers) {
  Matchers.add(functionDecl(isDefinition(), unless(isExpansionInSystemHeader()))
                   .bind("function"));
  Matchers.add(lambdaExpr(unless(isExpansionInSystemHeader())).bind("lambda"));
}

void AbandonedWorkerOnTimeoutCheck::check(
    const MatchFinder::MatchResult &Result) {
  Context = Result.Context;
  if (const auto *F = Result.Nodes.getNodeAs<FunctionDecl>("function"))
    Functions.insert(F);
  else if (const auto *L = Result.Nodes.getNodeAs<LambdaExpr>("lambda"))
    Functions.insert(L->getCallOperator());
}

//===----------------------------------------------------------------------===//
// Walking one function body.
//===----------------------------------------------------------------------===//

/// The expression an initializer or assigned value really is, past the
/// implicit nodes, copies and moves the language adds.
static const Expr *stripCopies(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(Next))
      Next = Cast->getSubExpr();
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(Next);
        Construct && Construct->getNumArgs() == 1 &&
        Construct->getConstructor()->isCopyOrMoveConstructor())
      Next = Construct->getArg(0);
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

static bool isThreadClass(const std::string &Class) {
  return Class == "std::thread" || Class == "std::jthread" ||
         Class == "boost::thread";
}

/// The thread (or container of threads) a `X.detach()`, `X.join()`,
/// `pthread_detach(X)` or `pthread_join(X, ...)` acts on, through the
/// variable of a range-for over a container. Null for other calls.
static const ValueDecl *threadOperand(const CallExpr *Call, StringRef Method,
                                      StringRef PthreadFunction) {
  const Expr *Object = nullptr;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *M = Member->getMethodDecl();
    if (!M || !M->getIdentifier() || M->getName() != Method ||
        !isThreadClass(objectClassName(Member)))
      return nullptr;
    Object = Member->getImplicitObjectArgument();
  } else if (const FunctionDecl *Callee = Call->getDirectCallee();
             Callee && Callee->getIdentifier() && Callee->isExternC() &&
             Callee->getName() == PthreadFunction && Call->getNumArgs() >= 1) {
    Object = Call->getArg(0);
  } else {
    return nullptr;
  }
  return referencedDecl(Object);
}

/// A range-for over a container binds `auto &T` to `*__begin`, and
/// `__begin` to `__range.begin()`, and `__range` to the container: find the
/// container.
static const ValueDecl *rangeContainer(const CXXForRangeStmt *For) {
  const VarDecl *Range =
      For->getRangeStmt()
          ? dyn_cast_or_null<VarDecl>(For->getRangeStmt()->getSingleDecl())
          : nullptr;
  return Range && Range->getInit() ? referencedDecl(Range->getInit()) : nullptr;
}

/// Maps each range-for variable in \p Body to the container it runs over.
static void collectRangeVariables(
    const Stmt *Body,
    llvm::DenseMap<const ValueDecl *, const ValueDecl *> &Out) {
  forEachStmt(Body, [&](const Stmt *S) {
    if (const auto *For = dyn_cast<CXXForRangeStmt>(S))
      if (const ValueDecl *Container = rangeContainer(For))
        Out[For->getLoopVariable()] = Container;
  });
}

//===----------------------------------------------------------------------===//
// Workers.
//===----------------------------------------------------------------------===//

struct AbandonedWorkerOnTimeoutCheck::Worker {
  ThreadLaunch Launch;
  const FunctionDecl *Body = nullptr;
  const LambdaExpr *Lambda = nullptr;
  /// The variable or member holding the thread or future, or the container
  /// it was put in.
  const ValueDecl *Handle = nullptr;
  /// Detached where it starts (`std::thread(F).detach()`), detached before
  /// the wait, or run by a user launcher (a pool).
  bool Running = false;
  /// The worker's parameters and init-captures, mapped to the caller's
  /// variables they are bound to.
  llvm::DenseMap<const ValueDecl *, const ValueDecl *> Bound;
};

/// The caller's variable a worker's parameter or init-capture stands for.
static const ValueDecl *
callerDecl(const ValueDecl *D,
           const llvm::DenseMap<const ValueDecl *, const ValueDecl *> &Bound) {
  auto It = Bound.find(D);
  return It == Bound.end() ? D : It->second;
}

/// The variable an argument names, through std::ref, std::move and `&`.
static const ValueDecl *argumentDecl(const Expr *Arg) {
  Arg = stripCopies(Arg);
  if (const auto *Call = dyn_cast<CallExpr>(Arg)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    std::string Name = Callee ? qualifiedName(Callee) : "";
    if ((Name == "std::ref" || Name == "std::cref" || Name == "std::move") &&
        Call->getNumArgs() == 1)
      Arg = Call->getArg(0);
  }
  return referencedDecl(Arg);
}

/// Whether an argument hands the worker a reference to a local of \p F:
/// `std::ref(X)` or `&X`.
static const ValueDecl *referenceToLocal(const Expr *Arg,
                                         const FunctionDecl *F) {
  const Expr *E = stripCopies(Arg);
  const Expr *Inner = nullptr;
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    std::string Name = Callee ? qualifiedName(Callee) : "";
    if ((Name == "std::ref" || Name == "std::cref") && Call->getNumArgs() == 1)
      Inner = Call->getArg(0);
  } else if (const auto *Unary = dyn_cast<UnaryOperator>(E);
             Unary && Unary->getOpcode() == UO_AddrOf) {
    Inner = Unary->getSubExpr();
  }
  const auto *Var = dyn_cast_or_null<VarDecl>(referencedDecl(Inner));
  return Var && Var->hasLocalStorage() && Var->getDeclContext() == F ? Var
                                                                     : nullptr;
}

static void bindArguments(AbandonedWorkerOnTimeoutCheck::Worker &W);

/// The workers \p F starts, with the variable that holds each.
static llvm::SmallVector<AbandonedWorkerOnTimeoutCheck::Worker, 2>
collectWorkers(const FunctionDecl *F, const std::vector<std::string> &Launchers,
               const SourceManager &SM);

//===----------------------------------------------------------------------===//

void bindArguments(AbandonedWorkerOnTimeoutCheck::Worker &W) {
  if (W.Lambda)
    for (const LambdaCapture &Capture : W.Lambda->captures())
      if (Capture.capturesVariable())
        if (const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar());
            Var && Var->isInitCapture() && Var->getInit())
          if (const ValueDecl *From = argumentDecl(Var->getInit()))
            W.Bound[Var] = From;
  if (!W.Body || W.Launch.Kind == LaunchKind::Pthread)
    return;
  const auto *Construct = dyn_cast<CXXConstructExpr>(W.Launch.Launch);
  const auto *Call = dyn_cast<CallExpr>(W.Launch.Launch);
  llvm::SmallVector<const Expr *, 4> Args;
  if (Construct)
    Args.append(Construct->arg_begin(), Construct->arg_end());
  else if (Call)
    Args.append(Call->arg_begin(), Call->arg_end());
  const Expr *const *CallablePos = llvm::find(Args, W.Launch.Callable);
  if (CallablePos == Args.end())
    return;
  unsigned Param =
      isa<CXXMethodDecl>(W.Body) &&
              !cast<CXXMethodDecl>(W.Body)->getParent()->isLambda() &&
              W.Body->getOverloadedOperator() != OO_Call
          ? 1 // the object of a member function pointer
          : 0;
  for (const Expr *const *It = CallablePos + 1; It != Args.end(); ++It) {
    unsigned Index = (It - CallablePos - 1);
    if (Index < Param)
      continue;
    if (Index - Param >= W.Body->getNumParams())
      break;
    if (const ValueDecl *From = argumentDecl(*It))
      W.Bound[W.Body->getParamDecl(Index - Param)] = From;
  }
}

llvm::SmallVector<AbandonedWorkerOnTimeoutCheck::Worker, 2>
collectWorkers(const FunctionDecl *F, const std::vector<std::string> &Launchers,
               const SourceManager &SM) {
  using Worker = AbandonedWorkerOnTimeoutCheck::Worker;
  llvm::SmallVector<Worker, 2> Result;
  llvm::DenseMap<const Expr *, size_t> ByLaunch;
  forEachStmt(F->getBody(), [&](const Stmt *S) {
    if (!isa<CXXConstructExpr, CallExpr>(S))
      return;
    std::optional<ThreadLaunch> L = getThreadLaunch(cast<Expr>(S), Launchers);
    if (!L)
      return;
    Worker W;
    W.Launch = *L;
    W.Body = analysableDefinition(L->Body, SM);
    W.Lambda = resolveLambda(L->Callable);
    W.Running = L->Kind == LaunchKind::User;
    if (const auto *Emplace = dyn_cast<CXXMemberCallExpr>(S);
        Emplace && L->Kind != LaunchKind::User)
      W.Handle = referencedDecl(Emplace->getImplicitObjectArgument());
    if (L->Kind == LaunchKind::Pthread)
      W.Handle = pthreadHandle(*L);
    bindArguments(W);
    ByLaunch[L->Launch] = Result.size();
    Result.push_back(std::move(W));
  });
  if (Result.empty())
    return Result;
  // Where each launch goes: a variable, an assignment, a detach.
  forEachStmt(F->getBody(), [&](const Stmt *S) {
    auto Find = [&](const Expr *E) -> Worker * {
      auto It = ByLaunch.find(stripCopies(E));
      return It == ByLaunch.end() ? nullptr : &Result[It->second];
    };
    if (const auto *Decl = dyn_cast<DeclStmt>(S)) {
      for (const class Decl *D : Decl->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D); Var && Var->getInit())
          if (Worker *W = Find(Var->getInit()))
            W->Handle = Var;
      return;
    }
    if (const auto *Assign = dyn_cast<BinaryOperator>(S);
        Assign && Assign->getOpcode() == BO_Assign) {
      if (Worker *W = Find(Assign->getRHS()))
        W->Handle = referencedDecl(Assign->getLHS());
      return;
    }
    if (const auto *OpCall = dyn_cast<CXXOperatorCallExpr>(S);
        OpCall && OpCall->getOperator() == OO_Equal &&
        OpCall->getNumArgs() == 2) {
      if (Worker *W = Find(OpCall->getArg(1)))
        W->Handle = referencedDecl(OpCall->getArg(0));
      return;
    }
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S)) {
      const CXXMethodDecl *M = Member->getMethodDecl();
      if (M && M->getIdentifier() && M->getName() == "detach")
        if (Worker *W = Find(Member->getImplicitObjectArgument()))
          W->Running = true;
    }
  });
  return Result;
}

//===----------------------------------------------------------------------===//
// Facts about a worker.
//===----------------------------------------------------------------------===//

/// Whether \p W's body, or a function it reaches, wakes \p Object (or the
/// promise \p Promise of a future).
static bool wakes(ThreadAnalysis &Analysis,
                  const AbandonedWorkerOnTimeoutCheck::Worker &W,
                  const ValueDecl *Object) {
  if (!W.Body || !Object)
    return false;
  for (const auto &[F, Depth] : Analysis.reachableFunctions(W.Body)) {
    bool Found = false;
    forEachStmtDeep(F->getBody(), [&](const Stmt *S) {
      if (Found)
        return;
      if (const auto *Call = dyn_cast<CallExpr>(S))
        if (const ValueDecl *Woken = signalledObject(Call, {}))
          Found = callerDecl(Woken, W.Bound) == Object;
    });
    if (Found)
      return true;
  }
  return false;
}

/// Adds to \p Reads the variables and members the conditions under \p Root
/// read (if, loop and ?: conditions, logical operands, returned values), as
/// the caller's variables the worker's parameters are bound to.
static void addConditionReads(const Stmt *Root,
                              const AbandonedWorkerOnTimeoutCheck::Worker &W,
                              llvm::DenseSet<const ValueDecl *> &Reads) {
  auto AddReads = [&](const Stmt *Cond) {
    forEachStmtDeep(Cond, [&](const Stmt *S) {
      if (const auto *E = dyn_cast<Expr>(S))
        if (const ValueDecl *D = referencedDecl(E))
          Reads.insert(callerDecl(D, W.Bound));
    });
  };
  forEachStmtDeep(Root, [&](const Stmt *S) {
    if (const auto *If = dyn_cast<IfStmt>(S))
      AddReads(If->getCond());
    else if (const auto *While = dyn_cast<WhileStmt>(S))
      AddReads(While->getCond());
    else if (const auto *For = dyn_cast<ForStmt>(S))
      AddReads(For->getCond());
    else if (const auto *Do = dyn_cast<DoStmt>(S))
      AddReads(Do->getCond());
    else if (const auto *Binary = dyn_cast<BinaryOperator>(S);
             Binary && Binary->isLogicalOp())
      AddReads(Binary);
    else if (const auto *Cond = dyn_cast<ConditionalOperator>(S))
      AddReads(Cond->getCond());
    else if (const auto *Ret = dyn_cast<ReturnStmt>(S))
      AddReads(Ret->getRetValue());
  });
}

/// The variables and members the worker's conditions read: what a stop
/// flag would be.
static llvm::DenseSet<const ValueDecl *>
conditionReads(ThreadAnalysis &Analysis,
               const AbandonedWorkerOnTimeoutCheck::Worker &W) {
  llvm::DenseSet<const ValueDecl *> Reads;
  if (!W.Body)
    return Reads;
  for (const auto &[F, Depth] : Analysis.reachableFunctions(W.Body))
    addConditionReads(F->getBody(), W, Reads);
  return Reads;
}

/// What the worker's conditions read again and again: those of its loops
/// (the loop conditions, the conditions inside the loop bodies, and the
/// conditions of the functions called there). A flag read there stops the
/// worker soon after it is set; one read once before a long call does not.
static llvm::DenseSet<const ValueDecl *>
loopConditionReads(ThreadAnalysis &Analysis,
                   const AbandonedWorkerOnTimeoutCheck::Worker &W) {
  llvm::DenseSet<const ValueDecl *> Reads;
  if (!W.Body)
    return Reads;
  for (const auto &[F, Depth] : Analysis.reachableFunctions(W.Body))
    forEachStmtDeep(F->getBody(), [&](const Stmt *S) {
      if (!isa<WhileStmt, ForStmt, DoStmt, CXXForRangeStmt>(S))
        return;
      addConditionReads(S, W, Reads);
      forEachStmtDeep(S, [&](const Stmt *Child) {
        if (const auto *Call = dyn_cast<CallExpr>(Child))
          for (const FunctionDecl *Callee : Analysis.callTargets(Call))
            for (const auto &[G, CalleeDepth] :
                 Analysis.reachableFunctions(Callee))
              addConditionReads(G->getBody(), W, Reads);
      });
    });
  return Reads;
}

static bool isStopLikeName(StringRef Name) {
  std::string Lower = Name.lower();
  return llvm::any_of(
      std::initializer_list<StringRef>{"cancel", "stop", "abort", "interrupt",
                                       "shutdown", "kill", "terminate"},
      [&](StringRef Word) { return StringRef(Lower).contains(Word); });
}

/// Whether \p Stmts, after \p From (when valid), ask the worker to stop: a
/// stop request or a cancel call, or a write to something the worker's
/// conditions read (\p WorkerReads), also through a pointer
/// (`Cancel->store(true)`, `*Cancel = true`).
static bool asksToStop(llvm::ArrayRef<const Stmt *> Stmts, SourceLocation From,
                       const llvm::DenseSet<const ValueDecl *> &WorkerReads,
                       const SourceManager &SM) {
  bool Found = false;
  auto Written = [&](const Expr *E) {
    if (const ValueDecl *D = namedObject(E); D && WorkerReads.contains(D))
      Found = true;
  };
  for (const Stmt *Root : Stmts)
    forEachStmt(Root, [&](const Stmt *S) {
      if (Found)
        return;
      if (const auto *Call = dyn_cast<CallExpr>(S)) {
        if (const FunctionDecl *Callee = Call->getDirectCallee();
            Callee && Callee->getIdentifier() &&
            isStopLikeName(Callee->getName()))
          Found = true;
      }
      if (From.isValid() &&
          !SM.isBeforeInTranslationUnit(From, S->getBeginLoc()))
        return;
      if (const auto *Binary = dyn_cast<BinaryOperator>(S);
          Binary && Binary->isAssignmentOp())
        Written(Binary->getLHS());
      else if (const auto *Unary = dyn_cast<UnaryOperator>(S);
               Unary && Unary->isIncrementDecrementOp())
        Written(Unary->getSubExpr());
      else if (const auto *OpCall = dyn_cast<CXXOperatorCallExpr>(S);
               OpCall && OpCall->getNumArgs() >= 1 &&
               (OpCall->getOperator() == OO_Equal ||
                OpCall->getOperator() == OO_PlusPlus ||
                OpCall->getOperator() == OO_MinusMinus))
        Written(OpCall->getArg(0));
      else if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S))
        if (const CXXMethodDecl *M = Member->getMethodDecl();
            M && M->getIdentifier() &&
            (M->getName() == "store" || M->getName() == "exchange" ||
             M->getName().starts_with("fetch_") ||
             M->getName() == "test_and_set" || M->getName() == "clear"))
          Written(Member->getImplicitObjectArgument());
    });
  return Found;
}

/// Whether \p Stmts (the timeout path) contain a return or throw.
static bool pathReturns(llvm::ArrayRef<const Stmt *> Stmts) {
  bool Found = false;
  for (const Stmt *S : Stmts)
    forEachStmt(S, [&](const Stmt *Child) {
      Found |= isa<ReturnStmt, CXXThrowExpr>(Child);
    });
  return Found;
}

/// Whether \p Stmts refer to \p D, outside the wait \p Except itself.
static bool pathUses(llvm::ArrayRef<const Stmt *> Stmts, const ValueDecl *D,
                     const Stmt *Except) {
  bool Found = false;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || S == Except || isa<LambdaExpr>(S) || Found)
      return;
    if (const auto *E = dyn_cast<Expr>(S))
      Found |= referencedDecl(E) == D;
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  for (const Stmt *S : Stmts)
    Walk(S);
  return Found;
}

namespace {
/// What the worker still uses once abandoned.
struct Harm {
  enum HarmKind { None, DeadFrame, DestroyedObject, RunsForever } Kind = None;
  const ValueDecl *Local = nullptr;
  bool Writes = false;
  bool ImplicitCapture = false;
  bool ByArgument = false;
};
} // namespace

/// Whether \p Body writes \p D: assigns it, increments it, calls a
/// non-const member function on it, or hands it to a non-const reference.
static bool writes(const Stmt *Body, const ValueDecl *D) {
  bool Found = false;
  forEachStmtDeep(Body, [&](const Stmt *S) {
    if (Found)
      return;
    if (const auto *Binary = dyn_cast<BinaryOperator>(S);
        Binary && Binary->isAssignmentOp())
      Found = referencedDecl(Binary->getLHS()) == D;
    else if (const auto *Unary = dyn_cast<UnaryOperator>(S);
             Unary && Unary->isIncrementDecrementOp())
      Found = referencedDecl(Unary->getSubExpr()) == D;
    else if (const auto *OpCall = dyn_cast<CXXOperatorCallExpr>(S);
             OpCall && OpCall->getNumArgs() >= 1 &&
             isa<CXXMethodDecl>(OpCall->getDirectCallee()))
      Found = !cast<CXXMethodDecl>(OpCall->getDirectCallee())->isConst() &&
              referencedDecl(OpCall->getArg(0)) == D;
    else if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S))
      Found = Member->getMethodDecl() && !Member->getMethodDecl()->isConst() &&
              referencedDecl(Member->getImplicitObjectArgument()) == D;
  });
  return Found;
}

static Harm harmOf(ThreadAnalysis &Analysis, const FunctionDecl *F,
                   const AbandonedWorkerOnTimeoutCheck::Worker &W) {
  Harm Result;
  if (W.Lambda) {
    const ValueDecl *First = nullptr;
    bool FirstImplicit = false;
    for (const LambdaCapture &Capture : W.Lambda->captures()) {
      if (Capture.capturesThis() && isa<CXXDestructorDecl>(F))
        Result.Kind = Harm::DestroyedObject;
      if (!Capture.capturesVariable() || Capture.getCaptureKind() != LCK_ByRef)
        continue;
      const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar());
      if (!Var || !Var->hasLocalStorage() || Var->getDeclContext() != F)
        continue;
      if (Var->getType()->isReferenceType() && isa<ParmVarDecl>(Var))
        continue; // the caller's object, not this frame
      bool Writes = writes(W.Lambda->getBody(), Var);
      if (!First || (Writes && !Result.Writes)) {
        First = Var;
        FirstImplicit = Capture.isImplicit();
        Result.Writes = Writes;
      }
    }
    if (First) {
      Result.Kind = Harm::DeadFrame;
      Result.Local = First;
      Result.ImplicitCapture = FirstImplicit;
      return Result;
    }
  }
  if (Result.Kind != Harm::None)
    return Result;
  // Arguments handing the worker a reference to a local: `std::ref(X)`,
  // `&X` (pthread_create's argument too), also inside std::bind.
  llvm::SmallVector<const Expr *, 4> Args;
  auto AddArgs = [&](auto Range) {
    for (const Expr *Arg : Range) {
      Args.push_back(Arg);
      if (const auto *Bind = dyn_cast<CallExpr>(stripCopies(Arg)))
        if (const FunctionDecl *Callee = Bind->getDirectCallee();
            Callee && (qualifiedName(Callee) == "std::bind" ||
                       qualifiedName(Callee) == "std::bind_front"))
          Args.append(Bind->arg_begin(), Bind->arg_end());
    }
  };
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(W.Launch.Launch))
    AddArgs(Construct->arguments());
  else if (W.Launch.Kind == LaunchKind::Pthread)
    Args.push_back(cast<CallExpr>(W.Launch.Launch)->getArg(3));
  else if (const auto *Call = dyn_cast<CallExpr>(W.Launch.Launch))
    AddArgs(Call->arguments());
  for (const Expr *Arg : Args)
    if (const ValueDecl *Local = referenceToLocal(Arg, F)) {
      Result.Kind = Harm::DeadFrame;
      Result.Local = Local;
      Result.ByArgument = true;
      // Written through the parameter it is bound to.
      for (const auto &[Param, From] : W.Bound)
        if (From == Local && W.Body && W.Body->getBody() &&
            writes(W.Body->getBody(), Param))
          Result.Writes = true;
      return Result;
    }
  if (isa<CXXDestructorDecl>(F) && W.Body)
    if (const auto *Method = dyn_cast<CXXMethodDecl>(W.Body);
        Method && Method->getParent() == cast<CXXMethodDecl>(F)->getParent())
      Result.Kind = Harm::DestroyedObject;
  if (Result.Kind == Harm::None && W.Body && Analysis.findRunsForever(W.Body))
    Result.Kind = Harm::RunsForever;
  return Result;
}

//===----------------------------------------------------------------------===//
// Reports.
//===----------------------------------------------------------------------===//

static std::string waitName(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  return Callee ? Callee->getNameAsString() : "wait";
}

void AbandonedWorkerOnTimeoutCheck::checkAsyncTrap(const FunctionDecl *F,
                                                   const TimedWait &Wait,
                                                   const Worker &Task) {
  const auto *Future = dyn_cast_or_null<VarDecl>(Task.Handle);
  if (!Future || !Future->hasLocalStorage())
    return;
  // std::launch::deferred runs nothing until get(): no thread to wait for.
  if (const auto *Call = dyn_cast<CallExpr>(Task.Launch.Launch);
      Call && Call->getNumArgs() > 0)
    if (const auto *Policy =
            dyn_cast<DeclRefExpr>(Call->getArg(0)->IgnoreParenImpCasts()))
      if (const auto *Constant = dyn_cast<EnumConstantDecl>(Policy->getDecl());
          Constant && Constant->getName() == "deferred")
        return;
  const SourceManager &SM = Context->getSourceManager();
  if (pathUses(Wait.TimeoutPath, Future, Wait.Call))
    return;
  // Where the future is destroyed on the timeout path.
  const Stmt *Destroyed = nullptr;
  if (pathReturns(Wait.TimeoutPath)) {
    for (const Stmt *S : Wait.TimeoutPath)
      forEachStmt(S, [&](const Stmt *Child) {
        if (!Destroyed && isa<ReturnStmt, CXXThrowExpr>(Child))
          Destroyed = Child;
      });
  } else if (Wait.EndStmt && ((Wait.End == TimeoutEnd::FallsOff &&
                               SM.isPointWithin(Future->getLocation(),
                                                Wait.EndStmt->getBeginLoc(),
                                                Wait.EndStmt->getEndLoc())) ||
                              // Out of the loop the future was declared in.
                              (Wait.End == TimeoutEnd::Leaves &&
                               isa<BreakStmt, ContinueStmt>(Wait.EndStmt)))) {
    Destroyed = Wait.EndStmt;
  }
  if (!Destroyed)
    return;
  // Asked to stop before the future is destroyed, on a flag the task checks
  // in its loops: the destructor waits only for the current step.
  ThreadAnalysis &Analysis = analysis(*Context);
  if (asksToStop(Wait.TimeoutPath, SourceLocation(),
                 loopConditionReads(Analysis, Task), SM))
    return;
  SourceLocation Loc = Wait.Call->getExprLoc();
  if (!firstReportAt(Loc))
    return;
  diag(Loc, "'%0' does not bound the wait for the std::async task: when it "
            "times out, the future '%1' is destroyed and its destructor "
            "blocks until the task finishes")
      << waitName(Wait.Call) << Future->getName();
  SourceLocation DestroyedLoc =
      isa<CompoundStmt>(Destroyed)
          ? cast<CompoundStmt>(Destroyed)->getRBracLoc()
          : Destroyed->getBeginLoc();
  diag(DestroyedLoc,
       "on timeout the future's destructor waits here for the task to end",
       DiagnosticIDs::Note);
  diag(Task.Launch.Launch->getBeginLoc(), "task started here",
       DiagnosticIDs::Note);
  diag(Loc,
       "keep the future past the timeout (move it to an owner that outlives "
       "this call), or run the task on a std::jthread and request_stop() "
       "when the wait times out",
       DiagnosticIDs::Note);
}

static const char *fixHint(Harm::HarmKind Kind) {
  if (Kind == Harm::DeadFrame)
    return "before giving up, ask the worker to stop (a stop flag it "
           "checks, or request_stop() on a std::jthread) and let it own "
           "what it uses (a std::shared_ptr to the shared state) instead "
           "of this function's locals";
  if (Kind == Harm::DestroyedObject)
    return "before giving up, ask the worker to stop and wake it (a stop "
           "flag it checks and a notify, or request_stop() on a "
           "std::jthread), then join it";
  return "before giving up, ask the worker to stop: a stop flag it "
         "checks, or request_stop() on a std::jthread";
}

void AbandonedWorkerOnTimeoutCheck::checkAbandonedThread(
    const FunctionDecl *F, const TimedWait &Wait, const Worker &W,
    llvm::ArrayRef<const Stmt *> DetachesOnPath) {
  if (W.Launch.Kind == LaunchKind::StdJThread && DetachesOnPath.empty())
    return;
  const Stmt *Where = DetachesOnPath.empty() ? nullptr : DetachesOnPath.front();
  if (!Where) {
    if (!W.Running)
      return;
    for (const Stmt *S : Wait.TimeoutPath)
      forEachStmt(S, [&](const Stmt *Child) {
        if (!Where && isa<ReturnStmt, CXXThrowExpr>(Child))
          Where = Child;
      });
    if (!Where && Wait.End == TimeoutEnd::FallsOff &&
        Wait.EndStmt == F->getBody())
      Where = Wait.EndStmt;
    if (!Where)
      return;
  }
  ThreadAnalysis &Analysis = analysis(*Context);
  const SourceManager &SM = Context->getSourceManager();
  SourceLocation From;
  if (SM.isPointWithin(W.Launch.Launch->getBeginLoc(),
                       F->getBody()->getBeginLoc(), F->getBody()->getEndLoc()))
    From = W.Launch.Launch->getBeginLoc();
  if (asksToStop(F->getBody(), From, conditionReads(Analysis, W), SM))
    return;
  Harm H = harmOf(Analysis, F, W);
  if (H.Kind == Harm::None)
    return;
  if (H.Kind == Harm::RunsForever && isReportedAtDetach(W.Launch, *Context))
    return;
  SourceLocation Loc = isa<CompoundStmt>(Where)
                           ? cast<CompoundStmt>(Where)->getRBracLoc()
                           : Where->getBeginLoc();
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Where))
    Loc = Call->getExprLoc();
  if (!firstReportAt(Loc))
    return;
  unsigned How = 1; // left running
  if (!DetachesOnPath.empty())
    How = 0;
  else if (W.Launch.Kind == LaunchKind::User)
    How = 2;
  if (H.Kind == Harm::DeadFrame)
    diag(Loc, "worker thread abandoned when '%0' times out: it is "
              "%select{detached|left running|left running in the pool}1 "
              "without being asked to stop, and it still %select{uses|writes "
              "to}2 '%3', %select{captured by reference ('%4') from|passed by "
              "reference from}5 this function's stack frame, which is dead "
              "once the function returns")
        << waitName(Wait.Call) << How << H.Writes << H.Local->getName()
        << (H.ImplicitCapture ? std::string("[&]")
                              : "&" + H.Local->getNameAsString())
        << H.ByArgument;
  else if (H.Kind == Harm::DestroyedObject)
    diag(Loc, "worker thread abandoned when '%0' times out: it is "
              "%select{detached|left running|left running in the pool}1 "
              "without being asked to stop, and it still uses the object "
              "this destructor destroys")
        << waitName(Wait.Call) << How;
  else
    diag(Loc, "worker thread abandoned when '%0' times out: it is "
              "%select{detached|left running|left running in the pool}1 "
              "without being asked to stop, and it never finishes on its own")
        << waitName(Wait.Call) << How;
  diag(Wait.Call->getExprLoc(), "the wait times out here", DiagnosticIDs::Note);
  diag(W.Launch.Launch->getBeginLoc(), "worker started here",
       DiagnosticIDs::Note);
  diag(Loc, fixHint(H.Kind), DiagnosticIDs::Note);
}

//===----------------------------------------------------------------------===//

/// Whether \p Callee is a timed join helper defined here: `bool f(Thread &,
/// ...)` that waits with a deadline.
static bool isTimedJoinHelper(const FunctionDecl *Callee,
                              const SourceManager &SM,
                              llvm::ArrayRef<std::string> Known) {
  const FunctionDecl *Def = analysableDefinition(Callee, SM);
  if (!Def || Def->getNumParams() < 1 || !Def->getReturnType()->isBooleanType())
    return false;
  QualType T = Def->getParamDecl(0)->getType().getNonReferenceType();
  if (const auto *Ptr = T->getAs<PointerType>())
    T = Ptr->getPointeeType();
  if (!isThreadClass(className(T)))
    return false;
  return !findTimedWaits(Def, Known).empty();
}

void AbandonedWorkerOnTimeoutCheck::analyseFunction(const FunctionDecl *F) {
  const SourceManager &SM = Context->getSourceManager();
  // Cheap test first: a timed wait or a call to a timed join helper.
  std::vector<std::string> Joins = TimedJoinFunctions;
  bool HasTimedWait = false;
  forEachStmt(F->getBody(), [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call)
      return;
    if (classifyTimedWait(Call, Joins)) {
      HasTimedWait = true;
      return;
    }
    if (const FunctionDecl *Callee = Call->getDirectCallee();
        Callee && isTimedJoinHelper(Callee, SM, Joins)) {
      Joins.push_back(qualifiedName(Callee));
      HasTimedWait = true;
    }
  });
  if (!HasTimedWait)
    return;
  llvm::SmallVector<TimedWait, 2> Waits = findTimedWaits(F, Joins);
  llvm::SmallVector<Worker, 2> Workers =
      collectWorkers(F, threadLaunchers(), SM);
  ThreadAnalysis &Analysis = analysis(*Context);
  llvm::DenseMap<const ValueDecl *, const ValueDecl *> RangeVariables;
  collectRangeVariables(F->getBody(), RangeVariables);
  llvm::SmallVector<Worker, 2> MemberWorkers;
  if (const auto *Method = dyn_cast<CXXMethodDecl>(F);
      Method && !Method->getParent()->isLambda())
    for (const FieldDecl *Field : Method->getParent()->fields()) {
      if (!isThreadClass(className(Field->getType())))
        continue;
      for (const Expr *Launch : initialLaunches(Field))
        if (std::optional<ThreadLaunch> L =
                getThreadLaunch(Launch, threadLaunchers())) {
          Worker W;
          W.Launch = *L;
          W.Body = analysableDefinition(L->Body, SM);
          W.Lambda = resolveLambda(L->Callable);
          W.Handle = Field;
          bindArguments(W);
          MemberWorkers.push_back(std::move(W));
        }
    }
  for (const TimedWait &Wait : Waits) {
    if (!Wait.HasTimeoutPath || !Wait.Object)
      continue;
    // The threads of the object whose member function this is (a
    // destructor's timed join or wait for the reader to exit).
    llvm::SmallVector<Worker, 2> Candidates(Workers.begin(), Workers.end());
    Candidates.append(MemberWorkers.begin(), MemberWorkers.end());
    const ValueDecl *Promise =
        Wait.Kind == TimedWaitKind::Future
            ? Analysis.index().FuturePromise.lookup(Wait.Object)
            : nullptr;
    for (const Worker &W : Candidates) {
      bool Connected = false;
      if (W.Launch.Kind == LaunchKind::StdAsync) {
        if (Wait.Kind == TimedWaitKind::Future && W.Handle == Wait.Object)
          checkAsyncTrap(F, Wait, W);
        continue;
      }
      if (Wait.Kind == TimedWaitKind::ThreadJoin)
        Connected = W.Handle == Wait.Object;
      else if (Wait.Kind == TimedWaitKind::Future)
        Connected =
            (W.Launch.Kind == LaunchKind::User && W.Handle == Wait.Object) ||
            (Promise && wakes(Analysis, W, Promise));
      else
        Connected = wakes(Analysis, W, Wait.Object);
      if (!Connected)
        continue;
      // What the timeout path does with the worker.
      llvm::SmallVector<const Stmt *, 2> Detaches;
      bool Joined = false;
      auto Container = [&](const ValueDecl *D) {
        auto It = RangeVariables.find(D);
        return It == RangeVariables.end() ? D : It->second;
      };
      for (const Stmt *S : Wait.TimeoutPath)
        forEachStmt(S, [&](const Stmt *Child) {
          const auto *Call = dyn_cast<CallExpr>(Child);
          if (!Call || !W.Handle)
            return;
          if (Container(threadOperand(Call, "detach", "pthread_detach")) ==
              W.Handle)
            Detaches.push_back(Call);
          if (Container(threadOperand(Call, "join", "pthread_join")) ==
              W.Handle)
            Joined = true;
        });
      // Waiting again, untimed, or taking the result: not abandoned.
      if (Joined ||
          (Wait.Kind != TimedWaitKind::ThreadJoin &&
           pathUses(Wait.TimeoutPath, Wait.Object, Wait.Call)) ||
          (Promise && pathUses(Wait.TimeoutPath, Promise, Wait.Call)))
        continue;
      checkAbandonedThread(F, Wait, W, Detaches);
    }
  }
}

void AbandonedWorkerOnTimeoutCheck::onEndOfTranslationUnit() {
  if (Context)
    for (const FunctionDecl *F : Functions)
      if (F->hasBody() && !F->isDependentContext() &&
          analysableDefinition(F, Context->getSourceManager()))
        analyseFunction(F);
  Functions.clear();
}

} // namespace clang::tidy::threadleak
