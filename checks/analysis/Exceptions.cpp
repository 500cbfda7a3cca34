//===--- Exceptions.cpp - threadleak --------------------------------------===//

#include "Exceptions.h"
#include "FunctionBodyVisitor.h"
#include "Names.h"
#include "ReportingPolicy.h"
#include "ThreadAnalysis.h"
#include "Waits.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::threadleak {

static bool isThreadClass(StringRef Name) {
  return Name == "std::thread" || Name == "std::jthread" ||
         Name == "boost::thread";
}

/// A container of threads: its emplace and push functions start a thread,
/// which throws std::system_error when none can be started.
static bool isContainerOfThreads(const CXXRecordDecl *RD) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD);
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return false;
  return isThreadClass(className(Spec->getTemplateArgs()[0].getAsType()));
}

/// Whether a class is one a program throws for its own bug or a failure
/// of the environment rather than for its input: std::logic_error itself
/// (a broken invariant, `logicAssert(valid(), "broken")`; its subclasses
/// such as std::invalid_argument and std::out_of_range are thrown for bad
/// input too), the library's misuse exceptions (`std::bad_function_call`
/// from an empty callable, `bad_optional_access`, `bad_variant_access`,
/// `bad_any_cast`, `bad_cast`, `bad_weak_ptr`) and `std::bad_alloc`.
static bool isMisuseOrEnvironmentError(const CXXRecordDecl *RD) {
  if (!RD)
    return false;
  std::string Name = qualifiedName(RD);
  return llvm::is_contained(
      {"std::logic_error", "std::bad_function_call", "std::bad_optional_access",
       "std::bad_variant_access", "std::bad_any_cast", "std::bad_cast",
       "std::bad_typeid", "std::bad_weak_ptr", "std::bad_alloc",
       "std::bad_array_new_length"},
      Name);
}

/// The std::future or std::shared_future \p Get is called on comes from a
/// std::promise (`F = P.get_future()`, `call().get()` of a function that
/// returns one) and nothing in the translation unit stores an exception
/// in a promise: `get()` returns the value.
static bool getsPromisedValue(const CXXMemberCallExpr *Get,
                              ThreadAnalysis &Analysis) {
  if (Analysis.index().SetsPromiseException)
    return false;
  BlockingCall Wait;
  Wait.Call = Get;
  Wait.Object = referencedDecl(Get->getImplicitObjectArgument());
  return Analysis.futurePromise(Wait) != nullptr;
}

/// The causes for which a library function throws as part of its contract,
/// beyond running out of memory.
unsigned ExceptionModel::libraryThrowCauses(const FunctionDecl *F,
                                            const Expr *Site) {
  if (!F->getIdentifier() && !isa<CXXMethodDecl>(F))
    return NoCause;
  std::string Name = qualifiedName(F);
  if (!StringRef(Name).starts_with("std::"))
    return NoCause;
  const auto *Method = dyn_cast<CXXMethodDecl>(F);
  if (Method) {
    std::string Class = qualifiedName(Method->getParent());
    if (isa<CXXConstructorDecl>(Method))
      // Starting a thread; the default and move constructors are noexcept
      // and are filtered out before.
      return isThreadClass(Class) ? EnvironmentFailurePath : NoCause;
    if (!Method->getIdentifier())
      return NoCause;
    StringRef Member = Method->getName();
    if (Member == "at")
      return EnvironmentFailurePath;
    if (Member == "get" &&
        (Class == "std::future" || Class == "std::shared_future"))
      return getsPromisedValue(cast<CXXMemberCallExpr>(Site), Analysis)
                 ? NoCause
                 : OrdinaryPath;
    if (Member == "value" &&
        (Class == "std::optional" || Class == "std::expected"))
      return EnvironmentFailurePath;
    if (llvm::is_contained({"emplace_back", "emplace_front", "emplace",
                            "push_back", "push_front", "insert"},
                           Member) &&
        isContainerOfThreads(Method->getParent()))
      return EnvironmentFailurePath;
    return NoCause;
  }
  if (llvm::is_contained({"std::stoi", "std::stol", "std::stoll", "std::stoul",
                          "std::stoull", "std::stof", "std::stod", "std::stold",
                          "std::throw_with_nested"},
                         Name))
    return OrdinaryPath;
  if (llvm::is_contained({"std::rethrow_exception", "std::rethrow_if_nested"},
                         Name))
    return RelayedPath;
  if (Name == "std::async" || Name == "std::any_cast")
    return EnvironmentFailurePath;
  if (Name == "std::get" || Name == "std::visit") {
    const auto *Call = dyn_cast<CallExpr>(Site);
    return Call && llvm::any_of(Call->arguments(),
                                [](const Expr *Arg) {
                                  return className(Arg->getType()) ==
                                         "std::variant";
                                })
               ? EnvironmentFailurePath
               : NoCause;
  }
  return NoCause;
}

unsigned ExceptionModel::calleeThrowCauses(const FunctionDecl *Callee,
                                           const Expr *Site) {
  if (Callee->getBuiltinID() || Callee->isExternC() ||
      isa<CXXDestructorDecl>(Callee))
    return NoCause;
  if (const auto *Proto = Callee->getType()->getAs<FunctionProtoType>()) {
    // An exception specification not computed yet (an implicit member
    // nobody asked about) is that of a defaulted function: assume noexcept.
    if (Proto->canThrow() != CT_Can)
      return NoCause;
  }
  const SourceManager &SM = Analysis.context().getSourceManager();
  if (const FunctionDecl *Def = analysableDefinition(Callee, SM))
    return functionThrowCauses(Def);
  if (SM.isInSystemHeader(Callee->getLocation()))
    return libraryThrowCauses(Callee, Site);
  // The project's own function, defined in another file (or an implicit
  // member, which throws only what its parts throw).
  return Callee->isImplicit() ? NoCause : OrdinaryPath;
}

