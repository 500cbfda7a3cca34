//===--- StatementWalk.h - threadleak ---------------------------*- C++ -*-===//
//
// The statements of one function's own code, for a quick scan: every
// statement under a root, pre-order, without the bodies of the lambdas it
// defines (they run only when someone calls them). For facts kept per
// function use ThreadAnalysis::facts; this is for one-off questions (what a
// timeout path does, what a guard's initializer holds).
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_STATEMENTWALK_H
#define THREADLEAK_CHECKS_ANALYSIS_STATEMENTWALK_H

#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"

namespace clang::tidy::threadleak {

/// Calls \p Visit on \p S and every statement under it, pre-order, not
/// looking into lambda expressions.
template <typename Fn> void forEachStmt(const Stmt *S, Fn &&Visit) {
  if (!S || isa<LambdaExpr>(S))
    return;
  Visit(S);
  for (const Stmt *Child : S->children())
    forEachStmt(Child, Visit);
}

/// The same, also into the bodies of lambda expressions.
template <typename Fn> void forEachStmtDeep(const Stmt *S, Fn &&Visit) {
  if (!S)
    return;
  Visit(S);
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
    forEachStmtDeep(Lambda->getBody(), Visit);
    return;
  }
  for (const Stmt *Child : S->children())
    forEachStmtDeep(Child, Visit);
}

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_STATEMENTWALK_H
