//===--- Exceptions.cpp - threadleak --------------------------------------===//

#include "Exceptions.h"
#include "FunctionBodyVisitor.h"
#include "Names.h"
#include "ThreadAnalysis.h"
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

/// Library functions that throw as part of their contract, beyond running
/// out of memory.
static bool isThrowingLibraryFunction(const FunctionDecl *F, const Expr *Site) {
  if (!F->getIdentifier() && !isa<CXXMethodDecl>(F))
    return false;
  std::string Name = qualifiedName(F);
  if (!StringRef(Name).starts_with("std::"))
    return false;
  const auto *Method = dyn_cast<CXXMethodDecl>(F);
  if (Method) {
    std::string Class = qualifiedName(Method->getParent());
    if (isa<CXXConstructorDecl>(Method))
      // Starting a thread; the default and move constructors are noexcept
      // and are filtered out before.
      return isThreadClass(Class);
    if (Method->getOverloadedOperator() == OO_Call)
      return Class == "std::function" || Class == "std::move_only_function";
    if (!Method->getIdentifier())
      return false;
    StringRef Member = Method->getName();
    if (Member == "at")
      return true;
    if (Member == "get")
      return Class == "std::future" || Class == "std::shared_future";
    if (Member == "value")
      return Class == "std::optional" || Class == "std::expected";
    if (llvm::is_contained({"emplace_back", "emplace_front", "emplace",
                            "push_back", "push_front", "insert"},
                           Member))
      return isContainerOfThreads(Method->getParent());
    return false;
  }
  if (llvm::is_contained({"std::stoi", "std::stol", "std::stoll", "std::stoul",
                          "std::stoull", "std::stof", "std::stod", "std::stold",
                          "std::any_cast", "std::rethrow_exception",
                          "std::throw_with_nested", "std::rethrow_if_nested"},
                         Name))
    return true;
  if (Name == "std::get" || Name == "std::visit") {
    const auto *Call = dyn_cast<CallExpr>(Site);
    return Call && llvm::any_of(Call->arguments(), [](const Expr *Arg) {
             return className(Arg->getType()) == "std::variant";
           });
  }
  return false;
}

bool ExceptionModel::calleeMayThrow(const FunctionDecl *Callee,
                                    const Expr *Site) {
  if (Callee->getBuiltinID() || Callee->isExternC() ||
      isa<CXXDestructorDecl>(Callee))
    return false;
  if (const auto *Proto = Callee->getType()->getAs<FunctionProtoType>()) {
    // An exception specification not computed yet (an implicit member
    // nobody asked about) is that of a defaulted function: assume noexcept.
    if (Proto->canThrow() != CT_Can)
      return false;
  }
  const SourceManager &SM = Analysis.context().getSourceManager();
  if (const FunctionDecl *Def = analysableDefinition(Callee, SM))
    return functionMayThrow(Def);
  if (SM.isInSystemHeader(Callee->getLocation()))
    return isThrowingLibraryFunction(Callee, Site);
  // The project's own function, defined in another file (or an implicit
  // member, which throws only what its parts throw).
  return !Callee->isImplicit();
}

bool ExceptionModel::mayThrow(const Expr *E) {
  if (isa<CXXThrowExpr>(E))
    return true;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    return Ctor && !Ctor->isTrivial() && calleeMayThrow(Ctor, E);
  }
  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call)
    return false;
  if (const FunctionDecl *Callee = Call->getDirectCallee()) {
    if (calleeMayThrow(Callee, E))
      return true;
    // A virtual call or a call through a std::function runs what the
    // translation unit puts there.
    if (!isa<CXXMethodDecl>(Callee) ||
        (!cast<CXXMethodDecl>(Callee)->isVirtual() &&
         Callee->getOverloadedOperator() != OO_Call))
      return false;
  }
  // A call through a function pointer runs what the translation unit
  // stores in it; an unknown target is C-style code more often than not.
  return llvm::any_of(Analysis.callTargets(Call), [&](const FunctionDecl *F) {
    return functionMayThrow(F);
  });
}

namespace {
/// The first expression of a statement that may throw.
class ThrowingExprFinder : public FunctionBodyVisitor<ThrowingExprFinder> {
public:
  explicit ThrowingExprFinder(ExceptionModel &Model) : Model(Model) {}
  // What a try block throws, its handlers catch (or rethrow: the `throw;`
  // in a handler is seen).
  bool TraverseCXXTryStmt(CXXTryStmt *Try) {
    for (unsigned I = 0; I < Try->getNumHandlers() && !Found; ++I)
      TraverseStmt(Try->getHandler(I));
    return !Found;
  }
  bool VisitExpr(Expr *E) {
    if (LambdaDepth == 0 && Model.mayThrow(E))
      Found = E;
    return !Found;
  }
  const Expr *Found = nullptr;

private:
  ExceptionModel &Model;
};
} // namespace

const Expr *ExceptionModel::findMayThrow(const Stmt *S) {
  ThrowingExprFinder Finder(*this);
  Finder.TraverseStmt(const_cast<Stmt *>(S));
  return Finder.Found;
}

bool ExceptionModel::functionMayThrow(const FunctionDecl *Def) {
  auto [It, Inserted] = FunctionMemo.try_emplace(Def, false);
  if (!Inserted)
    return It->second;
  bool Result = false;
  if (const auto *Proto = Def->getType()->getAs<FunctionProtoType>();
      !Proto || Proto->canThrow() == CT_Can) {
    Result = Def->getBody() && findMayThrow(Def->getBody());
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Def); Ctor && !Result)
      Result = llvm::any_of(Ctor->inits(), [&](const CXXCtorInitializer *Init) {
        return Init->getInit() && findMayThrow(Init->getInit());
      });
  }
  FunctionMemo[Def] = Result;
  return Result;
}

bool mayThrow(ThreadAnalysis &Analysis, const Expr *E) {
  return Analysis.exceptions().mayThrow(E);
}

const Expr *findMayThrow(ThreadAnalysis &Analysis, const Stmt *S) {
  return Analysis.exceptions().findMayThrow(S);
}

} // namespace clang::tidy::threadleak
