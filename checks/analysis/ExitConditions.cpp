//===--- ExitConditions.cpp - threadleak ----------------------------------===//

#include "ExitConditions.h"
#include "FunctionBodyVisitor.h"
#include "Loops.h"
#include "Names.h"
#include "SyncEffects.h"
#include "ThreadAnalysis.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::threadleak {

namespace {

/// Collects what a condition reads, and what the functions it calls read,
/// within the call depth.
class ReadCollector : public RecursiveASTVisitor<ReadCollector> {
public:
  ReadCollector(ThreadAnalysis &Analysis,
                llvm::SmallVector<const ValueDecl *, 4> &Out)
      : Analysis(Analysis), Out(Out) {}

  void collect(const Stmt *S, unsigned Depth) {
    if (!S)
      return;
    unsigned Saved = CurrentDepth;
    CurrentDepth = Depth;
    TraverseStmt(const_cast<Stmt *>(S));
    CurrentDepth = Saved;
  }

  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    // The condition's own locals change with it; what it reads from outside
    // is what another thread can change.
    if (Var && !(Var->isLocalVarDeclOrParm() &&
                 Visited.contains(Var->getDeclContext())))
      add(Var);
    return true;
  }

  bool VisitMemberExpr(MemberExpr *Member) {
    if (const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl()))
      add(Field);
    return true;
  }

  bool VisitCallExpr(CallExpr *Call) {
    if (CurrentDepth >= Analysis.maxCallDepth())
      return true;
    for (const FunctionDecl *Target : Analysis.callTargets(Call))
      if (Visited.insert(Target).second)
        collect(Target->getBody(), CurrentDepth + 1);
    return true;
  }

  bool TraverseLambdaExpr(LambdaExpr *Lambda) {
    Visited.insert(Lambda->getCallOperator());
    return TraverseStmt(Lambda->getBody());
  }

  llvm::SmallPtrSet<const DeclContext *, 8> Visited;

private:
  void add(const ValueDecl *D) {
    if (!llvm::is_contained(Out, D))
      Out.push_back(D);
  }

  ThreadAnalysis &Analysis;
  llvm::SmallVector<const ValueDecl *, 4> &Out;
  unsigned CurrentDepth = 0;
};

/// Whether a branch leaves the loop it is in: return, throw, or a break
/// that is not inside a nested loop or switch.
class ExitFinder : public FunctionBodyVisitor<ExitFinder> {

public:
  bool VisitStmt(Stmt *S) {
    if (LambdaDepth == 0 && (isa<ReturnStmt, CXXThrowExpr>(S) ||
                             (isa<BreakStmt>(S) && BreakDepth == 0)))
      Found = true;
    return !Found;
  }
  bool Found = false;

private:
};

} // namespace

static bool leavesLoop(const Stmt *Branch) {
  if (!Branch)
    return false;
  ExitFinder Finder;
  Finder.TraverseStmt(const_cast<Stmt *>(Branch));
  return Finder.Found;
}

namespace {

/// The conditions of the `if` statements in a loop body that leave the
/// loop.
class ExitBranchCollector : public FunctionBodyVisitor<ExitBranchCollector> {
public:
  bool VisitIfStmt(IfStmt *If) {
    if (LambdaDepth > 0)
      return true;
    if (leavesLoop(If->getThen()))
      Conditions.push_back({If->getCond(), true});
    else if (leavesLoop(If->getElse()))
      Conditions.push_back({If->getCond(), false});
    return true;
  }
  /// Each condition, and the value it has when its branch leaves the loop.
  llvm::SmallVector<std::pair<const Expr *, bool>, 4> Conditions;
};

} // namespace

llvm::SmallVector<const ValueDecl *, 4>
exitConditionReads(const BlockingCall &Wait, ThreadAnalysis &Analysis) {
  llvm::SmallVector<const ValueDecl *, 4> Reads;
  ReadCollector Collector(Analysis, Reads);
  // A wait with a predicate returns only once the predicate holds; one
  // without returns on any wake, and its loop then decides.
  if (Wait.Predicate) {
    Collector.collect(Wait.Predicate, 0);
  } else if (const Stmt *Loop = Wait.EnclosingLoop) {
    Collector.collect(loopCondition(Loop), 0);
    ExitBranchCollector Branches;
    Branches.TraverseStmt(const_cast<Stmt *>(loopBody(Loop)));
    for (const auto &Branch : Branches.Conditions)
      Collector.collect(Branch.first, 0);
  }
  llvm::erase_if(Reads, [&](const ValueDecl *D) {
    return D == Wait.Object || D == Wait.Mutex;
  });
  return Reads;
}

