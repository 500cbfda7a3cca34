//===--- DetachedUses.cpp - threadleak ------------------------------------===//

#include "DetachedUses.h"
#include "FunctionBodyVisitor.h"
#include "Lifetimes.h"
#include "Names.h"
#include "ThreadAnalysis.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::threadleak {

static bool isSharedPtr(QualType T) {
  return className(T.getNonReferenceType()) == "std::shared_ptr";
}

/// Whether objects of \p Class can keep themselves alive through
/// shared_from_this().
static bool isSharedFromThis(const CXXRecordDecl *Class, unsigned Depth = 0) {
  if (!Class || !Class->hasDefinition() || Depth > 8)
    return false;
  return llvm::any_of(Class->bases(), [&](const CXXBaseSpecifier &Base) {
    const CXXRecordDecl *RD = Base.getType()->getAsCXXRecordDecl();
    return RD && (qualifiedName(RD) == "std::enable_shared_from_this" ||
                  isSharedFromThis(RD, Depth + 1));
  });
}

/// The arguments the thread is started with, the callable included.
static llvm::ArrayRef<const Expr *> launchArguments(const ThreadLaunch &L) {
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(L.Launch))
    return {Construct->getArgs(), Construct->getNumArgs()};
  return {};
}

/// `std::bind(&C::run, this)` and friends: the arguments of the call the
/// callable is, if it is one.
static llvm::ArrayRef<const Expr *> boundArguments(const Expr *Callable) {
  const auto *Call = dyn_cast<CallExpr>(Callable->IgnoreImplicit());
  if (!Call || !Call->getDirectCallee())
    return {};
  std::string Name = qualifiedName(Call->getDirectCallee());
  if (Name != "std::bind" && Name != "std::bind_front")
    return {};
  return {Call->getArgs(), Call->getNumArgs()};
}

/// A local of a function (a by-value parameter too) that dies when it
/// returns.
static const VarDecl *dyingLocal(const ValueDecl *D) {
  const auto *Var = dyn_cast_or_null<VarDecl>(D);
  if (!Var || !Var->hasLocalStorage() || Var->getType()->isReferenceType() ||
      !isa<FunctionDecl>(Var->getDeclContext()))
    return nullptr;
  return Var;
}

// ===== What a detached thread uses =====

/// Whether the destructor of \p Owner, or the tear-down its test framework
/// runs before it, waits for something.
static bool destructionWaits(const CXXRecordDecl *Owner,
                             ThreadAnalysis &Analysis) {
  const SourceManager &SM = Analysis.context().getSourceManager();
  for (const FunctionDecl *F :
       {static_cast<const FunctionDecl *>(Owner->getDestructor()),
        static_cast<const FunctionDecl *>(frameworkTearDown(Owner))}) {
    if (!F || F->isImplicit() || F->isDefaulted())
      continue;
    const FunctionDecl *Def = analysableDefinition(F, SM);
    if (!Def || waitsForSomething(Def, Analysis))
      return true;
  }
  return false;
}

