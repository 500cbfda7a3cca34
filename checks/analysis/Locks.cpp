//===--- Locks.cpp - threadleak -------------------------------------------===//

#include "Locks.h"
#include "Names.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::threadleak {

bool isLockType(QualType T) {
  std::string Name = className(T);
  return llvm::is_contained({"std::lock_guard", "std::unique_lock",
                             "std::scoped_lock", "std::shared_lock"},
                            Name);
}

static const CXXConstructExpr *lockConstruction(const VarDecl *Lock) {
  if (!Lock->getInit() || !isLockType(Lock->getType()) ||
      Lock->getType()->isReferenceType())
    return nullptr;
  return dyn_cast<CXXConstructExpr>(Lock->getInit()->IgnoreImplicit());
}

/// The tag types that make a lock's constructor not lock.
static bool isLockTag(const Expr *Arg) {
  std::string Name = className(Arg->getType());
  return Name == "std::defer_lock_t" || Name == "std::try_to_lock_t" ||
         Name == "std::adopt_lock_t";
}

llvm::SmallVector<const ValueDecl *, 1> mutexesOfLock(const VarDecl *Lock) {
  llvm::SmallVector<const ValueDecl *, 1> Mutexes;
  if (const CXXConstructExpr *Construct = lockConstruction(Lock))
    for (const Expr *Arg : Construct->arguments())
      if (!isLockTag(Arg))
        if (const ValueDecl *Mutex = referencedDecl(Arg))
          Mutexes.push_back(Mutex);
  return Mutexes;
}

bool locksOnConstruction(const VarDecl *Lock) {
  const CXXConstructExpr *Construct = lockConstruction(Lock);
  return Construct && Construct->getNumArgs() > 0 &&
         llvm::none_of(Construct->arguments(), isLockTag);
}

/// The object of `X.lock()`/`X.unlock()` (\p Member) or the mutex of
/// `pthread_mutex_lock(&M)` (\p CFunction).
static const ValueDecl *lockOperand(const CallExpr *Call, StringRef Member,
                                    StringRef CFunction) {
  if (const auto *MemberCall = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *Method = MemberCall->getMethodDecl();
    if (!Method || !Method->getIdentifier() || Method->getName() != Member)
      return nullptr;
    const Expr *Object = MemberCall->getImplicitObjectArgument();
    std::string Class = className(writtenType(Object));
    bool IsMutex = StringRef(Class).starts_with("std::") &&
                   StringRef(Class).contains("mutex");
    return IsMutex || isLockType(writtenType(Object)) ? referencedDecl(Object)
                                                      : nullptr;
  }
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier() || !Callee->isExternC() ||
      Callee->getName() != CFunction || Call->getNumArgs() != 1)
    return nullptr;
  return referencedDecl(Call->getArg(0));
}

const ValueDecl *lockedBy(const CallExpr *Call) {
  return lockOperand(Call, "lock", "pthread_mutex_lock");
}

const ValueDecl *unlockedBy(const CallExpr *Call) {
  return lockOperand(Call, "unlock", "pthread_mutex_unlock");
}

} // namespace clang::tidy::threadleak
