//===--- Waits.cpp - threadleak -------------------------------------------===//

#include "Waits.h"
#include "Locks.h"
#include "Names.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::threadleak {

std::vector<BlockingFunction> parseBlockingFunctions(StringRef Option) {
  std::vector<BlockingFunction> Result;
  llvm::SmallVector<StringRef, 4> Entries;
  Option.split(Entries, ';', -1, /*KeepEmpty=*/false);
  for (StringRef Entry : Entries) {
    auto [Name, Timed] = Entry.split('=');
    Name = Name.trim();
    Name.consume_front("::");
    if (!Name.empty())
      Result.push_back({Name.str(), Timed.trim().str()});
  }
  return Result;
}

/// The mutex a condition variable wait's lock holds: `std::unique_lock<...>
/// Lock(M)` declared in the function, as the wait's first argument.
static const ValueDecl *lockedMutex(const Expr *Lock) {
  const auto *Var = dyn_cast_or_null<VarDecl>(referencedDecl(Lock));
  if (!Var)
    return nullptr;
  llvm::SmallVector<const ValueDecl *, 1> Mutexes = mutexesOfLock(Var);
  return Mutexes.size() == 1 ? Mutexes.front() : nullptr;
}

std::optional<BlockingCall>
classifyWait(const CallExpr *Call, llvm::ArrayRef<BlockingFunction> User) {
  BlockingCall Result;
  Result.Call = Call;
  auto UserTimedAlternative =
      [&](const FunctionDecl *F) -> std::optional<std::string> {
    std::string Name = qualifiedName(F);
    for (const BlockingFunction &Entry : User)
      if (Entry.Name == Name)
        return Entry.TimedAlternative;
    return std::nullopt;
  };

  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (!Method)
      return std::nullopt;
    Result.Object = referencedDecl(Member->getImplicitObjectArgument());
    if (std::optional<std::string> Timed = UserTimedAlternative(Method)) {
      Result.TimedAlternative = *Timed;
      return Result;
    }
    if (!Method->getIdentifier())
      return std::nullopt;
    StringRef Name = Method->getName();
    std::string Class = objectClassName(Member);
    if ((Class == "std::condition_variable" ||
         Class == "std::condition_variable_any") &&
        Name == "wait") {
      Result.Kind = WaitKind::ConditionVariable;
      Result.TimedAlternative = "wait_for";
      for (const Expr *Arg : Call->arguments())
        if (isStopTokenType(Arg->getType()))
          Result.TakesStopToken = true;
      unsigned NumArgs = Call->getNumArgs();
      if (NumArgs >= 2 &&
          !isStopTokenType(Call->getArg(NumArgs - 1)->getType()))
        Result.Predicate = Call->getArg(NumArgs - 1);
      if (NumArgs >= 1)
        Result.Mutex = lockedMutex(Call->getArg(0));
      return Result;
    }
    if ((Class == "std::future" || Class == "std::shared_future") &&
        (Name == "get" || Name == "wait")) {
      Result.Kind = WaitKind::Future;
      Result.TimedAlternative = "wait_for";
      Result.ReleasedWhenProducerDies = true;
      return Result;
    }
    if (Class == "std::counting_semaphore" && Name == "acquire") {
      Result.Kind = WaitKind::Semaphore;
      Result.TimedAlternative = "try_acquire_for";
      return Result;
    }
    return std::nullopt;
  }

  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return std::nullopt;
  if (std::optional<std::string> Timed = UserTimedAlternative(Callee)) {
    Result.TimedAlternative = *Timed;
    return Result;
  }
  if (!Callee->getIdentifier() || !Callee->isExternC() ||
      Call->getNumArgs() == 0)
    return std::nullopt;
  StringRef Name = Callee->getName();
  Result.Object = referencedDecl(Call->getArg(0));
  if (Name == "pthread_cond_wait") {
    Result.Kind = WaitKind::PthreadCond;
    Result.TimedAlternative = "pthread_cond_timedwait";
    if (Call->getNumArgs() == 2)
      Result.Mutex = referencedDecl(Call->getArg(1));
  } else if (Name == "sem_wait") {
    Result.Kind = WaitKind::PosixSemaphore;
    Result.TimedAlternative = "sem_timedwait";
  } else if (Name == "mq_receive") {
    Result.Kind = WaitKind::MessageQueue;
    Result.TimedAlternative = "mq_timedreceive";
  } else {
    return std::nullopt;
  }
  return Result;
}

