//===--- TimedWaits.cpp - threadleak --------------------------------------===//

#include "TimedWaits.h"
#include "Loops.h"
#include "Names.h"
#include "StatementWalk.h"
#include "SyncEffects.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::threadleak {

namespace {
/// What the raw result of a timed wait is.
enum class ResultForm {
  TrueOnSuccess, ///< bool: true unless it timed out
  Status,        ///< std::cv_status or std::future_status
  ErrorCode,     ///< an int that is non-zero on timeout
};

struct ClassifiedWait {
  TimedWait Wait;
  ResultForm Form = ResultForm::TrueOnSuccess;
};
} // namespace

static std::optional<ClassifiedWait>
classify(const CallExpr *Call, llvm::ArrayRef<std::string> TimedJoins) {
  ClassifiedWait Result;
  Result.Wait.Call = Call;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (!Method || !Method->getIdentifier())
      return std::nullopt;
    StringRef Name = Method->getName();
    std::string Class = objectClassName(Member);
    Result.Wait.Object = referencedDecl(Member->getImplicitObjectArgument());
    bool ForOrUntil = Name == "wait_for" || Name == "wait_until";
    if ((Class == "std::condition_variable" ||
         Class == "std::condition_variable_any") &&
        ForOrUntil) {
      Result.Wait.Kind = TimedWaitKind::ConditionVariable;
      Result.Form = Method->getReturnType()->isBooleanType()
                        ? ResultForm::TrueOnSuccess
                        : ResultForm::Status;
      return Result;
    }
    if ((Class == "std::future" || Class == "std::shared_future") &&
        ForOrUntil) {
      Result.Wait.Kind = TimedWaitKind::Future;
      Result.Form = ResultForm::Status;
      return Result;
    }
    if (Class == "std::counting_semaphore" &&
        (Name == "try_acquire_for" || Name == "try_acquire_until")) {
      Result.Wait.Kind = TimedWaitKind::Semaphore;
      return Result;
    }
    if (Class == "boost::thread" &&
        (Name == "try_join_for" || Name == "try_join_until" ||
         Name == "timed_join")) {
      Result.Wait.Kind = TimedWaitKind::ThreadJoin;
      return Result;
    }
    std::string Qualified = qualifiedName(Method);
    if (llvm::is_contained(TimedJoins, Qualified)) {
      Result.Wait.Kind = TimedWaitKind::ThreadJoin;
      return Result;
    }
    return std::nullopt;
  }
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier() || Call->getNumArgs() == 0)
    return std::nullopt;
  StringRef Name = Callee->getName();
  if (Callee->isExternC() && Name == "pthread_cond_timedwait") {
    Result.Wait.Kind = TimedWaitKind::PthreadCond;
    Result.Wait.Object = referencedDecl(Call->getArg(0));
    Result.Form = ResultForm::ErrorCode;
    return Result;
  }
  if (Callee->isExternC() && Name == "sem_timedwait") {
    Result.Wait.Kind = TimedWaitKind::PosixSemaphore;
    Result.Wait.Object = referencedDecl(Call->getArg(0));
    Result.Form = ResultForm::ErrorCode;
    return Result;
  }
  if (Callee->isExternC() && Name == "pthread_timedjoin_np") {
    Result.Wait.Kind = TimedWaitKind::ThreadJoin;
    Result.Wait.Object = referencedDecl(Call->getArg(0));
    Result.Form = ResultForm::ErrorCode;
    return Result;
  }
  if (llvm::is_contained(TimedJoins, qualifiedName(Callee))) {
    Result.Wait.Kind = TimedWaitKind::ThreadJoin;
    Result.Wait.Object = referencedDecl(Call->getArg(0));
    Result.Form = Callee->getReturnType()->isBooleanType()
                      ? ResultForm::TrueOnSuccess
                      : ResultForm::ErrorCode;
    return Result;
  }
  return std::nullopt;
}

std::optional<TimedWait>
classifyTimedWait(const CallExpr *Call,
                  llvm::ArrayRef<std::string> TimedJoinFunctions) {
  if (std::optional<ClassifiedWait> C = classify(Call, TimedJoinFunctions))
    return C->Wait;
  return std::nullopt;
}

static bool isNoReturnCall(const Stmt *S) {
  const auto *E = dyn_cast<Expr>(S);
  if (!E)
    return false;
  const auto *Call = dyn_cast<CallExpr>(E->IgnoreImplicit());
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  return Callee && Callee->isNoReturn();
}

