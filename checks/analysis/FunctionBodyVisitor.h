//===--- FunctionBodyVisitor.h - threadleak ---------------------*- C++ -*-===//
//
// The walk every per-function fact is computed with: the statements of one
// function, counting the lambdas, the break targets (loops, switches) and
// the loops it is inside, and skipping local classes.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_FUNCTIONBODYVISITOR_H
#define THREADLEAK_CHECKS_ANALYSIS_FUNCTIONBODYVISITOR_H

#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::threadleak {

/// Walks statements of one function. Counts the lambdas it is inside (their
/// bodies run only if someone calls them) and skips local classes (their
/// methods are functions of their own).
template <typename Derived>
class FunctionBodyVisitor : public RecursiveASTVisitor<Derived> {
  using Base = RecursiveASTVisitor<Derived>;

public:
  bool TraverseLambdaExpr(LambdaExpr *L) {
    ++LambdaDepth;
    bool Result = Base::TraverseLambdaExpr(L);
    --LambdaDepth;
    return Result;
  }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }

// CLASS names a statement class; it cannot be parenthesized.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define NESTED_BREAK_TARGET(CLASS, LOOPS)                                      \
  bool Traverse##CLASS(CLASS *S) {                                             \
    ++BreakDepth;                                                              \
    LoopDepth += LOOPS;                                                        \
    bool Result = Base::Traverse##CLASS(S);                                    \
    LoopDepth -= LOOPS;                                                        \
    --BreakDepth;                                                              \
    return Result;                                                             \
  }
  NESTED_BREAK_TARGET(WhileStmt, 1)
  NESTED_BREAK_TARGET(DoStmt, 1)
  NESTED_BREAK_TARGET(ForStmt, 1)
  NESTED_BREAK_TARGET(CXXForRangeStmt, 1)
  NESTED_BREAK_TARGET(SwitchStmt, 0)
#undef NESTED_BREAK_TARGET
  // NOLINTEND(bugprone-macro-parentheses)

protected:
  unsigned LambdaDepth = 0;
  /// Loops and switches entered: a `break` at depth 0 leaves the statement
  /// the walk started in.
  unsigned BreakDepth = 0;
  /// Loops entered: what is inside one may happen many times.
  unsigned LoopDepth = 0;

private:
  FunctionBodyVisitor() = default;
  friend Derived;
};

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_FUNCTIONBODYVISITOR_H
