//===--- Loops.h - threadleak -----------------------------------*- C++ -*-===//
//
// What "runs forever" means for a loop: a constant-true condition and no
// way out (break, return, throw, goto out, a call that exits the thread or
// the process normally, a callee that throws); a failed assertion or abort()
// is not a way out.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_LOOPS_H
#define THREADLEAK_CHECKS_ANALYSIS_LOOPS_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace clang::tidy::threadleak {

class ThreadAnalysis;

/// A loop whose condition is constant true and from which no exit is
/// reachable.
struct EndlessLoop {
  const Stmt *Loop = nullptr;
  /// Something inside the loop observes a cancellation source directly in a
  /// way that may end the thread: a cancellation point, a stop token handed
  /// to a library call, or a read in the condition of a branch whose code
  /// calls a function the translation unit does not show (it may exit).
  bool ObservesStopDirectly = false;
  /// A read of a cancellation source in the loop that no exit depends on (a
  /// status logged, a flag tested only to skip a step), if any.
  const Stmt *IgnoredStopRead = nullptr;
  /// Functions defined in this TU that the loop calls.
  llvm::SmallVector<const FunctionDecl *, 4> Callees;
  /// The index in FunctionFacts::EndlessLoops of the innermost endless loop
  /// around this one in its function, or -1.
  int Enclosing = -1;
};

/// What a walk of one loop's body found. A loop around it reuses it instead
/// of walking the inner loop again, so nested loops cost linear time.
struct LoopScan {
  /// The loop as an EndlessLoop (its stop observations and callees), should
  /// it have no exit.
  EndlessLoop Loop;
  /// A return, throw, co_await, co_yield, indirect goto or a call that
  /// never returns: it leaves every loop around it too.
  bool LeavesEnclosing = false;
  /// A call that may throw, outside any `catch (...)` within the loop.
  bool MayThrowOut = false;
  /// A break of this loop itself.
  bool Breaks = false;
  /// A call into code the translation unit does not show.
  bool CallsOpaque = false;
  llvm::SmallPtrSet<const LabelStmt *, 2> GotoTargets;
  llvm::SmallPtrSet<const LabelStmt *, 2> Labels;

  /// Whether control can leave the loop.
  bool hasExit() const;
};

/// Walks \p Loop's body, written in \p Scope; ThreadAnalysis::loopScan
/// keeps the result.
LoopScan scanLoop(const Stmt *Loop, const DeclContext *Scope,
                  ThreadAnalysis &Analysis);

/// The condition of a while, do or for loop; null for `for (;;)` and other
/// statements.
const Expr *loopCondition(const Stmt *Loop);

/// The body of a while, do, for or range-for loop; null otherwise.
const Stmt *loopBody(const Stmt *Loop);

/// A while, do or for loop whose condition is constant true.
bool isConstantTrueLoop(const Stmt *Loop, const ASTContext &Ctx);

/// \p Loop, written in \p Scope, as an EndlessLoop when its condition is
/// constant true and nothing leaves it; nullopt otherwise.
std::optional<EndlessLoop> findEndlessLoop(const Stmt *Loop,
                                           const DeclContext *Scope,
                                           ThreadAnalysis &Analysis);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_LOOPS_H
