//===--- CompletionSignals.cpp - threadleak -------------------------------===//

#include "CompletionSignals.h"
#include "Names.h"
#include "SyncEffects.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/PointerIntPair.h"
#include "llvm/ADT/STLExtras.h"
#include <algorithm>

namespace clang::tidy::threadleak {

/// The variable or member an object expression names, also through a smart
/// pointer (`P->set_value()`, `(*P).release()`).
static const ValueDecl *objectDecl(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreImplicit()->IgnoreParens();
  if (const auto *OpCall = dyn_cast<CXXOperatorCallExpr>(E);
      OpCall && OpCall->getNumArgs() >= 1 &&
      (OpCall->getOperator() == OO_Arrow || OpCall->getOperator() == OO_Star))
    E = OpCall->getArg(0);
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_Deref)
    E = Unary->getSubExpr();
  return referencedDecl(E);
}

std::optional<CompletionSignal>
signalCall(const CallExpr *Call, llvm::ArrayRef<std::string> UserSignals) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return std::nullopt;
  CompletionSignal Result;
  Result.Where = Call;
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
  if (Member)
    Result.Object = objectDecl(Member->getImplicitObjectArgument());
  if (!UserSignals.empty()) {
    std::string Name = qualifiedName(Callee);
    if (llvm::is_contained(UserSignals, Name)) {
      Result.Kind = SignalKind::User;
      Result.Name = Callee->getNameAsString();
      return Result;
    }
  }
  if (!Member || !Callee->getIdentifier())
    return std::nullopt;
  StringRef Name = Callee->getName();
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

/// A notify of a condition variable or a C++20 atomic.
static bool isNotify(const CallExpr *Call) {
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
  const CXXMethodDecl *Method = Member ? Member->getMethodDecl() : nullptr;
  return Method && Method->getIdentifier() &&
         (Method->getName() == "notify_one" ||
          Method->getName() == "notify_all") &&
         wokenObject(Call);
}

const ValueDecl *signalledObject(const CallExpr *Call,
                                 llvm::ArrayRef<std::string> UserSignals) {
  if (std::optional<CompletionSignal> Signal = signalCall(Call, UserSignals))
    return Signal->Object;
  // A stop request ends work; it does not tell a waiter the work is done.
  if (isStopRequest(Call))
    return nullptr;
  const Expr *Woken = wokenObject(Call);
  return Woken ? objectDecl(Woken) : nullptr;
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

} // namespace clang::tidy::threadleak