bool alwaysLeaves(const Stmt *S) {
  if (!S)
    return false;
  if (const auto *E = dyn_cast<Expr>(S))
    S = E->IgnoreImplicit();
  if (isa<ReturnStmt, CXXThrowExpr, GotoStmt, BreakStmt, ContinueStmt>(S) ||
      isNoReturnCall(S))
    return true;
  if (const auto *Block = dyn_cast<CompoundStmt>(S))
    return llvm::any_of(Block->body(), alwaysLeaves);
  if (const auto *If = dyn_cast<IfStmt>(S))
    return If->getElse() && alwaysLeaves(If->getThen()) &&
           alwaysLeaves(If->getElse());
  return false;
}

/// The chain of statements from a function body down to a node.
using Ancestors = llvm::SmallVector<const Stmt *, 16>;

/// Fills \p Chain with the statements from \p Root down to \p Target
/// (both included), not looking into lambdas. False when not found.
static bool findChain(const Stmt *Root, const Stmt *Target, Ancestors &Chain) {
  if (!Root)
    return false;
  Chain.push_back(Root);
  if (Root == Target)
    return true;
  if (!isa<LambdaExpr>(Root))
    for (const Stmt *Child : Root->children())
      if (findChain(Child, Target, Chain))
        return true;
  Chain.pop_back();
  return false;
}

/// A statement or expression whose value is the wait's result unchanged.
static bool isTransparent(const Stmt *S) {
  return isa<ImplicitCastExpr, ParenExpr, ExprWithCleanups,
             MaterializeTemporaryExpr, CXXBindTemporaryExpr, FullExpr,
             CXXFunctionalCastExpr, CStyleCastExpr>(S);
}

/// The value an integer or enum constant stands for in a comparison with
/// a wait's result: whether it means "timed out".
static std::optional<bool> constantMeansTimeout(const Expr *E, ResultForm Form,
                                                const ASTContext &Context) {
  E = E->IgnoreParenImpCasts();
  if (Form == ResultForm::Status) {
    const auto *Ref = dyn_cast<DeclRefExpr>(E);
    const auto *Constant =
        Ref ? dyn_cast<EnumConstantDecl>(Ref->getDecl()) : nullptr;
    if (!Constant || !Constant->getIdentifier())
      return std::nullopt;
    StringRef Name = Constant->getName();
    if (Name == "timeout")
      return true;
    if (Name == "no_timeout" || Name == "ready")
      return false;
    return std::nullopt;
  }
  if (Form == ResultForm::ErrorCode) {
    Expr::EvalResult Value;
    if (!E->isValueDependent() && E->EvaluateAsInt(Value, Context))
      return !Value.Val.getInt().isZero();
  }
  return std::nullopt;
}

namespace {
/// Where the wait's result ends up: the statement consuming it (an if or
/// loop condition, a return, a variable, an expression statement) and the
/// value the consumed expression has when the wait timed out.
struct Consumer {
  const Stmt *Where = nullptr;
  /// Index in the chain of Where.
  size_t Index = 0;
  std::optional<bool> ValueOnTimeout;
  /// The variable the result is stored in (Where is its DeclStmt or the
  /// assignment's statement).
  const VarDecl *StoredIn = nullptr;
};
} // namespace

