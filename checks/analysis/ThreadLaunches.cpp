//===--- ThreadLaunches.cpp - threadleak ----------------------------------===//

#include "ThreadLaunches.h"
#include "Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::threadleak {

std::vector<StatementMatcher>
threadLaunchMatchers(const std::vector<std::string> &UserLaunchers) {
  // The system-header test comes first: it is cheap and rejects the library
  // internals (std::async's own std::thread) before any name lookup.
  auto NotInSystemHeader = unless(isExpansionInSystemHeader());
  auto ThreadClass = cxxRecordDecl(
      hasAnyName("::std::thread", "::std::jthread", "::boost::thread"));
  std::vector<StringRef> Launchers = {"::std::async", "::pthread_create",
                                      "::std::make_unique",
                                      "::std::make_shared"};
  Launchers.insert(Launchers.end(), UserLaunchers.begin(), UserLaunchers.end());
  return {
      cxxConstructExpr(NotInSystemHeader, argumentCountAtLeast(1),
                       hasDeclaration(cxxConstructorDecl(
                           ofClass(ThreadClass), unless(isCopyConstructor()),
                           unless(isMoveConstructor()))))
          .bind("launch"),
      callExpr(NotInSystemHeader, callee(functionDecl(hasAnyName(Launchers))))
          .bind("launch")};
}

std::vector<StatementMatcher>
launchAssignmentMatchers(const std::vector<std::string> &UserLaunchers) {
  // Only the thread classes' constructions are assigned to a thread object
  // (or to a pointer, by make_unique or new); std::async's future cannot be
  // detached, pthread_create names its handle.
  StatementMatcher Launch = threadLaunchMatchers(UserLaunchers).front();
  StatementMatcher MakeThread =
      callExpr(callee(functionDecl(
                   hasAnyName("::std::make_unique", "::std::make_shared"))))
          .bind("launch");
  auto NewThread = cxxNewExpr(has(Launch));
  auto Thread = valueDecl().bind("thread");
  auto Holder = anyOf(declRefExpr(to(Thread)), memberExpr(member(Thread)));
  auto NotInSystemHeader = unless(isExpansionInSystemHeader());
  return {cxxOperatorCallExpr(
              NotInSystemHeader, hasOverloadedOperatorName("="),
              hasArgument(0, Holder),
              hasArgument(1, ignoringImplicit(anyOf(
                                 Launch, MakeThread,
                                 cxxFunctionalCastExpr(hasSourceExpression(
                                     ignoringImplicit(Launch))))))),
          binaryOperator(NotInSystemHeader, hasOperatorName("="),
                         hasLHS(ignoringParenImpCasts(Holder)),
                         hasRHS(ignoringParenImpCasts(NewThread))),
          // libstdc++'s shared_ptr::reset is a member of its base class; what
          // owns the new thread is what threadHolder follows.
          cxxMemberCallExpr(NotInSystemHeader,
                            callee(cxxMethodDecl(hasName("reset"))),
                            on(ignoringParenImpCasts(Holder)),
                            hasArgument(0, ignoringParenImpCasts(NewThread)))};
}

bool isMakeSmartPointer(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier() ||
      (Callee->getName() != "make_unique" &&
       Callee->getName() != "make_shared"))
    return false;
  std::string Name = qualifiedName(Callee);
  return Name == "std::make_unique" || Name == "std::make_shared";
}

/// The construction an initializer starts a thread with: `std::thread(F)`
/// with one argument is a functional cast around it; `new std::thread(F)`
/// and `std::make_unique<std::thread>(F)` for a pointer.
static const Expr *startedBy(const Expr *Init) {
  if (!Init)
    return nullptr;
  const Expr *E = Init->IgnoreImplicit();
  if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E))
    E = Cast->getSubExpr()->IgnoreImplicit();
  if (const auto *New = dyn_cast<CXXNewExpr>(E))
    E = New->getConstructExpr();
  if (const auto *Call = dyn_cast_or_null<CallExpr>(E);
      Call && isMakeSmartPointer(Call))
    return Call;
  return isa_and_nonnull<CXXConstructExpr>(E) ? E : nullptr;
}

const ValueDecl *threadHolder(const Expr *Object) {
  if (!Object)
    return nullptr;
  const Expr *E = Object->IgnoreImplicit()->IgnoreParens();
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      Op && Op->getNumArgs() == 1 &&
      (Op->getOperator() == OO_Arrow || Op->getOperator() == OO_Star)) {
    // libstdc++'s shared_ptr has its operator-> in a base class: the
    // argument is converted to it.
    const Expr *Pointer = Op->getArg(0)->IgnoreImplicit()->IgnoreParens();
    std::string Class = className(Pointer->getType());
    if (Class == "std::unique_ptr" || Class == "std::shared_ptr")
      return referencedDecl(Pointer);
    return nullptr;
  }
  return referencedDecl(E);
}

