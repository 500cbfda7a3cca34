//===--- LockFixes.h - threadleak -------------------------------*- C++ -*-===//
//
// Fix-its that put a statement under a mutex.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_FIXES_LOCKFIXES_H
#define THREADLEAK_CHECKS_FIXES_LOCKFIXES_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace clang::tidy::threadleak {

/// Wraps the expression statement \p Store of \p F in a block holding \p
/// Mutex: `{ std::lock_guard<std::mutex> Lock(M); Store; }`, or between
/// pthread_mutex_lock and pthread_mutex_unlock for a pthread_mutex_t. None
/// when \p Store is not a plain statement of \p F, is in a macro, or \p
/// Mutex is not a member of \p F's class or a global that \p F can name.
std::optional<llvm::SmallVector<FixItHint, 2>>
holdMutexAround(const Expr *Store, const ValueDecl *Mutex,
                const FunctionDecl *F, ASTContext &Context);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_FIXES_LOCKFIXES_H