/// Climbs \p Chain from its last element (the wait or a reference to the
/// variable holding its result) to the statement consuming the value.
static Consumer findConsumer(const Ancestors &Chain, ResultForm Form,
                             const ASTContext &Context) {
  Consumer Result;
  std::optional<bool> Value;
  if (Form == ResultForm::TrueOnSuccess)
    Value = false;
  else if (Form == ResultForm::ErrorCode)
    Value = true;
  bool Compared = Form != ResultForm::Status;
  for (size_t I = Chain.size() - 1; I > 0; --I) {
    const Stmt *Child = Chain[I];
    const Stmt *Parent = Chain[I - 1];
    if (isTransparent(Parent))
      continue;
    if (const auto *Unary = dyn_cast<UnaryOperator>(Parent)) {
      if (Unary->getOpcode() != UO_LNot || !Value)
        return {};
      Value = !*Value;
      continue;
    }
    const Expr *LHS = nullptr;
    const Expr *RHS = nullptr;
    BinaryOperatorKind Op = BO_Comma;
    if (const auto *Binary = dyn_cast<BinaryOperator>(Parent)) {
      LHS = Binary->getLHS();
      RHS = Binary->getRHS();
      Op = Binary->getOpcode();
    } else if (const auto *OpCall = dyn_cast<CXXOperatorCallExpr>(Parent);
               OpCall && OpCall->getNumArgs() == 2 &&
               (OpCall->getOperator() == OO_EqualEqual ||
                OpCall->getOperator() == OO_ExclaimEqual)) {
      LHS = OpCall->getArg(0);
      RHS = OpCall->getArg(1);
      Op = OpCall->getOperator() == OO_EqualEqual ? BO_EQ : BO_NE;
    }
    if (LHS) {
      const Expr *Other = LHS == Child ? RHS : LHS;
      if (Op == BO_EQ || Op == BO_NE || Op == BO_LT || Op == BO_GT) {
        if (Compared && Form != ResultForm::ErrorCode)
          return {};
        std::optional<bool> Means = constantMeansTimeout(Other, Form, Context);
        if (Op == BO_LT || Op == BO_GT) {
          // `sem_timedwait(...) < 0`: negative on failure.
          if (Form != ResultForm::ErrorCode || !Means.has_value() || *Means)
            return {};
          Value = true;
        } else {
          if (!Means)
            return {};
          Value = (Op == BO_EQ) == *Means;
        }
        Compared = true;
        continue;
      }
      if (Op == BO_LAnd || Op == BO_LOr) {
        if (!Compared || !Value)
          return {};
        // A timeout makes `Ok && X` false and `TimedOut || X` true;
        // otherwise the value says nothing about the wait.
        if ((Op == BO_LAnd && *Value) || (Op == BO_LOr && !*Value))
          Value.reset();
        continue;
      }
      if (Op == BO_Assign && RHS == Child) {
        const auto *Ref = dyn_cast<DeclRefExpr>(LHS->IgnoreParenImpCasts());
        const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
        if (!Var || !Var->hasLocalStorage())
          return {};
        Result.Where = Parent;
        Result.Index = I - 1;
        Result.StoredIn = Var;
        return Result;
      }
      return {};
    }
    if (const auto *If = dyn_cast<IfStmt>(Parent)) {
      if (If->getCond() != Child || !Compared)
        return {};
      Result.Where = If;
      Result.Index = I - 1;
      Result.ValueOnTimeout = Value;
      return Result;
    }
    if (isa<WhileStmt, ForStmt, DoStmt>(Parent)) {
      const Expr *Cond = nullptr;
      if (const auto *While = dyn_cast<WhileStmt>(Parent))
        Cond = While->getCond();
      else if (const auto *For = dyn_cast<ForStmt>(Parent))
        Cond = For->getCond();
      else
        Cond = cast<DoStmt>(Parent)->getCond();
      if (Cond != Child || !Compared)
        return {};
      Result.Where = Parent;
      Result.Index = I - 1;
      Result.ValueOnTimeout = Value;
      return Result;
    }
    if (isa<ReturnStmt>(Parent)) {
      Result.Where = Parent;
      Result.Index = I - 1;
      Result.ValueOnTimeout = Value;
      return Result;
    }
    if (const auto *Decl = dyn_cast<DeclStmt>(Parent)) {
      const auto *Var = Decl->isSingleDecl()
                            ? dyn_cast<VarDecl>(Decl->getSingleDecl())
                            : nullptr;
      if (!Var || Var->getInit() == nullptr)
        return {};
      Result.Where = Parent;
      Result.Index = I - 1;
      Result.StoredIn = Var;
      return Result;
    }
    if (isa<CompoundStmt>(Parent)) {
      // The result is discarded: what follows runs either way.
      Result.Where = Child;
      Result.Index = I;
      return Result;
    }
    return {};
  }
  return {};
}

/// The first statement that leaves inside \p S (a return, throw, break,
/// continue, goto), or \p S.
static const Stmt *leavingStatement(const Stmt *S) {
  if (const auto *E = dyn_cast<Expr>(S))
    S = E->IgnoreImplicit();
  if (isa<ReturnStmt, CXXThrowExpr, GotoStmt, BreakStmt, ContinueStmt>(S) ||
      isNoReturnCall(S))
    return S;
  if (const auto *Block = dyn_cast<CompoundStmt>(S))
    for (const Stmt *Child : Block->body())
      if (alwaysLeaves(Child))
        return leavingStatement(Child);
  return S;
}