/// A member type a wait blocks on and a wake wakes. Asked for every member
/// call of the translation unit, so it compares names without building
/// strings.
static bool isWaitableType(QualType T) {
  // pthread_cond_t and sem_t are typedefs of unnamed C structs or unions.
  if (const auto *Typedef = T->getAs<TypedefType>())
    if (const IdentifierInfo *Name = Typedef->getDecl()->getIdentifier())
      if (Name->isStr("pthread_cond_t") || Name->isStr("sem_t"))
        return true;
  const CXXRecordDecl *Class = T->getAsCXXRecordDecl();
  if (!Class || !Class->getIdentifier() || !Class->isInStdNamespace())
    return false;
  StringRef Name = Class->getName();
  return Name == "condition_variable" || Name == "condition_variable_any" ||
         Name == "counting_semaphore";
}

static bool hasWaitableMember(const CXXRecordDecl *Class) {
  return Class && Class->hasDefinition() &&
         llvm::any_of(Class->fields(), [](const FieldDecl *D) {
           return isWaitableType(D->getType());
         });
}

const CXXRecordDecl *memberClass(const FieldDecl *Member) {
  const auto *Class = dyn_cast<CXXRecordDecl>(Member->getParent());
  return Class ? Class->getCanonicalDecl() : nullptr;
}

llvm::SmallVector<WrapperObject, 1> wrapperObjects(const FunctionDecl *F) {
  llvm::SmallVector<WrapperObject, 1> Objects;
  if (const auto *Method = dyn_cast<CXXMethodDecl>(F);
      Method && !Method->isStatic() && hasWaitableMember(Method->getParent()))
    Objects.push_back({Method->getParent()->getCanonicalDecl(), std::nullopt});
  for (unsigned I = 0; I < F->getNumParams(); ++I) {
    // A copy is another object: only what the parameter points or refers
    // to is the caller's.
    QualType T = F->getParamDecl(I)->getType();
    if (!T->isPointerType() && !T->isReferenceType())
      continue;
    const CXXRecordDecl *Class = T->getPointeeType()->getAsCXXRecordDecl();
    if (hasWaitableMember(Class))
      Objects.push_back({Class->getCanonicalDecl(), I});
  }
  return Objects;
}

bool mayWrapWait(const FunctionDecl *F) { return !wrapperObjects(F).empty(); }

std::optional<WrapperObject> wrappedWaitObject(const BlockingCall &Wait,
                                               const FunctionDecl *F) {
  const auto *Field = dyn_cast_or_null<FieldDecl>(Wait.Object);
  if (!Field || Wait.EnclosingLoop || Wait.Predicate || Wait.TakesStopToken ||
      Wait.Kind == WaitKind::User)
    return std::nullopt;
  const CXXRecordDecl *Class = memberClass(Field);
  if (!Class)
    return std::nullopt;
  for (const WrapperObject &Object : wrapperObjects(F))
    if (Object.Class == Class)
      return Object;
  return std::nullopt;
}

const ValueDecl *wrapperCallObject(const CallExpr *Call,
                                   const WrapperObject &Object) {
  if (!Object.Param) {
    const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
    return Member ? referencedDecl(Member->getImplicitObjectArgument())
                  : nullptr;
  }
  // A member operator call counts its object as the first argument.
  unsigned Arg = *Object.Param + (isa<CXXOperatorCallExpr>(Call) &&
                                  isa<CXXMethodDecl>(Call->getCalleeDecl()));
  return Arg < Call->getNumArgs() ? referencedDecl(Call->getArg(Arg)) : nullptr;
}

std::optional<BlockingCall> wrapperWait(const CallExpr *Call,
                                        const WrapperObject &Object,
                                        const Stmt *EnclosingLoop) {
  const ValueDecl *Waited = wrapperCallObject(Call, Object);
  if (!Waited)
    return std::nullopt;
  BlockingCall Result;
  Result.Call = Call;
  Result.Kind = WaitKind::Wrapped;
  Result.Object = Waited;
  Result.EnclosingLoop = EnclosingLoop;
  return Result;
}

} // namespace clang::tidy::threadleak