llvm::SmallVector<const Expr *, 2> initialLaunches(const ValueDecl *Thread) {
  llvm::SmallVector<const Expr *, 2> Result;
  auto Add = [&](const Expr *Init) {
    if (const Expr *Launch = startedBy(Init))
      Result.push_back(Launch);
  };
  if (const auto *Var = dyn_cast<VarDecl>(Thread)) {
    Add(Var->getInit());
  } else if (const auto *Field = dyn_cast<FieldDecl>(Thread)) {
    Add(Field->getInClassInitializer());
    if (const auto *Class = dyn_cast<CXXRecordDecl>(Field->getParent()))
      for (const CXXConstructorDecl *Ctor : Class->ctors())
        for (const CXXCtorInitializer *Init : Ctor->inits())
          if (Init->getMember() == Field && Init->isWritten())
            Add(Init->getInit());
  }
  return Result;
}

bool isDiscardedThread(const Expr *E) {
  E = E->IgnoreImplicit();
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E);
      Cast && Cast->getTypeAsWritten()->isVoidType())
    E = Cast->getSubExpr()->IgnoreImplicit();
  E = E->IgnoreParens()->IgnoreImplicit();
  if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E))
    E = Cast->getSubExpr()->IgnoreImplicit();
  const auto *Construct = dyn_cast<CXXConstructExpr>(E);
  if (!Construct || Construct->getNumArgs() == 0)
    return false;
  const CXXConstructorDecl *Ctor = Construct->getConstructor();
  return !Ctor->isCopyOrMoveConstructor() &&
         qualifiedName(Ctor->getParent()) == "std::thread";
}

const ValueDecl *pthreadHandle(const ThreadLaunch &Launch) {
  return Launch.Kind == LaunchKind::Pthread
             ? referencedDecl(cast<CallExpr>(Launch.Launch)->getArg(0))
             : nullptr;
}

StatementMatcher containerLaunchMatcher() {
  return cxxMemberCallExpr(
             unless(isExpansionInSystemHeader()), argumentCountAtLeast(1),
             callee(cxxMethodDecl(hasAnyName("emplace_back", "emplace_front"))))
      .bind("launch");
}

/// The launch kind of the threads a template constructs in place, from its
/// first template argument: a container's element type
/// (`std::vector<std::jthread>`), `std::make_unique<std::thread>`'s.
static std::optional<LaunchKind>
constructedThreadKind(const TemplateArgumentList *Args) {
  if (!Args || Args->size() == 0 ||
      (*Args)[0].getKind() != TemplateArgument::Type)
    return std::nullopt;
  std::string Element = className((*Args)[0].getAsType());
  if (Element == "std::thread")
    return LaunchKind::StdThread;
  if (Element == "std::jthread")
    return LaunchKind::StdJThread;
  if (Element == "boost::thread")
    return LaunchKind::Boost;
  return std::nullopt;
}

static std::optional<LaunchKind> containedThreadKind(const CXXMethodDecl *M) {
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(M->getParent());
  return Spec ? constructedThreadKind(&Spec->getTemplateArgs()) : std::nullopt;
}

/// Whether \p E is a thread object, which moving into a new one (an
/// emplace_back, a make_unique) starts nothing.
static bool isThreadObject(const Expr *E) {
  std::string Class = className(E->getType());
  return Class == "std::thread" || Class == "std::jthread" ||
         Class == "boost::thread";
}

static bool isLaunchPolicy(const Expr *E) {
  const auto *ET = E->getType()->getAs<EnumType>();
  return ET && qualifiedName(ET->getDecl()) == "std::launch";
}