/// Appends to \p Wait's path the statements that follow \p Chain[Index] in
/// the blocks around it, up to the first that leaves or the end of the
/// function or a loop body.
static void appendContinuation(const Ancestors &Chain, size_t Index,
                               TimedWait &Wait) {
  for (size_t I = Index; I > 0; --I) {
    const Stmt *Child = Chain[I];
    const Stmt *Parent = Chain[I - 1];
    if (const auto *Block = dyn_cast<CompoundStmt>(Parent)) {
      bool After = false;
      for (const Stmt *S : Block->body()) {
        if (After) {
          Wait.TimeoutPath.push_back(S);
          if (alwaysLeaves(S)) {
            Wait.End = TimeoutEnd::Leaves;
            Wait.EndStmt = leavingStatement(S);
            return;
          }
        }
        if (S == Child)
          After = true;
      }
      if (I - 1 == 0) {
        Wait.End = TimeoutEnd::FallsOff;
        Wait.EndStmt = Parent;
        return;
      }
      continue;
    }
    if (isa<WhileStmt, ForStmt, DoStmt, CXXForRangeStmt>(Parent)) {
      Wait.End = TimeoutEnd::FallsOff;
      Wait.EndStmt = Child;
      return;
    }
  }
  Wait.End = TimeoutEnd::FallsOff;
  Wait.EndStmt = Chain.front();
}

/// The first test of \p Var after \p After in \p Body, as a chain.
static bool findTestOf(const Stmt *Body, const VarDecl *Var,
                       SourceLocation After, const SourceManager &SM,
                       Ancestors &Chain) {
  // Collect references in source order with a small walk.
  llvm::SmallVector<const DeclRefExpr *, 4> Refs;
  llvm::SmallVector<const Stmt *, 32> Work{Body};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S || isa<LambdaExpr>(S))
      continue;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S);
        Ref && Ref->getDecl() == Var &&
        SM.isBeforeInTranslationUnit(After, Ref->getBeginLoc()))
      Refs.push_back(Ref);
    for (const Stmt *Child : S->children())
      Work.push_back(Child);
  }
  llvm::sort(Refs, [&](const DeclRefExpr *A, const DeclRefExpr *B) {
    return SM.isBeforeInTranslationUnit(A->getBeginLoc(), B->getBeginLoc());
  });
  if (Refs.empty())
    return false;
  Chain.clear();
  return findChain(Body, Refs.front(), Chain);
}

/// Fills in \p Wait's timeout path from the chain down to its call.
static void findTimeoutPath(const Stmt *Body, TimedWait &Wait, ResultForm Form,
                            const ASTContext &Context) {
  Ancestors Chain;
  if (!findChain(Body, Wait.Call, Chain))
    return;
  Consumer C = findConsumer(Chain, Form, Context);
  if (!C.Where)
    return;
  if (C.StoredIn) {
    // `auto Status = F.wait_for(D);` then `if (Status == ...)`.
    Ancestors Use;
    if (!findTestOf(Body, C.StoredIn, Wait.Call->getEndLoc(),
                    Context.getSourceManager(), Use)) {
      // Never read: what follows runs either way.
      Wait.HasTimeoutPath = true;
      appendContinuation(Chain, C.Index, Wait);
      return;
    }
    Chain = std::move(Use);
    C = findConsumer(Chain, Form, Context);
    if (!C.Where || C.StoredIn)
      return;
  }
  const Stmt *Where = C.Where;
  if (const auto *If = dyn_cast<IfStmt>(Where)) {
    if (!C.ValueOnTimeout)
      return;
    const Stmt *Branch = *C.ValueOnTimeout ? If->getThen() : If->getElse();
    Wait.SuccessBranch = *C.ValueOnTimeout ? If->getElse() : If->getThen();
    Wait.HasTimeoutPath = true;
    if (Branch) {
      Wait.TimeoutPath.push_back(Branch);
      if (alwaysLeaves(Branch)) {
        Wait.End = TimeoutEnd::Leaves;
        Wait.EndStmt = leavingStatement(Branch);
        return;
      }
    }
    appendContinuation(Chain, C.Index, Wait);
    return;
  }
  if (isa<WhileStmt, ForStmt, DoStmt>(Where)) {
    if (!C.ValueOnTimeout)
      return;
    Wait.HasTimeoutPath = true;
    if (*C.ValueOnTimeout) {
      const Stmt *LoopBody = nullptr;
      if (const auto *While = dyn_cast<WhileStmt>(Where))
        LoopBody = While->getBody();
      else if (const auto *For = dyn_cast<ForStmt>(Where))
        LoopBody = For->getBody();
      else
        LoopBody = cast<DoStmt>(Where)->getBody();
      Wait.TimeoutPath.push_back(LoopBody);
      Wait.End =
          alwaysLeaves(LoopBody) ? TimeoutEnd::Leaves : TimeoutEnd::Repeats;
      Wait.EndStmt =
          alwaysLeaves(LoopBody) ? leavingStatement(LoopBody) : LoopBody;
      return;
    }
    appendContinuation(Chain, C.Index, Wait);
    return;
  }
  if (isa<ReturnStmt>(Where)) {
    Wait.HasTimeoutPath = true;
    Wait.TimeoutPath.push_back(Where);
    Wait.End = TimeoutEnd::Leaves;
    Wait.EndStmt = Where;
    return;
  }
  // A discarded result.
  Wait.HasTimeoutPath = true;
  appendContinuation(Chain, C.Index, Wait);
}

