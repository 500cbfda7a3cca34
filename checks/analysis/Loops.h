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
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace clang::tidy::threadleak {

class ThreadAnalysis;

/// A loop whose condition is constant true and from which no exit is
/// reachable.
struct EndlessLoop {
  const Stmt *Loop = nullptr;
  /// Something inside the loop reads a cancellation source directly.
  bool ObservesStopDirectly = false;
  /// Functions defined in this TU that the loop calls.
  llvm::SmallVector<const FunctionDecl *, 4> Callees;
};

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