std::optional<OutlivedUse> findOutlivedUse(const ThreadLaunch &Launch,
                                           ThreadAnalysis &Analysis) {
  if (Launch.Kind != LaunchKind::StdThread &&
      Launch.Kind != LaunchKind::StdJThread)
    return std::nullopt;
  llvm::SmallVector<const Expr *, 4> Args(launchArguments(Launch));
  llvm::ArrayRef<const Expr *> Bound = boundArguments(Launch.Callable);
  Args.append(Bound.begin(), Bound.end());
  const LambdaExpr *Lambda = resolveLambda(Launch.Callable);
  // A shared_ptr handed to the thread keeps what it uses alive.
  if (llvm::any_of(Args,
                   [](const Expr *Arg) { return isSharedPtr(Arg->getType()); }))
    return std::nullopt;
  if (Lambda &&
      llvm::any_of(Lambda->getLambdaClass()->fields(), [](const FieldDecl *F) {
        return isSharedPtr(F->getType());
      }))
    return std::nullopt;

  SourceLocation ThisUse;
  if (Lambda)
    for (const LambdaCapture &Capture : Lambda->captures())
      if (Capture.capturesThis() && Capture.getCaptureKind() == LCK_This)
        ThisUse = Capture.getLocation();
  for (const Expr *Arg : Args)
    if (isa<CXXThisExpr>(Arg->IgnoreParenImpCasts()))
      ThisUse = Arg->getExprLoc();
  if (ThisUse.isValid()) {
    const CXXRecordDecl *Owner = owningClass(Launch);
    if (Owner && !isSharedFromThis(Owner) && !Owner->isLambda() &&
        !destructionWaits(Owner, Analysis)) {
      const CXXDestructorDecl *Dtor = Owner->getDestructor();
      OutlivedUse Use;
      Use.Kind = OutlivedUse::This;
      Use.Object = Owner;
      Use.Destructor = Dtor && !Dtor->isImplicit() ? Dtor : nullptr;
      Use.Where = ThisUse;
      return Use;
    }
  }

  // Locals by reference: a lambda's reference captures, std::ref, &Local.
  const VarDecl *Local = nullptr;
  SourceLocation Where;
  if (Lambda)
    for (const LambdaCapture &Capture : Lambda->captures())
      if (Capture.capturesVariable() && Capture.getCaptureKind() == LCK_ByRef)
        if (const VarDecl *Var = dyingLocal(Capture.getCapturedVar());
            Var && !Local) {
          Local = Var;
          Where = Capture.getLocation();
        }
  for (const Expr *Arg : Args) {
    if (Local)
      break;
    const Expr *E = Arg->IgnoreImplicit()->IgnoreParens();
    if (const auto *Call = dyn_cast<CallExpr>(E);
        Call && Call->getDirectCallee() && Call->getNumArgs() == 1) {
      std::string Name = qualifiedName(Call->getDirectCallee());
      if (Name == "std::ref" || Name == "std::cref")
        E = Call->getArg(0);
    } else if (const auto *Unary = dyn_cast<UnaryOperator>(E);
               !Unary || Unary->getOpcode() != UO_AddrOf) {
      continue;
    }
    if (const VarDecl *Var = dyingLocal(referencedDecl(E))) {
      Local = Var;
      Where = Arg->getExprLoc();
    }
  }
  if (!Local)
    return std::nullopt;
  const auto *Launcher = cast<FunctionDecl>(Local->getDeclContext());
  if (Launcher->isMain() || waitsForSomething(Launcher, Analysis))
    return std::nullopt;
  OutlivedUse Use;
  Use.Kind = OutlivedUse::LocalByReference;
  Use.Local = Local;
  Use.Launcher = Launcher;
  Use.Where = Where;
  return Use;
}

namespace {
class WaitFinder : public FunctionBodyVisitor<WaitFinder> {
public:
  bool VisitStmt(Stmt *S) {
    if (LambdaDepth > 0)
      return true;
    if (isa<WhileStmt, DoStmt, ForStmt>(S))
      Found = true;
    const auto *Call = dyn_cast<CallExpr>(S);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    if (Callee && Callee->getIdentifier() &&
        llvm::is_contained({"join", "wait", "wait_for", "wait_until", "get",
                            "acquire", "try_acquire_for", "try_acquire_until",
                            "arrive_and_wait", "sleep_for", "sleep_until",
                            "pthread_join", "sleep", "usleep", "nanosleep"},
                           Callee->getName()))
      Found = true;
    return !Found;
  }
  bool Found = false;
};
} // namespace

bool waitsForSomething(const FunctionDecl *F, ThreadAnalysis &Analysis) {
  for (auto [G, Depth] : Analysis.reachableFunctions(F)) {
    if (!Analysis.facts(G).BlockingCalls.empty())
      return true;
    WaitFinder Finder;
    Finder.TraverseStmt(G->getBody());
    if (Finder.Found)
      return true;
  }
  return false;
}

} // namespace clang::tidy::threadleak