/// Whether \p S is a call that reads a clock: `steady_clock::now()`, any
/// `now()`.
static bool isClockRead(const Stmt *S) {
  const auto *Call = dyn_cast<CallExpr>(S);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  return Callee && Callee->getIdentifier() && Callee->getName() == "now";
}

/// Whether \p S reads a clock, itself or in a call inside it.
static bool containsClockRead(const Stmt *S) {
  bool Found = false;
  forEachStmt(S, [&](const Stmt *Child) { Found |= isClockRead(Child); });
  return Found;
}

/// Whether \p Var, a local of the function, is what bounds \p Loop: the loop
/// counts with it (`++Tries`, `I += 2`), or sets it from a clock
/// (`auto Now = steady_clock::now();`).
static bool boundsLoop(const VarDecl *Var, const Stmt *Loop) {
  bool Bounds = false;
  forEachStmt(Loop, [&](const Stmt *S) {
    if (Bounds)
      return;
    if (const auto *E = dyn_cast<Expr>(S)) {
      if (const Expr *Counted = countedObject(E))
        Bounds = referencedDecl(Counted) == Var;
      else if (const auto *Assign = dyn_cast<BinaryOperator>(E);
               Assign && Assign->getOpcode() == BO_Assign)
        Bounds = referencedDecl(Assign->getLHS()) == Var &&
                 containsClockRead(Assign->getRHS());
    } else if (const auto *Decl = dyn_cast<DeclStmt>(S)) {
      for (const class Decl *D : Decl->decls())
        if (D == Var)
          Bounds = containsClockRead(Var->getInit());
    }
  });
  return Bounds;
}

/// Whether \p Cond reads what bounds \p Loop by itself: a clock, or a local
/// the loop counts with or sets from a clock.
static bool readsLoopBound(const Expr *Cond, const Stmt *Loop) {
  bool Found = false;
  forEachStmt(Cond, [&](const Stmt *S) {
    if (Found)
      return;
    if (isClockRead(S)) {
      Found = true;
      return;
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
          Var && Var->hasLocalStorage() && Var->getType()->isArithmeticType())
        Found = boundsLoop(Var, Loop);
  });
  return Found;
}

namespace {
/// What tells, in a function, that a wait timed out: the call itself, or
/// the local its result is stored in.
struct TimeoutTest {
  const Stmt *Body = nullptr;
  const CallExpr *Call = nullptr;
  const VarDecl *Result = nullptr;
  ResultForm Form = ResultForm::TrueOnSuccess;
  const ASTContext *Context = nullptr;