std::optional<ThreadLaunch>
getThreadLaunch(const Expr *Launch,
                const std::vector<std::string> &UserLaunchers) {
  ThreadLaunch Result;
  Result.Launch = Launch;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Launch)) {
    if (Construct->getNumArgs() == 0)
      return std::nullopt;
    std::string Name = qualifiedName(Construct->getConstructor()->getParent());
    if (Name == "std::thread")
      Result.Kind = LaunchKind::StdThread;
    else if (Name == "std::jthread")
      Result.Kind = LaunchKind::StdJThread;
    else if (Name == "boost::thread")
      Result.Kind = LaunchKind::Boost;
    else
      return std::nullopt;
    Result.Callable = Construct->getArg(0);
  } else if (const auto *Emplace = dyn_cast<CXXMemberCallExpr>(Launch);
             Emplace && Emplace->getMethodDecl() &&
             containedThreadKind(Emplace->getMethodDecl())) {
    if (Emplace->getNumArgs() == 0)
      return std::nullopt;
    const Expr *First = Emplace->getArg(0);
    std::optional<LaunchKind> Kind =
        containedThreadKind(Emplace->getMethodDecl());
    if (!Kind || isThreadObject(First))
      return std::nullopt;
    Result.Kind = *Kind;
    Result.Callable = First;
  } else if (const auto *Call = dyn_cast<CallExpr>(Launch)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || Call->getNumArgs() == 0)
      return std::nullopt;
    std::string Name = qualifiedName(Callee);
    if (Name == "std::async") {
      Result.Kind = LaunchKind::StdAsync;
      unsigned First = isLaunchPolicy(Call->getArg(0)) ? 1 : 0;
      if (First >= Call->getNumArgs())
        return std::nullopt;
      Result.Callable = Call->getArg(First);
    } else if (isMakeSmartPointer(Call)) {
      // `std::make_unique<std::thread>(F)`: the library constructs the
      // thread, in a system header no matcher looks into.
      std::optional<LaunchKind> Kind =
          constructedThreadKind(Callee->getTemplateSpecializationArgs());
      if (!Kind || isThreadObject(Call->getArg(0)))
        return std::nullopt;
      Result.Kind = *Kind;
      Result.Callable = Call->getArg(0);
    } else if (Name == "pthread_create") {
      if (Call->getNumArgs() != 4)
        return std::nullopt;
      Result.Kind = LaunchKind::Pthread;
      Result.Callable = Call->getArg(2);
    } else if (llvm::is_contained(UserLaunchers, Name) ||
               llvm::is_contained(UserLaunchers, "::" + Name)) {
      Result.Kind = LaunchKind::User;
      for (const Expr *Arg : Call->arguments()) {
        if (resolveCallable(Arg)) {
          Result.Callable = Arg;
          break;
        }
      }
      if (!Result.Callable)
        return std::nullopt;
    } else {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  Result.Body = resolveCallable(Result.Callable);
  return Result;
}

/// Looks through the implicit nodes and copies between a callable and the
/// expression that produced it.
static const Expr *skipWrappers(const Expr *E) {
  while (true) {
    const Expr *Next = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(Next)) {
      // A copy, or a std::function made from the callable.
      if (Construct->getNumArgs() == 1 &&
          (Construct->getConstructor()->isCopyOrMoveConstructor() ||
           className(Construct->getType()) == "std::function"))
        Next = Construct->getArg(0);
    } else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Next)) {
      // A captureless lambda converted to a function pointer (a
      // pthread_create start routine): it runs the call operator.
      const auto *Conversion =
          dyn_cast_or_null<CXXConversionDecl>(Call->getMethodDecl());
      if (Conversion && Conversion->getParent()->isLambda())
        Next = Call->getImplicitObjectArgument();
    } else if (const auto *Plus = dyn_cast<UnaryOperator>(Next);
               Plus && Plus->getOpcode() == UO_Plus) {
      Next = Plus->getSubExpr(); // `+[](void *) -> void * { ... }`
    } else if (const auto *Cast = dyn_cast<ExplicitCastExpr>(Next);
               Cast && Cast->getType()->isFunctionPointerType()) {
      Next = Cast->getSubExpr(); // `static_cast<PollFn>(pollUart)`
    }
    if (Next == E)
      return E;
    E = Next;
  }
}

static bool isForwardingCall(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || Call->getNumArgs() == 0)
    return false;
  std::string Name = qualifiedName(Callee);
  return Name == "std::bind" || Name == "std::bind_front" ||
         Name == "std::ref" || Name == "std::cref" || Name == "std::move" ||
         Name == "std::forward";
}

static const FunctionDecl *definitionOrSelf(const FunctionDecl *F) {
  if (const FunctionDecl *Def = F->getDefinition())
    return Def;
  return F;
}