/// A call of a std::function's (or std::move_only_function's) operator().
static bool isStdFunctionCall(const CallExpr *Call) {
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Call->getDirectCallee());
  if (!Method || Method->getOverloadedOperator() != OO_Call)
    return false;
  std::string Class = qualifiedName(Method->getParent());
  return Class == "std::function" || Class == "std::move_only_function";
}

unsigned ExceptionModel::ownThrowCauses(const Expr *E) {
  if (const auto *Throw = dyn_cast<CXXThrowExpr>(E)) {
    const Expr *Thrown = Throw->getSubExpr();
    return Thrown && isMisuseOrEnvironmentError(
                         Thrown->getType()->getAsCXXRecordDecl())
               ? EnvironmentFailurePath
               : OrdinaryPath;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    return Ctor && !Ctor->isTrivial() ? calleeThrowCauses(Ctor, E) : NoCause;
  }
  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call)
    return NoCause;
  unsigned Causes = NoCause;
  if (const FunctionDecl *Callee = Call->getDirectCallee()) {
    Causes = calleeThrowCauses(Callee, E);
    // A virtual call or a call through a std::function runs what the
    // translation unit puts there.
    if (!isa<CXXMethodDecl>(Callee) ||
        (!cast<CXXMethodDecl>(Callee)->isVirtual() &&
         Callee->getOverloadedOperator() != OO_Call))
      return Causes;
  }
  // A call through a function pointer runs what the translation unit
  // stores in it; an unknown target is C-style code more often than not.
  // A std::function whose targets the translation unit does not show (a
  // callback parameter) runs the project's code from elsewhere, which may
  // throw like a function defined in another file.
  auto Targets = Analysis.callTargets(Call);
  if (Targets.empty() && isStdFunctionCall(Call))
    return OrdinaryPath;
  for (const FunctionDecl *F : Targets)
    Causes |= functionThrowCauses(F);
  return Causes;
}

unsigned ExceptionModel::throwCauses(const Expr *E) {
  const ASTContext &Context = Analysis.context();
  AssertionSite Assertion = testAssertionAt(
      E->getBeginLoc(), Context.getSourceManager(), Context.getLangOpts());
  switch (Assertion.Kind) {
  case TestAssertion::Fatal:
    // REQUIRE(F()) fails when F throws, and REQUIRE's own expansion throws
    // (or ASSERT_* returns) when the assertion fails.
    if (Assertion.InArgument)
      return ownThrowCauses(E) != NoCause ? AssertionFailurePath : NoCause;
    return isa<CallExpr, CXXConstructExpr, CXXThrowExpr>(E)
               ? AssertionFailurePath
               : NoCause;
  case TestAssertion::NonFatal:
    // The framework records the failure and goes on; the code under test
    // in its arguments throws what it throws.
    return Assertion.InArgument ? ownThrowCauses(E) : NoCause;
  case TestAssertion::None:
    break;
  }
  return ownThrowCauses(E);
}

namespace {
/// The expressions of a statement that may throw.
class ThrowingExprFinder : public FunctionBodyVisitor<ThrowingExprFinder> {
public:
  ThrowingExprFinder(ExceptionModel &Model, unsigned Stop)
      : Model(Model), Stop(Stop) {}
  // What a try block throws, its handlers catch (or rethrow: the `throw;`
  // in a handler is seen).
  bool TraverseCXXTryStmt(CXXTryStmt *Try) {
    for (unsigned I = 0; I < Try->getNumHandlers() && !First; ++I)
      TraverseStmt(Try->getHandler(I));
    return !First;
  }
  bool VisitExpr(Expr *E) {
    if (LambdaDepth > 0)
      return true;
    unsigned Own = Model.throwCauses(E);
    Causes |= Own;
    if (Own & Stop)
      First = E;
    return !First;
  }
  unsigned Causes = NoCause;
  const Expr *First = nullptr;

private:
  ExceptionModel &Model;
  unsigned Stop;
};
} // namespace

unsigned ExceptionModel::causesIn(const Stmt *S, unsigned Stop,
                                  const Expr **First) {
  ThrowingExprFinder Finder(*this, Stop);
  Finder.TraverseStmt(const_cast<Stmt *>(S));
  if (First)
    *First = Finder.First;
  return Finder.Causes;
}

const Expr *ExceptionModel::findMayThrow(const Stmt *S, unsigned Causes) {
  const Expr *First = nullptr;
  causesIn(S, Causes, &First);
  return First;
}

unsigned ExceptionModel::functionThrowCauses(const FunctionDecl *Def) {
  auto [It, Inserted] = FunctionMemo.try_emplace(Def, NoCause);
  if (!Inserted)
    return It->second;
  unsigned Result = NoCause;
  if (const auto *Proto = Def->getType()->getAs<FunctionProtoType>();
      !Proto || Proto->canThrow() == CT_Can) {
    if (Def->getBody())
      Result = causesIn(Def->getBody(), NoCause, nullptr);
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Def))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->getInit())
          Result |= causesIn(Init->getInit(), NoCause, nullptr);
  }
  FunctionMemo[Def] = Result;
  return Result;
}

bool mayThrow(ThreadAnalysis &Analysis, const Expr *E, unsigned Causes) {
  return (Analysis.exceptions().throwCauses(E) & Causes) != NoCause;
}

unsigned throwCauses(ThreadAnalysis &Analysis, const Expr *E) {
  return Analysis.exceptions().throwCauses(E);
}

} // namespace clang::tidy::threadleak
