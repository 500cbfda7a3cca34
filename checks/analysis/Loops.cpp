//===--- Loops.cpp - threadleak -------------------------------------------===//

#include "Loops.h"
#include "FunctionBodyVisitor.h"
#include "StopSources.h"
#include "SystemHeaders.h"
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

  // An inner loop already scanned (the facts walk records loops inner
  // first) is merged, not walked again for every loop around it.
  // NOLINTBEGIN(bugprone-macro-parentheses)
#define NESTED_LOOP(CLASS)                                                     \
  bool Traverse##CLASS(CLASS *S) {                                             \
    if (const LoopScan *Inner = Analysis.knownLoopScan(S);                     \
        Inner && LambdaDepth == 0) {                                           \
      merge(*Inner);                                                           \
      return true;                                                             \
    }                                                                          \
    return FunctionBodyVisitor::Traverse##CLASS(S);                            \
  }
  NESTED_LOOP(WhileStmt)
  NESTED_LOOP(DoStmt)
  NESTED_LOOP(ForStmt)
#undef NESTED_LOOP
  // NOLINTEND(bugprone-macro-parentheses)

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

  /// Branches are tracked around their children, so that a read of a
  /// stop flag can be told from a read that a branch depends on.
  bool dataTraverseStmtPre(Stmt *S) {
    if (!Branches.empty() && S == Branches.back().Condition)
      Branches.back().InCondition = true;
    if (const Stmt *Condition = branchCondition(S))
      Branches.push_back({S, Condition});
    return true;
  }
  bool dataTraverseStmtPost(Stmt *S) {
    if (!Branches.empty() && S == Branches.back().Branch) {
      if (Branches.back().ReadsStop && Branches.back().CallsOpaque)
        Result.Loop.ObservesStopDirectly = true;
      Branches.pop_back();
    }
    if (!Branches.empty() && S == Branches.back().Condition)
      Branches.back().InCondition = false;
    return true;
  }

  bool VisitStmt(Stmt *S) {
    if (StopObservation Kind = stopObservation(S, Scope, Analysis);
        Kind != StopObservation::None)
      observe(S, Kind);
    if (const auto *Call = dyn_cast<CallExpr>(S); Call && isOpaque(Call))
      callsOpaque();
    if (LambdaDepth > 0)
      return true;
    if (isa<ReturnStmt, CoreturnStmt, CXXThrowExpr, IndirectGotoStmt,
            CoawaitExpr, CoyieldExpr>(S))
      Result.LeavesEnclosing = true;
    else if (isa<BreakStmt>(S) && BreakDepth == 0)
      Result.Breaks = true;
    else if (const auto *Goto = dyn_cast<GotoStmt>(S))
      Result.GotoTargets.insert(Goto->getLabel()->getStmt());
    else if (const auto *Label = dyn_cast<LabelStmt>(S))
      Result.Labels.insert(Label);
    else if (const auto *Call = dyn_cast<CallExpr>(S)) {
      // A failed assertion or abort() crashes the process: it is no way out
      // of the loop, or every debug build would hide its endless loops.
      CallEnd End = Analysis.callEnd(Call);
      if (End == CallEnd::Exits || End == CallEnd::MayExit)
        Result.LeavesEnclosing = true;
      else if (End == CallEnd::MayThrow && AbsorbingTries == 0)
        Result.MayThrowOut = true;
      else if (End == CallEnd::Returns)
        if (const FunctionDecl *Callee = analysableDefinition(
                Call->getDirectCallee(), Analysis.context().getSourceManager()))
          addCallee(Callee);
    }
    return true;
  }

  /// Scans the body of \p LoopStmt.
  LoopScan scan(const Stmt *LoopStmt) {
    Result.Loop.Loop = LoopStmt;
    TraverseStmt(const_cast<Stmt *>(loopBody(LoopStmt)));
    return std::move(Result);
  }

