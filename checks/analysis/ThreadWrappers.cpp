//===--- ThreadWrappers.cpp - threadleak ----------------------------------===//

#include "ThreadWrappers.h"
#include "Names.h"
#include "StatementWalk.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::threadleak {

bool isCallableParameter(const ParmVarDecl *P) {
  QualType T = P->getType().getNonReferenceType();
  if (T->isFunctionPointerType() || T->isFunctionType())
    return true;
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return false;
  if (RD->isLambda())
    return true;
  std::string Name = qualifiedName(RD);
  if (Name == "std::function" || Name == "std::move_only_function")
    return true;
  // A functor deduced for a template parameter.
  const auto *Function = dyn_cast<FunctionDecl>(P->getDeclContext());
  return Function && Function->isTemplateInstantiation() &&
         RD->hasDefinition() &&
         llvm::any_of(RD->methods(), [](const CXXMethodDecl *M) {
           return M->getOverloadedOperator() == OO_Call;
         });
}

/// The class a library call constructs from its arguments (see
/// forwardedConstructor).
static const CXXRecordDecl *forwardedClass(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier())
    return nullptr;
  StringRef Name = Callee->getName();
  const TemplateArgumentList *Args = nullptr;
  if (isMakeSmartPointer(Call)) {
    Args = Callee->getTemplateSpecializationArgs();
  } else if (Name == "emplace_back" || Name == "emplace_front" ||
             Name == "emplace") {
    const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
    const auto *Spec =
        Method ? dyn_cast<ClassTemplateSpecializationDecl>(Method->getParent())
               : nullptr;
    if (!Spec)
      return nullptr;
    std::string Container = qualifiedName(Spec);
    if (Container != "std::vector" && Container != "std::deque" &&
        Container != "std::list" && Container != "std::forward_list" &&
        Container != "std::optional")
      return nullptr;
    Args = &Spec->getTemplateArgs();
  } else {
    return nullptr;
  }
  if (!Args || Args->size() == 0 ||
      (*Args)[0].getKind() != TemplateArgument::Type)
    return nullptr;
  return (*Args)[0].getAsType()->getAsCXXRecordDecl();
}

const CXXConstructorDecl *forwardedConstructor(const CallExpr *Call) {
  const CXXRecordDecl *Class = forwardedClass(Call);
  if (!Class || !Class->hasDefinition())
    return nullptr;
  unsigned N = Call->getNumArgs();
  const CXXConstructorDecl *Found = nullptr;
  for (const CXXConstructorDecl *Ctor : Class->ctors()) {
    if (Ctor->isCopyOrMoveConstructor() || Ctor->isDeleted() ||
        Ctor->isVariadic() || Ctor->getMinRequiredArguments() > N ||
        Ctor->getNumParams() < N)
      continue;
    if (Found)
      return nullptr;
    Found = Ctor;
  }
  return Found;
}

bool mayLaunchThread(const Expr *E) {
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    const CXXRecordDecl *Class = Construct->getConstructor()->getParent();
    return Class->getIdentifier() &&
           (Class->getName() == "thread" || Class->getName() == "jthread");
  }
  const auto *Call = dyn_cast<CallExpr>(E);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || !Callee->getIdentifier())
    return false;
  StringRef Name = Callee->getName();
  return Name == "pthread_create" || Name == "async" ||
         Name.starts_with("emplace") || Name == "make_unique" ||
         Name == "make_shared";
}

/// The parameter of \p F that \p E denotes, through std::move,
/// std::forward, copies and init-captures.
static const ParmVarDecl *parameterOf(const Expr *E, const FunctionDecl *F,
                                      unsigned Depth = 0) {
  if (!E || Depth > 4)
    return nullptr;
  E = E->IgnoreImplicit()->IgnoreParens();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
      Construct && Construct->getNumArgs() >= 1)
    return parameterOf(Construct->getArg(0), F, Depth + 1);
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || Call->getNumArgs() == 0)
      return nullptr;
    std::string Name = qualifiedName(Callee);
    if (Name == "std::move" || Name == "std::forward" || Name == "std::bind" ||
        Name == "std::bind_front")
      return parameterOf(Call->getArg(0), F, Depth + 1);
    return nullptr;
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  if (!Ref)
    return nullptr;
  if (const auto *P = dyn_cast<ParmVarDecl>(Ref->getDecl()))
    return P->getDeclContext() == F && isCallableParameter(P) ? P : nullptr;
  // `[Fn = std::move(Fn)] { Fn(); }`
  if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
      Var && Var->isInitCapture())
    return parameterOf(Var->getInit(), F, Depth + 1);
  return nullptr;
}

const ParmVarDecl *launchedParameter(const Expr *Callable,
                                     const FunctionDecl *F) {
  if (const ParmVarDecl *P = parameterOf(Callable, F))
    return P;
  const LambdaExpr *Lambda = resolveLambda(Callable);
  if (!Lambda)
    return nullptr;
  const ParmVarDecl *Found = nullptr;
  forEachStmt(Lambda->getBody(), [&](const Stmt *S) {
    if (const auto *Call = dyn_cast<CallExpr>(S); Call && !Found)
      Found = parameterOf(calledObject(Call), F);
  });
  return Found;
}

std::optional<std::pair<const FieldDecl *, const ParmVarDecl *>>
storedParameter(const Expr *Target, const Expr *Value, const FunctionDecl *F) {
  const auto *Member =
      dyn_cast_or_null<MemberExpr>(Target->IgnoreImplicit()->IgnoreParens());
  const auto *Field =
      Member ? dyn_cast<FieldDecl>(Member->getMemberDecl()) : nullptr;
  if (!Field)
    return std::nullopt;
  if (const ParmVarDecl *P = parameterOf(Value, F))
    return std::make_pair(Field, P);
  return std::nullopt;
}

const FieldDecl *calledMember(const CallExpr *Call) {
  const Expr *Object = calledObject(Call);
  if (!Object)
    return nullptr;
  Object = Object->IgnoreImplicit()->IgnoreParens();
  if (const auto *Deref = dyn_cast<UnaryOperator>(Object);
      Deref && Deref->getOpcode() == UO_Deref)
    Object = Deref->getSubExpr()->IgnoreImplicit()->IgnoreParens();
  const auto *Member = dyn_cast<MemberExpr>(Object);
  return Member ? dyn_cast<FieldDecl>(Member->getMemberDecl()) : nullptr;
}

const Expr *wrapperArgument(const Expr *Call, unsigned Param) {
  const Expr *Arg = nullptr;
  if (const auto *C = dyn_cast<CallExpr>(Call)) {
    // A member operator's object is its first argument but no parameter.
    unsigned Shift = isa<CXXOperatorCallExpr>(C) &&
                     isa_and_nonnull<CXXMethodDecl>(C->getDirectCallee());
    if (Param + Shift < C->getNumArgs())
      Arg = C->getArg(Param + Shift);
  } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(Call)) {
    if (Param < Construct->getNumArgs())
      Arg = Construct->getArg(Param);
  }
  return Arg && !isa<CXXDefaultArgExpr>(Arg) ? Arg : nullptr;
}

std::optional<ThreadLaunch> wrapperLaunch(const Expr *Call, unsigned Param) {
  const Expr *Arg = wrapperArgument(Call, Param);
  if (!Arg)
    return std::nullopt;
  ThreadLaunch Result;
  Result.Launch = Call;
  Result.Kind = LaunchKind::User;
  Result.Callable = Arg;
  Result.Body = resolveCallable(Arg);
  if (!Result.Body)
    return std::nullopt;
  return Result;
}

} // namespace clang::tidy::threadleak
