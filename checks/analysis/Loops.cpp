//===--- Loops.cpp - threadleak -------------------------------------------===//

#include "Loops.h"
#include "FunctionBodyVisitor.h"
#include "StopSources.h"
#include "ThreadAnalysis.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Sequence.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::threadleak {

const Expr *loopCondition(const Stmt *Loop) {
  if (const auto *While = dyn_cast<WhileStmt>(Loop))
    return While->getCond();
  if (const auto *Do = dyn_cast<DoStmt>(Loop))
    return Do->getCond();
  if (const auto *For = dyn_cast<ForStmt>(Loop))
    return For->getCond();
  return nullptr;
}

const Stmt *loopBody(const Stmt *Loop) {
  if (const auto *While = dyn_cast<WhileStmt>(Loop))
    return While->getBody();
  if (const auto *Do = dyn_cast<DoStmt>(Loop))
    return Do->getBody();
  if (const auto *For = dyn_cast<ForStmt>(Loop))
    return For->getBody();
  return nullptr;
}

bool isConstantTrueLoop(const Stmt *Loop, const ASTContext &Ctx) {
  if (const auto *While = dyn_cast<WhileStmt>(Loop))
    if (While->getConditionVariable())
      return false;
  if (const auto *For = dyn_cast<ForStmt>(Loop))
    if (For->getConditionVariable())
      return false;
  if (!isa<WhileStmt, DoStmt, ForStmt>(Loop))
    return false;
  const Expr *Cond = loopCondition(Loop);
  if (!Cond)
    return true; // for (;;)
  if (Cond->isValueDependent() || Cond->isTypeDependent())
    return false;
  bool Value = false;
  return Cond->EvaluateAsBooleanCondition(Value, Ctx) && Value;
}

namespace {

/// Walks one loop's body: can control leave the loop, does it read a
/// cancellation source, which functions does it call.
class LoopScanner : public FunctionBodyVisitor<LoopScanner> {

public:
  LoopScanner(ThreadAnalysis &Analysis, const DeclContext *Scope)
      : Analysis(Analysis), Scope(Scope) {}

  /// An exception a callee throws inside `try { ... } catch (...)` stays in
  /// the loop.
  bool TraverseCXXTryStmt(CXXTryStmt *Try) {
    bool CatchesAll =
        llvm::any_of(llvm::seq(0U, Try->getNumHandlers()), [&](unsigned I) {
          return !Try->getHandler(I)->getExceptionDecl();
        });
    AbsorbingTries += CatchesAll;
    bool Result = TraverseStmt(Try->getTryBlock());
    AbsorbingTries -= CatchesAll;
    for (unsigned I = 0; Result && I < Try->getNumHandlers(); ++I)
      Result = TraverseStmt(Try->getHandler(I));
    return Result;
  }

  bool VisitStmt(Stmt *S) {
    if (!Loop.ObservesStopDirectly && isStopObservation(S, Scope, Analysis))
      Loop.ObservesStopDirectly = true;
    if (LambdaDepth > 0)
      return true;
    if (isa<ReturnStmt, CoreturnStmt, CXXThrowExpr, IndirectGotoStmt,
            CoawaitExpr, CoyieldExpr>(S) ||
        (isa<BreakStmt>(S) && BreakDepth == 0))
      HasExit = true;
    else if (const auto *Goto = dyn_cast<GotoStmt>(S))
      GotoTargets.insert(Goto->getLabel()->getStmt());
    else if (const auto *Label = dyn_cast<LabelStmt>(S))
      Labels.insert(Label);
    else if (const auto *Call = dyn_cast<CallExpr>(S)) {
      // A failed assertion or abort() crashes the process: it is no way out
      // of the loop, or every debug build would hide its endless loops.
      CallEnd End = Analysis.callEnd(Call);
      if (End == CallEnd::Exits ||
          (End == CallEnd::MayThrow && AbsorbingTries == 0))
        HasExit = true;
      else if (End == CallEnd::Returns)
        if (const FunctionDecl *Callee = analysableDefinition(
                Call->getDirectCallee(), Analysis.context().getSourceManager()))
          Loop.Callees.push_back(Callee);
    }
    return true;
  }

  /// Scans \p Body of \p LoopStmt; returns the loop if it has no exit.
  std::optional<EndlessLoop> scan(const Stmt *LoopStmt) {
    Loop.Loop = LoopStmt;
    TraverseStmt(const_cast<Stmt *>(loopBody(LoopStmt)));
    for (const LabelStmt *Target : GotoTargets)
      if (!Labels.contains(Target))
        HasExit = true;
    if (HasExit)
      return std::nullopt;
    return Loop;
  }

private:
  ThreadAnalysis &Analysis;
  const DeclContext *Scope;
  EndlessLoop Loop;
  unsigned AbsorbingTries = 0;
  bool HasExit = false;
  llvm::SmallPtrSet<const LabelStmt *, 4> GotoTargets;
  llvm::SmallPtrSet<const LabelStmt *, 4> Labels;
};

} // namespace

std::optional<EndlessLoop> findEndlessLoop(const Stmt *Loop,
                                           const DeclContext *Scope,
                                           ThreadAnalysis &Analysis) {
  if (!isConstantTrueLoop(Loop, Analysis.context()))
    return std::nullopt;
  return LoopScanner(Analysis, Scope).scan(Loop);
}

} // namespace clang::tidy::threadleak
