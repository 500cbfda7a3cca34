//===--- DeadlineFixes.h - threadleak ---------------------------*- C++ -*-===//
//
// Rewrites that give a blocking wait a deadline, shared by every check that
// offers them. A timed wait can expire, and code written for the untimed one
// would then go on as if it had been signalled (pop from an empty queue,
// release a semaphore it never acquired). So the rewrite also ends the
// function when the deadline passes, and is only offered where that is a
// plain `return;`: the wait is a statement of its own in a function that
// returns void.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_DEADLINEFIXES_H
#define THREADLEAK_CHECKS_DEADLINEFIXES_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace clang::tidy::threadleak {

/// `cv.wait(Lock, Pred);` in \p F ->
/// `if (!cv.wait_for(Lock, Timeout, Pred)) return;`, and
/// `sem.acquire();` -> `if (!sem.try_acquire_for(Timeout)) return;`.
/// None when \p Wait is neither, is not a statement of its own directly in
/// a block of \p F, \p F does not return void, or the code comes from a
/// macro.
std::optional<llvm::SmallVector<FixItHint, 4>>
timedWaitOrReturn(const CallExpr *Wait, const FunctionDecl *F,
                  StringRef Timeout, ASTContext &Context);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_DEADLINEFIXES_H
