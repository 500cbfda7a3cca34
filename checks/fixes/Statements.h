//===--- Statements.h - threadleak ------------------------------*- C++ -*-===//
//
// Where a fix-it may rewrite or remove an expression: only where it is a
// statement of its own.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_FIXES_STATEMENTS_H
#define THREADLEAK_CHECKS_FIXES_STATEMENTS_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

namespace clang::tidy::threadleak {

/// Whether \p E is a full statement directly inside a block of \p F: what
/// lies between it and the block is only the implicit nodes of an
/// expression statement. Walks \p F's body (a fix-it's cost, paid only when
/// reporting) instead of building the AST's parent map.
bool isPlainStatement(const Expr *E, const FunctionDecl *F);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_FIXES_STATEMENTS_H
