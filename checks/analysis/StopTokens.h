//===--- StopTokens.h - threadleak ------------------------------*- C++ -*-===//
//
// Which std::stop_token a piece of code can use, for fix-its that make a
// loop or a wait end on a stop request.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_STOPTOKENS_H
#define THREADLEAK_CHECKS_ANALYSIS_STOPTOKENS_H

#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"

namespace clang::tidy::threadleak {

/// A named std::stop_token that code at \p S in function \p F can use: a
/// parameter of \p F, a local variable declared before \p S in a block
/// enclosing it, a variable the lambda \p F captures, or a member of the
/// class whose non-static member function \p F is. Null if there is none.
const ValueDecl *stopTokenInScope(const Stmt *S, const FunctionDecl *F,
                                  const SourceManager &SM);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_STOPTOKENS_H
