//===--- SyncTraces.h - threadleak ------------------------------*- C++ -*-===//
//
// What a function does to the state its threads wait on, in program order,
// with the functions it calls followed to the call depth: the stores, wakes,
// lock acquisitions, joins and stop requests (SyncEffects.h, Locks.h), each
// with the mutexes held when it happens. The order is the order of the
// source (both branches of an `if` are in it); it answers "is M taken
// between this store and that notify", not "on every path". A function of
// the translation unit that leaves a mutex taken or given back (a lock
// helper, a lock wrapper's lock()) does so in its caller, and a local
// object whose constructor takes a mutex (a project RAII lock) holds it to
// the end of its scope.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_SYNCTRACES_H
#define THREADLEAK_CHECKS_ANALYSIS_SYNCTRACES_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <vector>

namespace clang::tidy::threadleak {

class ThreadAnalysis;

struct SyncEvent {
  enum EventKind {
    Store,       ///< Object is stored to (StoredValue: the constant)
    Wake,        ///< Object is woken
    Lock,        ///< mutex Object is taken
    Join,        ///< a thread is joined
    StopRequest, ///< stop is requested
    Unknown,     ///< a call to code not in the translation unit
  } Kind = Store;
  const ValueDecl *Object = nullptr;
  /// The expression that does it, in the traced function or a callee.
  const Expr *Where = nullptr;
  /// The call in the traced function that leads to it; null when it is in
  /// the traced function itself.
  const CallExpr *Via = nullptr;
  std::optional<int64_t> StoredValue;
  /// It is inside a loop, in the traced function or in a callee on the
  /// way: it may happen many times (a notify_one per worker).
  bool Repeated = false;
  /// The mutexes held when it happens.
  llvm::SmallVector<const ValueDecl *, 2> Held;
  /// The mutexes that may be held in a way the trace does not see: handed
  /// to the constructor of a local object in scope that is not a lock the
  /// analysis knows (its methods may take it), or to code it cannot read.
  llvm::SmallVector<const ValueDecl *, 1> MayHold;

  bool holds(const ValueDecl *Mutex) const;
  bool mayHold(const ValueDecl *Mutex) const;
};

/// What a function leaves done to a mutex when it returns, as the function
/// names it (a parameter, a member of its object, a global): Locks.h's
/// mutexAtCall names it as a caller does.
struct LockEffect {
  enum EffectKind {
    Takes,     ///< locked and not unlocked inside
    GivesBack, ///< unlocked without being locked inside
    MayTake,   ///< handed to code that may lock it (SyncEvent::MayHold)
  } Kind = Takes;
  const ValueDecl *Mutex = nullptr;
};

class SyncTraces {
public:
  explicit SyncTraces(ThreadAnalysis &Analysis) : Analysis(Analysis) {}

  /// The events of \p F, a function defined in the translation unit, with
  /// those of the functions it calls (memoized).
  llvm::ArrayRef<SyncEvent> trace(const FunctionDecl *F);

  /// The mutexes \p F leaves taken, given back or maybe taken when it
  /// returns (computed with its trace).
  llvm::ArrayRef<LockEffect> lockEffects(const FunctionDecl *F);

private:
  struct FunctionTrace {
    std::vector<SyncEvent> Events;
    std::vector<LockEffect> Effects;
  };
  const FunctionTrace &compute(const FunctionDecl *F);

  ThreadAnalysis &Analysis;
  /// Traces computed or being computed: a recursive call adds nothing.
  llvm::DenseMap<const FunctionDecl *, FunctionTrace> Memo;
  unsigned Depth = 0;
};

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_SYNCTRACES_H
