//===--- SyncEffects.cpp - threadleak -------------------------------------===//

#include "SyncEffects.h"
#include "Names.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::threadleak {

static StringRef methodName(const CXXMemberCallExpr *Call) {
  const CXXMethodDecl *Method = Call->getMethodDecl();
  return Method && Method->getIdentifier() ? Method->getName() : "";
}

static StringRef externCName(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  return Callee && Callee->getIdentifier() && Callee->isExternC()
             ? Callee->getName()
             : "";
}

/// `+=`, `-=` and the other compound assignments, `++`, `--`.
static bool isArithmeticUpdate(OverloadedOperatorKind Op) {
  return (Op >= OO_PlusEqual && Op <= OO_PipeEqual) || Op == OO_PlusPlus ||
         Op == OO_MinusMinus;
}

const Expr *storedObject(const Expr *E) {
  if (const auto *Op = dyn_cast<BinaryOperator>(E))
    return Op->isAssignmentOp() ? Op->getLHS() : nullptr;
  if (const auto *Op = dyn_cast<UnaryOperator>(E))
    return Op->isIncrementDecrementOp() ? Op->getSubExpr() : nullptr;
  if (const auto *Call = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Call->getNumArgs() == 0)
      return nullptr;
    OverloadedOperatorKind Op = Call->getOperator();
    // Arithmetic on an atomic integer counts; only assignment sets a state.
    if (Op == OO_Equal || (isArithmeticUpdate(Op) &&
                           !isAtomicInteger(writtenType(Call->getArg(0)))))
      return Call->getArg(0);
    return nullptr;
  }
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (!Method || Method->isConst())
      return nullptr;
    const Expr *Object = Call->getImplicitObjectArgument();
    StringRef Name = methodName(Call);
    if ((isAtomicInteger(writtenType(Object)) && Name.starts_with("fetch_")) ||
        Name == "notify_one" || Name == "notify_all")
      return nullptr;
    return Object;
  }
  return nullptr;
}

const Expr *countedObject(const Expr *E) {
  if (const auto *Op = dyn_cast<UnaryOperator>(E))
    return Op->isIncrementDecrementOp() ? Op->getSubExpr() : nullptr;
  if (const auto *Op = dyn_cast<BinaryOperator>(E))
    return Op->isCompoundAssignmentOp() ? Op->getLHS() : nullptr;
  if (const auto *Call = dyn_cast<CXXOperatorCallExpr>(E)) {
    return isArithmeticUpdate(Call->getOperator()) && Call->getNumArgs() > 0
               ? Call->getArg(0)
               : nullptr;
  }
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    const Expr *Object = Call->getImplicitObjectArgument();
    return Object && isAtomicInteger(writtenType(Object)) &&
                   methodName(Call).starts_with("fetch_")
               ? Object
               : nullptr;
  }
  return nullptr;
}

bool setsValue(const Expr *E) {
  if (const auto *Op = dyn_cast<BinaryOperator>(E))
    return Op->getOpcode() == BO_Assign;
  if (const auto *Call = dyn_cast<CXXOperatorCallExpr>(E))
    return Call->getOperator() == OO_Equal;
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    StringRef Name = methodName(Call);
    return Name == "store" || Name == "exchange";
  }
  return false;
}

std::optional<int64_t> constantValue(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Bool = dyn_cast<CXXBoolLiteralExpr>(E))
    return Bool->getValue() ? 1 : 0;
  if (const auto *Int = dyn_cast<IntegerLiteral>(E);
      Int && Int->getValue().getActiveBits() < 63)
    return static_cast<int64_t>(Int->getValue().getZExtValue());
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Enumerator = dyn_cast<EnumConstantDecl>(Ref->getDecl()))
      return Enumerator->getInitVal().getExtValue();
  return std::nullopt;
}

std::optional<int64_t> storedConstant(const Expr *E) {
  if (const auto *Op = dyn_cast<BinaryOperator>(E))
    return Op->getOpcode() == BO_Assign ? constantValue(Op->getRHS())
                                        : std::nullopt;
  if (const auto *Call = dyn_cast<CXXOperatorCallExpr>(E))
    return Call->getOperator() == OO_Equal && Call->getNumArgs() == 2
               ? constantValue(Call->getArg(1))
               : std::nullopt;
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    StringRef Name = methodName(Call);
    if (Name == "test_and_set")
      return 1;
    if (Name == "clear" && objectClassName(Call) == "std::atomic_flag")
      return 0;
    if ((Name == "store" || Name == "exchange") && Call->getNumArgs() >= 1)
      return constantValue(Call->getArg(0));
  }
  return std::nullopt;
}

const Expr *wokenObject(const CallExpr *Call) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    StringRef Name = methodName(Member);
    std::string Class = objectClassName(Member);
    bool Wakes = false;
    if (Class == "std::condition_variable" ||
        Class == "std::condition_variable_any" || Class == "std::atomic" ||
        Class == "std::atomic_flag")
      Wakes = Name == "notify_one" || Name == "notify_all";
    else if (Class == "std::counting_semaphore")
      Wakes = Name == "release";
    else if (Class == "std::promise")
      Wakes =
          Name.starts_with("set_value") || Name.starts_with("set_exception");
    else
      Wakes = isStopRequest(Call);
    return Wakes ? Member->getImplicitObjectArgument() : nullptr;
  }
  StringRef Name = externCName(Call);
  if (Call->getNumArgs() >= 1 &&
      llvm::is_contained(
          {"sem_post", "pthread_cond_signal", "pthread_cond_broadcast"}, Name))
    return Call->getArg(0);
  return nullptr;
}

bool isPush(const Expr *E) {
  const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
  return Call &&
         llvm::is_contained({"push", "push_back", "push_front", "emplace",
                             "emplace_back", "emplace_front"},
                            methodName(Call));
}

bool isPop(const Expr *E) {
  const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
  return Call &&
         llvm::is_contained({"pop", "pop_front", "pop_back"}, methodName(Call));
}

bool wakesOneWaiter(const CallExpr *Call) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    std::string Class = objectClassName(Member);
    return methodName(Member) == "notify_one" &&
           (Class == "std::condition_variable" ||
            Class == "std::condition_variable_any");
  }
  return externCName(Call) == "pthread_cond_signal";
}

bool isThreadJoin(const CallExpr *Call) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    std::string Class = objectClassName(Member);
    return methodName(Member) == "join" &&
           (Class == "std::thread" || Class == "std::jthread" ||
            Class == "boost::thread");
  }
  return externCName(Call) == "pthread_join";
}

bool isStopRequest(const CallExpr *Call) {
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
  if (!Member || methodName(Member) != "request_stop")
    return false;
  std::string Class = objectClassName(Member);
  return Class == "std::jthread" || Class == "std::stop_source";
}

} // namespace clang::tidy::threadleak
