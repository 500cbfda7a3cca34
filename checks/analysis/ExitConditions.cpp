//===--- ExitConditions.cpp - threadleak ----------------------------------===//

#include "ExitConditions.h"
#include "FunctionBodyVisitor.h"
#include "Loops.h"
#include "ThreadAnalysis.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
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
    if (LambdaDepth == 0 &&
        (leavesLoop(If->getThen()) || leavesLoop(If->getElse())))
      Conditions.push_back(If->getCond());
    return true;
  }
  llvm::SmallVector<const Expr *, 4> Conditions;
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
    for (const Expr *Condition : Branches.Conditions)
      Collector.collect(Condition, 0);
  }
  llvm::erase_if(Reads, [&](const ValueDecl *D) {
    return D == Wait.Object || D == Wait.Mutex;
  });
  return Reads;
}

} // namespace clang::tidy::threadleak