static const FunctionDecl *callOperator(const CXXRecordDecl *RD) {
  if (RD->isLambda()) {
    if (const FunctionTemplateDecl *Generic =
            RD->getDependentLambdaCallOperator()) {
      for (const FunctionDecl *Spec : Generic->specializations())
        if (Spec->hasBody())
          return Spec;
      return nullptr;
    }
    return RD->getLambdaCallOperator();
  }
  if (!RD->hasDefinition())
    return nullptr;
  for (const CXXMethodDecl *Method : RD->methods())
    if (Method->getOverloadedOperator() == OO_Call && !Method->isDeleted())
      return definitionOrSelf(Method);
  return nullptr;
}

static const FunctionDecl *resolveCallableImpl(const Expr *E, unsigned Depth) {
  if (!E || Depth > 4)
    return nullptr;
  E = skipWrappers(E);
  // A dependent initializer (`Fn(Arg)` in a template) may have no type yet.
  if (E->getType().isNull())
    return nullptr;
  if (const auto *Lambda = dyn_cast<LambdaExpr>(E))
    return callOperator(Lambda->getLambdaClass());
  if (const auto *Unary = dyn_cast<UnaryOperator>(E))
    if (Unary->getOpcode() == UO_AddrOf || Unary->getOpcode() == UO_Deref)
      return resolveCallableImpl(Unary->getSubExpr(), Depth + 1);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *F = dyn_cast<FunctionDecl>(Ref->getDecl()))
      return definitionOrSelf(F);
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      if (!isa<ParmVarDecl>(Var) && Var->hasInit())
        if (const FunctionDecl *F =
                resolveCallableImpl(Var->getInit(), Depth + 1))
          return F;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E))
    if (isForwardingCall(Call))
      return resolveCallableImpl(Call->getArg(0), Depth + 1);
  if (const CXXRecordDecl *RD =
          E->getType().getNonReferenceType()->getAsCXXRecordDecl())
    return callOperator(RD);
  return nullptr;
}

const FunctionDecl *resolveCallable(const Expr *Callable) {
  return resolveCallableImpl(Callable, 0);
}

/// The initializer of the constant table (a const or constexpr array or
/// std::array) that \p E subscripts: `Drivers[Kind]`; null otherwise.
static const InitListExpr *constantTable(const Expr *E) {
  const Expr *Table = nullptr;
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E))
    Table = Subscript->getBase();
  else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
           Op && Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2 &&
           className(Op->getArg(0)->getType()) == "std::array")
    Table = Op->getArg(0);
  const auto *Ref =
      Table ? dyn_cast<DeclRefExpr>(Table->IgnoreParenImpCasts()) : nullptr;
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !Var->getType().isConstant(Var->getASTContext()))
    return nullptr;
  const Expr *Init = Var->getAnyInitializer();
  return Init ? dyn_cast<InitListExpr>(Init->IgnoreImplicit()) : nullptr;
}

static void possibleCallablesImpl(const Expr *E, unsigned Depth,
                                  SmallVectorImpl<const FunctionDecl *> &Out) {
  if (!E || Depth > 8)
    return;
  E = skipWrappers(E);
  if (const auto *Cond = dyn_cast<ConditionalOperator>(E)) {
    possibleCallablesImpl(Cond->getTrueExpr(), Depth + 1, Out);
    possibleCallablesImpl(Cond->getFalseExpr(), Depth + 1, Out);
  } else if (const auto *List = dyn_cast<InitListExpr>(E)) {
    for (const Expr *Element : List->inits())
      possibleCallablesImpl(Element, Depth + 1, Out);
  } else if (const InitListExpr *Table = constantTable(E)) {
    possibleCallablesImpl(Table, Depth + 1, Out);
  } else if (const FunctionDecl *F = resolveCallable(E)) {
    Out.push_back(F);
  }
}

SmallVector<const FunctionDecl *, 2> possibleCallables(const Expr *Value) {
  SmallVector<const FunctionDecl *, 2> Result;
  possibleCallablesImpl(Value, 0, Result);
  return Result;
}

const LambdaExpr *resolveLambda(const Expr *Callable) {
  for (unsigned Depth = 0; Callable && Depth < 4; ++Depth) {
    const Expr *E = skipWrappers(Callable);
    if (const auto *Lambda = dyn_cast<LambdaExpr>(E))
      return Lambda;
    Callable = nullptr;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
      if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
        if (!isa<ParmVarDecl>(Var))
          Callable = Var->getInit();
    } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
      if (isForwardingCall(Call))
        Callable = Call->getArg(0);
    }
  }
  return nullptr;
}

bool takesStopToken(const FunctionDecl *Body) {
  return Body && Body->getNumParams() > 0 &&
         isStopTokenType(Body->getParamDecl(0)->getType());
}

} // namespace clang::tidy::threadleak