  /// The value \p Cond has when the wait timed out, where it tests the call
  /// or its result as findConsumer understands, and \p Where (the if or
  /// loop) consumes it.
  std::optional<bool> valueOnTimeout(const Expr *Cond,
                                     const Stmt *Where) const {
    std::optional<bool> Value;
    forEachStmt(Cond, [&](const Stmt *S) {
      if (Value)
        return;
      const auto *Ref = dyn_cast<DeclRefExpr>(S);
      if (S != Call && (!Ref || !Result || Ref->getDecl() != Result))
        return;
      Ancestors Chain;
      if (!findChain(Body, S, Chain))
        return;
      Consumer C = findConsumer(Chain, Form, *Context);
      if (C.Where == Where)
        Value = C.ValueOnTimeout;
    });
    return Value;
  }
};
} // namespace

/// The loop or switch a break in \p Chain (from a loop down to the break)
/// leaves: the innermost one.
static const Stmt *breakTarget(llvm::ArrayRef<const Stmt *> Chain) {
  for (const Stmt *S : llvm::reverse(Chain))
    if (isa<WhileStmt, ForStmt, DoStmt, CXXForRangeStmt, SwitchStmt>(S))
      return S;
  return nullptr;
}

/// Whether \p Loop can end once the wait \p Test describes timed out
/// (TimedWait::GivesUp).
static bool endsOnTimeout(const Stmt *Loop, const TimeoutTest &Test) {
  if (isa<CXXForRangeStmt>(Loop))
    return true;
  if (const Expr *Cond = loopCondition(Loop))
    if (readsLoopBound(Cond, Loop) || Test.valueOnTimeout(Cond, Loop) == false)
      return true;
  // The exits: a return, throw, goto or noreturn call anywhere in the loop,
  // a break out of this loop; each under the ifs on the way to it.
  llvm::SmallVector<const Stmt *, 4> Exits;
  forEachStmt(Loop, [&](const Stmt *S) {
    if (S != Loop && (isa<ReturnStmt, CXXThrowExpr, GotoStmt, BreakStmt>(S) ||
                      isNoReturnCall(S)))
      Exits.push_back(S);
  });
  for (const Stmt *Exit : Exits) {
    Ancestors Chain;
    if (!findChain(Loop, Exit, Chain) ||
        (isa<BreakStmt>(Exit) &&
         breakTarget(llvm::ArrayRef(Chain).drop_back()) != Loop))
      continue;
    for (size_t I = 0; I + 1 < Chain.size(); ++I) {
      const auto *If = dyn_cast<IfStmt>(Chain[I]);
      if (!If || Chain[I + 1] == If->getCond())
        continue;
      bool InThen = Chain[I + 1] == If->getThen();
      if (readsLoopBound(If->getCond(), Loop) ||
          Test.valueOnTimeout(If->getCond(), If) == InThen)
        return true;
    }
  }
  return false;
}

/// TimedWait::GivesUp for \p Wait, whose result has \p Form, in \p Body.
static bool givesUpOnTimeout(const Stmt *Body, const TimedWait &Wait,
                             ResultForm Form, const ASTContext &Context) {
  Ancestors Chain;
  if (!findChain(Body, Wait.Call, Chain))
    return false;
  TimeoutTest Test;
  Test.Body = Body;
  Test.Call = Wait.Call;
  Test.Form = Form;
  Test.Context = &Context;
  Test.Result = findConsumer(Chain, Form, Context).StoredIn;
  return llvm::all_of(Chain, [&](const Stmt *S) {
    return !isa<WhileStmt, ForStmt, DoStmt, CXXForRangeStmt>(S) ||
           endsOnTimeout(S, Test);
  });
}

llvm::SmallVector<TimedWait, 2>
findTimedWaits(const FunctionDecl *F,
               llvm::ArrayRef<std::string> TimedJoinFunctions) {
  llvm::SmallVector<TimedWait, 2> Result;
  const Stmt *Body = F ? F->getBody() : nullptr;
  if (!Body)
    return Result;
  llvm::SmallVector<const CallExpr *, 16> Calls;
  forEachStmt(Body, [&](const Stmt *S) {
    if (const auto *Call = dyn_cast<CallExpr>(S))
      Calls.push_back(Call);
  });
  for (const CallExpr *Call : Calls) {
    std::optional<ClassifiedWait> C = classify(Call, TimedJoinFunctions);
    if (!C)
      continue;
    findTimeoutPath(Body, C->Wait, C->Form, F->getASTContext());
    C->Wait.GivesUp =
        givesUpOnTimeout(Body, C->Wait, C->Form, F->getASTContext());
    Result.push_back(std::move(C->Wait));
  }
  return Result;
}

} // namespace clang::tidy::threadleak