static bool isFlagRead(const Expr *E, const ValueDecl *Flag) {
  E = E->IgnoreImplicit()->IgnoreParenImpCasts();
  // An atomic's load() or its conversion to the value type.
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (Method && (isa<CXXConversionDecl>(Method) ||
                   (Method->getIdentifier() && Method->getName() == "load")))
      E = Call->getImplicitObjectArgument();
  }
  return referencedDecl(E) == Flag;
}

/// Adds to \p Tests what \p Flag must be for \p E to have the value \p
/// Want, where \p E tests it as a boolean or compares it with a constant.
static void flagTests(const Expr *E, const ValueDecl *Flag, bool Want,
                      const ASTContext &Context,
                      llvm::SmallVectorImpl<FlagExit> &Tests) {
  E = E->IgnoreImplicit()->IgnoreParenImpCasts();
  if (const auto *Op = dyn_cast<UnaryOperator>(E);
      Op && Op->getOpcode() == UO_LNot) {
    flagTests(Op->getSubExpr(), Flag, !Want, Context, Tests);
    return;
  }
  if (const auto *Op = dyn_cast<BinaryOperator>(E)) {
    if (Op->isLogicalOp()) {
      flagTests(Op->getLHS(), Flag, Want, Context, Tests);
      flagTests(Op->getRHS(), Flag, Want, Context, Tests);
      return;
    }
    if (Op->isEqualityOp()) {
      const Expr *Constant = nullptr;
      if (isFlagRead(Op->getLHS(), Flag))
        Constant = Op->getRHS();
      else if (isFlagRead(Op->getRHS(), Flag))
        Constant = Op->getLHS();
      if (std::optional<int64_t> Value =
              Constant ? constantValue(Constant) : std::nullopt) {
        std::string Spelling =
            Lexer::getSourceText(
                CharSourceRange::getTokenRange(Constant->getSourceRange()),
                Context.getSourceManager(), Context.getLangOpts())
                .str();
        Tests.push_back(
            {(Op->getOpcode() == BO_EQ) == Want, *Value, std::move(Spelling)});
      }
      return;
    }
  }
  if (isFlagRead(E, Flag))
    Tests.push_back({true, Want ? 1 : 0, Want ? "true" : "false"});
}

bool isStateFlag(const ValueDecl *D) {
  QualType T = D->getType();
  return !T->isReferenceType() && (T->isIntegralOrEnumerationType() ||
                                   isAtomicBool(T) || isAtomicInteger(T));
}

std::optional<FlagExit> exitTest(const BlockingCall &Wait,
                                 const ValueDecl *Flag, ASTContext &Context) {
  llvm::SmallVector<FlagExit, 2> Tests;
  if (Wait.Predicate) {
    const auto *Lambda =
        dyn_cast<LambdaExpr>(Wait.Predicate->IgnoreImplicit()->IgnoreParens());
    if (!Lambda)
      return std::nullopt;
    for (const Stmt *S : Lambda->getCompoundStmtBody()->body())
      if (const auto *Return = dyn_cast<ReturnStmt>(S);
          Return && Return->getRetValue())
        flagTests(Return->getRetValue(), Flag, true, Context, Tests);
  } else if (const Stmt *Loop = Wait.EnclosingLoop) {
    // The loop goes on waiting while its condition holds.
    if (const Expr *Condition = loopCondition(Loop))
      flagTests(Condition, Flag, false, Context, Tests);
    ExitBranchCollector Branches;
    Branches.TraverseStmt(const_cast<Stmt *>(loopBody(Loop)));
    for (const auto &[Condition, Leaves] : Branches.Conditions)
      flagTests(Condition, Flag, Leaves, Context, Tests);
  }
  if (Tests.empty() || llvm::any_of(Tests, [&](const FlagExit &Test) {
        return Test.Equals != Tests.front().Equals ||
               Test.Value != Tests.front().Value;
      }))
    return std::nullopt;
  return Tests.front();
}

} // namespace clang::tidy::threadleak
