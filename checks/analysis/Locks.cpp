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

/// The tag types that make a lock's constructor not lock.
static bool isLockTag(const Expr *Arg) {
  std::string Name = className(Arg->getType());
  return Name == "std::defer_lock_t" || Name == "std::try_to_lock_t" ||
         Name == "std::adopt_lock_t";
}

static const CXXConstructExpr *lockConstruction(const VarDecl *Lock) {
  if (!Lock->getInit() || !isLockType(Lock->getType()) ||
      Lock->getType()->isReferenceType())
    return nullptr;
  return dyn_cast<CXXConstructExpr>(Lock->getInit()->IgnoreImplicit());
}

static llvm::SmallVector<const ValueDecl *, 1>
mutexArguments(const CXXConstructExpr *Construct) {
  llvm::SmallVector<const ValueDecl *, 1> Mutexes;
  for (const Expr *Arg : Construct->arguments())
    if (!isLockTag(Arg))
      if (const ValueDecl *Mutex = referencedDecl(Arg))
        Mutexes.push_back(Mutex);
  return Mutexes;
}

static bool takesOnConstruction(const CXXConstructExpr *Construct) {
  return Construct->getNumArgs() > 0 &&
         llvm::none_of(Construct->arguments(), isLockTag);
}

llvm::SmallVector<const ValueDecl *, 1> mutexesOfLock(const VarDecl *Lock) {
  if (const CXXConstructExpr *Construct = lockConstruction(Lock))
    return mutexArguments(Construct);
  return {};
}

bool locksOnConstruction(const VarDecl *Lock) {
  const CXXConstructExpr *Construct = lockConstruction(Lock);
  return Construct && takesOnConstruction(Construct);
}

llvm::SmallVector<const ValueDecl *, 1>
mutexesTakenBy(const CXXConstructExpr *Construct) {
  if (!isLockType(Construct->getType()) || !takesOnConstruction(Construct))
    return {};
  return mutexArguments(Construct);
}

/// The argument for \p Param, a pointer or reference parameter of \p
/// Callee; null for another parameter or declaration.
static const Expr *argumentFor(const ValueDecl *Param,
                               const FunctionDecl *Callee,
                               llvm::ArrayRef<const Expr *> Args) {
  const auto *Parm = dyn_cast<ParmVarDecl>(Param);
  if (!Parm || Parm->getDeclContext() != Callee ||
      !(Parm->getType()->isPointerType() || Parm->getType()->isReferenceType()))
    return nullptr;
  unsigned Index = Parm->getFunctionScopeIndex();
  return Index < Args.size() ? Args[Index] : nullptr;
}

/// The parameter of the constructor \p Callee that initialises its member
/// \p Field (`Mu(M)`); null when none does.
static const ValueDecl *initialisingParameter(const FieldDecl *Field,
                                              const FunctionDecl *Callee) {
  const auto *Ctor = dyn_cast<CXXConstructorDecl>(Callee);
  if (!Ctor)
    return nullptr;
  for (const CXXCtorInitializer *Init : Ctor->inits())
    if (Init->getMember() == Field)
      return dyn_cast_or_null<ParmVarDecl>(referencedDecl(Init->getInit()));
  return nullptr;
}

llvm::SmallVector<const ValueDecl *, 2>
mutexAtCall(const ValueDecl *Inner, const FunctionDecl *Callee,
            llvm::ArrayRef<const Expr *> Args, const Expr *Object) {
  const auto *Field = dyn_cast<FieldDecl>(Inner);
  if (Field && isOwnMember(Callee, Field))
    if (const ValueDecl *Param = initialisingParameter(Field, Callee))
      Inner = Param;
  if (isa<ParmVarDecl>(Inner)) {
    const ValueDecl *Outer = referencedDecl(argumentFor(Inner, Callee, Args));
    if (Outer)
      return {Outer};
    return {};
  }
  if (const auto *Var = dyn_cast<VarDecl>(Inner))
    return Var->hasGlobalStorage()
               ? llvm::SmallVector<const ValueDecl *, 2>{Var}
               : llvm::SmallVector<const ValueDecl *, 2>{};
  llvm::SmallVector<const ValueDecl *, 2> Outer{Inner};
  if (Field && isOwnMember(Callee, Field))
    if (const ValueDecl *Wrapper = referencedDecl(Object))
      Outer.push_back(Wrapper);
  return Outer;
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
