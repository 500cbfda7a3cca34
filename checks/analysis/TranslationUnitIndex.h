//===--- TranslationUnitIndex.h - threadleak --------------------*- C++ -*-===//
//
// What the translation unit's own code (not system headers) does, gathered
// in one walk when a check first needs it: which function writes which
// variable or member, which wakes which waited-on object (notify, release,
// sem_post, set_value, request_stop), who calls whom (virtual calls to
// every overrider defined here), what std::function and function pointer
// variables hold, which futures come from which promise, and how each
// class is instantiated. The wake-up model (WakeUps.h) and the owner
// lifetimes (Lifetimes.h) answer their questions from it.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_TRANSLATIONUNITINDEX_H
#define THREADLEAK_CHECKS_ANALYSIS_TRANSLATIONUNITINDEX_H

#include "ThreadLaunches.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include <vector>

namespace clang::tidy::threadleak {

struct TranslationUnitIndex {
  /// Indexes \p Context's translation unit.
  explicit TranslationUnitIndex(ASTContext &Context);

  using FunctionList = llvm::SmallVector<const FunctionDecl *, 2>;

  /// Stored to, assigned, or let escape (address taken, bound to a non-const
  /// reference) anywhere. Incrementing an atomic integer is not a store:
  /// that makes it a counter, not a flag.
  llvm::DenseSet<const ValueDecl *> Written;
  /// Updated by arithmetic somewhere (++, +=, fetch_add): counters.
  llvm::DenseSet<const ValueDecl *> Counted;
  /// Set to a constant somewhere (`State = Stopping`, `F.store(true)`).
  llvm::DenseSet<const ValueDecl *> SetToConstant;
  /// Set to a computed value somewhere (`Last = now()`).
  llvm::DenseSet<const ValueDecl *> SetToComputed;
  /// The functions that write each variable or member.
  llvm::DenseMap<const ValueDecl *, FunctionList> Writers;
  /// The functions that wake each waited-on object.
  llvm::DenseMap<const ValueDecl *, FunctionList> Wakers;
  /// Functions that wake a member of one of their wrapper objects (Waits.h,
  /// wrapperObjects), with that object's class: a call wakes the object it
  /// hands them (wokenThroughWrappers).
  llvm::DenseSet<std::pair<const FunctionDecl *, const CXXRecordDecl *>>
      WakeWrappers;
  /// Classes of the objects something wakes (canonical), for objects
  /// reached through a pointer or reference.
  llvm::DenseSet<const CXXRecordDecl *> WokenClasses;
  /// The callers of each function defined here.
  llvm::DenseMap<const FunctionDecl *, FunctionList> Callers;
  /// The overriders defined here of each virtual method (canonical decl).
  llvm::DenseMap<const FunctionDecl *, FunctionList> Overriders;
  /// What each std::function or function pointer variable or member is set
  /// to.
  llvm::DenseMap<const ValueDecl *, FunctionList> CallableTargets;
  /// Functions that join a thread or request stop.
  llvm::DenseSet<const FunctionDecl *> Joiners;
  /// Objects a std::stop_callback's callback wakes.
  llvm::DenseSet<const ValueDecl *> WokenByStopCallback;
  /// `Future = Promise.get_future()` (also `Ptr->get_future()` of a smart
  /// pointer to a promise).
  llvm::DenseMap<const ValueDecl *, const ValueDecl *> FuturePromise;
  /// `Future = call()` of a function defined here: where the future comes
  /// from, for ReturnedPromises.
  llvm::DenseMap<const ValueDecl *, const FunctionDecl *> FutureSources;
  /// Functions that `return Promise.get_future();`, with the promise, or the
  /// container the promise is an element of (`Pending[Id].get_future()`).
  llvm::DenseMap<const FunctionDecl *, const ValueDecl *> ReturnedPromises;
  /// Some function sets a std::promise that no variable or member of the
  /// translation unit names, nor a container of them (a structured
  /// binding's element): any promise kept in a container may be it.
  bool SetsPromiseElement = false;
  /// Some function stores an exception in a std::promise (set_exception):
  /// without one, the get() of a future from a promise returns a value.
  bool SetsPromiseException = false;
  /// The function each `pthread_detach(pthread_self())` is written in.
  llvm::DenseMap<const CallExpr *, const FunctionDecl *> SelfDetaching;
  /// Handed elsewhere with std::move.
  llvm::DenseSet<const ValueDecl *> MovedAway;
  /// Classes instantiated only in ways that are never destroyed: a
  /// function-local static, `new` (also placement new).
  llvm::DenseSet<const CXXRecordDecl *> NeverDestroyedInstances;
  /// Classes instantiated any other way (a local, a member, a global), or
  /// deleted.
  llvm::DenseSet<const CXXRecordDecl *> DestroyedInstances;

  /// A function or constructor that starts a thread running one of its
  /// callable parameters (ThreadWrappers.h).
  struct ThreadWrapper {
    unsigned Param = 0;
    /// The launch in the wrapper that starts the thread.
    ThreadLaunch Launch;
    /// The launch runs the parameter itself (or a lambda that calls it),
    /// rather than a function that calls a member the parameter is stored
    /// in.
    bool RunsParameter = false;
  };
  llvm::DenseMap<const FunctionDecl *, ThreadWrapper> ThreadWrappers;
  /// The calls of those wrappers: thread launches whose body is the
  /// argument for that parameter, and whose Wrapped is the wrapper's launch.
  std::vector<ThreadLaunch> WrapperLaunches;
  /// Statements that start a std::thread and drop it at once
  /// (isDiscardedThread).
  std::vector<const Expr *> DiscardedThreads;

  llvm::ArrayRef<const FunctionDecl *>
  overridersOf(const FunctionDecl *Method) const;
};

/// The class of an object (canonical), through pointers and references.
const CXXRecordDecl *objectClass(const ValueDecl *D);

/// The objects \p Call wakes by calling \p Target, a wake wrapper of
/// \p Index: `Cond.signalAll()` wakes Cond, `channelBroadcast(&Ch)` Ch.
llvm::SmallVector<const ValueDecl *, 1>
wokenThroughWrappers(const CallExpr *Call, const FunctionDecl *Target,
                     const TranslationUnitIndex &Index);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_TRANSLATIONUNITINDEX_H