private:
  /// A branch inside the loop (an if, a switch, `?:`, `&&`, `||`, an inner
  /// loop) being walked.
  struct Branch {
    const Stmt *Branch;
    const Stmt *Condition;
    bool InCondition = false;
    /// Its condition reads a cancellation source.
    bool ReadsStop = false;
    /// The code it controls calls a function the TU does not show.
    bool CallsOpaque = false;
  };

  /// The condition of a statement that chooses what runs next, or null.
  static const Stmt *branchCondition(const Stmt *S) {
    if (const auto *If = dyn_cast<IfStmt>(S))
      return If->getCond();
    if (const auto *Switch = dyn_cast<SwitchStmt>(S))
      return Switch->getCond();
    if (const auto *Conditional = dyn_cast<ConditionalOperator>(S))
      return Conditional->getCond();
    if (const auto *Binary = dyn_cast<BinaryOperator>(S);
        Binary && Binary->isLogicalOp())
      return Binary->getLHS();
    if (isa<WhileStmt, DoStmt, ForStmt>(S))
      return loopCondition(S);
    return nullptr;
  }

  /// A call into code the translation unit does not show, which may end
  /// the thread: through a pointer, or to a function declared here but
  /// defined elsewhere. The standard library's functions return.
  bool isOpaque(const CallExpr *Call) const {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return !isa<CXXPseudoDestructorExpr>(Call->getCallee());
    const SourceManager &SM = Analysis.context().getSourceManager();
    if (isInSystemHeader(Callee, SM))
      return false;
    return !Callee->isDefined() && !Callee->isImplicit();
  }

  /// A cancellation point, a stop token handed to a library call or a
  /// stop_callback act on the request themselves; a read of a flag or of
  /// stop_requested() counts only for a branch whose condition it is in.
  void observe(const Stmt *S, StopObservation Kind) {
    if (Kind == StopObservation::Acts) {
      Result.Loop.ObservesStopDirectly = true;
      return;
    }
    for (Branch &B : Branches)
      if (B.InCondition)
        B.ReadsStop = true;
    if (!Result.Loop.IgnoredStopRead && !readsCounterOrMeasurement(S, Analysis))
      Result.Loop.IgnoredStopRead = S;
  }

  void callsOpaque() {
    Result.CallsOpaque = true;
    for (Branch &B : Branches)
      if (!B.InCondition)
        B.CallsOpaque = true;
  }

  void addCallee(const FunctionDecl *Callee) {
    if (SeenCallees.insert(Callee).second)
      Result.Loop.Callees.push_back(Callee);
  }

  /// An inner loop's findings, as if its body had been walked here: its
  /// own breaks end only it.
  void merge(const LoopScan &Inner) {
    Result.LeavesEnclosing |= Inner.LeavesEnclosing;
    if (Inner.MayThrowOut && AbsorbingTries == 0)
      Result.MayThrowOut = true;
    Result.GotoTargets.insert(Inner.GotoTargets.begin(),
                              Inner.GotoTargets.end());
    Result.Labels.insert(Inner.Labels.begin(), Inner.Labels.end());
    if (Inner.CallsOpaque)
      callsOpaque();
    Result.Loop.ObservesStopDirectly |= Inner.Loop.ObservesStopDirectly;
    if (!Result.Loop.IgnoredStopRead)
      Result.Loop.IgnoredStopRead = Inner.Loop.IgnoredStopRead;
    for (const FunctionDecl *Callee : Inner.Loop.Callees)
      addCallee(Callee);
  }

  ThreadAnalysis &Analysis;
  const DeclContext *Scope;
  LoopScan Result;
  llvm::SmallVector<Branch, 8> Branches;
  unsigned AbsorbingTries = 0;
  llvm::SmallPtrSet<const FunctionDecl *, 8> SeenCallees;
};

} // namespace

bool LoopScan::hasExit() const {
  return LeavesEnclosing || MayThrowOut || Breaks ||
         llvm::any_of(GotoTargets, [&](const LabelStmt *Target) {
           return !Labels.contains(Target);
         });
}

LoopScan scanLoop(const Stmt *Loop, const DeclContext *Scope,
                  ThreadAnalysis &Analysis) {
  return LoopScanner(Analysis, Scope).scan(Loop);
}

std::optional<EndlessLoop> findEndlessLoop(const Stmt *Loop,
                                           const DeclContext *Scope,
                                           ThreadAnalysis &Analysis) {
  if (!isConstantTrueLoop(Loop, Analysis.context()))
    return std::nullopt;
  const LoopScan &Scan = Analysis.loopScan(Loop, Scope);
  if (Scan.hasExit())
    return std::nullopt;
  return Scan.Loop;
}

} // namespace clang::tidy::threadleak
