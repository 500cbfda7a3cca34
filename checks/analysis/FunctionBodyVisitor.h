//===--- FunctionBodyVisitor.h - threadleak ---------------------*- C++ -*-===//
//
// The walk every per-function fact is computed with: the statements of one
// function, counting the lambdas it is inside and skipping local classes.
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

protected:
  unsigned LambdaDepth = 0;

private:
  FunctionBodyVisitor() = default;
  friend Derived;
};

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_FUNCTIONBODYVISITOR_H
