//===--- Locks.h - threadleak -----------------------------------*- C++ -*-===//
//
// Which mutex a lock takes or gives back: RAII locks (std::lock_guard,
// std::unique_lock, std::scoped_lock, std::shared_lock) on the mutexes they
// are constructed with, lock()/unlock() on a mutex or a unique_lock, and
// pthread_mutex_lock/unlock. The mutexes are the variables and members the
// code names. A lock taken or given back inside a function of the
// translation unit (SyncTraces.h) is named here as its caller sees it.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_LOCKS_H
#define THREADLEAK_CHECKS_ANALYSIS_LOCKS_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::threadleak {

/// Whether \p T is one of the standard RAII lock types.
bool isLockType(QualType T);

/// The mutexes the lock variable \p Lock is constructed on, whether or not
/// it takes them then (`std::unique_lock L(M, std::defer_lock)` is on M).
llvm::SmallVector<const ValueDecl *, 1> mutexesOfLock(const VarDecl *Lock);

/// Whether constructing \p Lock takes its mutexes (no std::defer_lock,
/// std::try_to_lock or std::adopt_lock argument).
bool locksOnConstruction(const VarDecl *Lock);

/// The mutexes \p Construct, the construction of a standard lock (a
/// variable's or a member's), takes; empty when a tag defers it.
llvm::SmallVector<const ValueDecl *, 1>
mutexesTakenBy(const CXXConstructExpr *Construct);

/// What the caller of \p Callee (with the arguments \p Args, called on
/// \p Object) calls the mutex \p Inner that \p Callee leaves taken or
/// given back: for a pointer or reference parameter, what the argument
/// names (`&Q->Mu` for `pthread_mutex_lock(Q)`); for a member of the
/// callee's own object, the member and the object it is called on (a
/// wrapper class around a mutex is the mutex: `Mu.Lock()` with
/// `Mutex::Lock() { M.lock(); }` takes `Mu`); for a member a constructor
/// initialises from a parameter (`MutexLock(Mutex *M) : Mu(M)`), that
/// parameter's argument; a global or another object's member, itself.
/// Empty for the callee's own locals.
llvm::SmallVector<const ValueDecl *, 2>
mutexAtCall(const ValueDecl *Inner, const FunctionDecl *Callee,
            llvm::ArrayRef<const Expr *> Args, const Expr *Object);

/// The mutex, or the lock variable, that \p Call takes: `M.lock()`,
/// `L.lock()`, `pthread_mutex_lock(&M)`. Null for other calls.
const ValueDecl *lockedBy(const CallExpr *Call);

/// The mutex, or the lock variable, that \p Call gives back: `M.unlock()`,
/// `L.unlock()`, `pthread_mutex_unlock(&M)`. Null for other calls.
const ValueDecl *unlockedBy(const CallExpr *Call);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_LOCKS_H
