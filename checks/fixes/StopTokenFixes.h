//===--- StopTokenFixes.h - threadleak --------------------------*- C++ -*-===//
//
// The mechanical rewrites that make a thread body stoppable through a
// std::stop_token, shared by every check that offers them. Each returns no
// fix when the code is not in the exact shape the rewrite handles (macros,
// loops with init statements, lambdas that already take parameters), so a
// fix is only ever offered where it compiles.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_STOPTOKENFIXES_H
#define THREADLEAK_CHECKS_STOPTOKENFIXES_H

#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace clang::tidy::threadleak {

/// The parameter name the rewrites introduce.
inline constexpr llvm::StringLiteral StopTokenName = "StopToken";

/// Rewrites the condition of the constant-true loop \p Loop to
/// `!Token.stop_requested()`: `while (true)`, `do ... while (1)`,
/// `for (;;)`.
std::optional<FixItHint> loopUntilStopRequested(const Stmt *Loop,
                                                StringRef Token,
                                                const SourceManager &SM,
                                                const LangOptions &LangOpts);

/// Gives a lambda without parameters a first parameter
/// `std::stop_token StopToken`.
std::optional<FixItHint> addStopTokenParameter(const LambdaExpr *Lambda,
                                               const SourceManager &SM,
                                               const LangOptions &LangOpts);

/// Removes the whole expression statement \p Call (with its `;` and, when
/// it stands alone on its line, the line).
std::optional<FixItHint> removeStatement(const Expr *Call,
                                         const SourceManager &SM,
                                         const LangOptions &LangOpts);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_STOPTOKENFIXES_H
