//===--- WakeUps.h - threadleak ---------------------------------*- C++ -*-===//
//
// The wake-up model (docs/analysis.md#wake-ups): a wait is woken for
// shutdown when a shutdown path (a destructor, or a function that joins a
// thread or requests stop), itself or through the functions it calls, both
// wakes the object waited on (notify the condition variable, release or
// post the semaphore, set the promise, request stop) and makes the wait's
// exit condition true (writes something it reads).
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_WAKEUPS_H
#define THREADLEAK_CHECKS_ANALYSIS_WAKEUPS_H

#include "TranslationUnitIndex.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <optional>

namespace clang::tidy::threadleak {

class WakeUpModel {
public:
  /// Calls are followed up to \p MaxCallDepth from a waking or writing
  /// function to the functions that call it.
  WakeUpModel(const TranslationUnitIndex &Index, unsigned MaxCallDepth)
      : Index(Index), MaxCallDepth(MaxCallDepth) {}

  /// Whether some shutdown path both wakes \p Object and (unless \p
  /// ExitReads is empty) writes one of \p ExitReads, itself or through the
  /// functions it calls; here a shutdown path is a destructor or a function
  /// that itself joins or requests stop.
  bool isWokenAtShutdown(const ValueDecl *Object,
                         llvm::ArrayRef<const ValueDecl *> ExitReads);

  /// Whether \p F itself wakes \p Object.
  bool wakesDirectly(const FunctionDecl *F, const ValueDecl *Object) const;

  /// Whether \p F wakes \p Object, itself or through the functions it
  /// calls (within the depth): `void step() { work(); Slot.release(); }`,
  /// and a loop that calls it.
  bool wakesWithin(const FunctionDecl *F, const ValueDecl *Object) {
    return callersClosure(Object, Index.Wakers, WakerClosure).contains(F);
  }

  /// Whether a std::stop_callback's callback wakes \p Object: a stop request
  /// then wakes the wait.
  bool isWokenByStopRequest(const ValueDecl *Object) const {
    return Index.WokenByStopCallback.contains(Object);
  }

  /// Whether anything in the TU wakes \p Object.
  bool hasWaker(const ValueDecl *Object) const {
    return Index.Wakers.contains(Object);
  }

  /// Whether anything in the TU wakes \p Object or an object of its class
  /// type, for an object reached through a pointer or reference.
  bool hasWakerOfItsType(const ValueDecl *Object) const;

  /// A destructor, or a function that joins a thread or requests stop,
  /// itself or through the functions it calls (within the depth): a stop()
  /// that joins through join(), or main() that calls it.
  bool isShutdownPath(const FunctionDecl *F);

  using FunctionSet = llvm::DenseSet<const FunctionDecl *>;

  /// The functions that write \p D, themselves or through the functions
  /// they call, within the depth.
  const FunctionSet &writersOf(const ValueDecl *D) {
    return callersClosure(D, Index.Writers, WriterClosure);
  }

private:
  /// The functions \p Direct lists for \p Key and those that call one of
  /// them, within the depth (memoized in \p Memo).
  const FunctionSet &callersClosure(
      const ValueDecl *Key,
      const llvm::DenseMap<const ValueDecl *,
                           TranslationUnitIndex::FunctionList> &Direct,
      llvm::DenseMap<const ValueDecl *, FunctionSet> &Memo);

  const TranslationUnitIndex &Index;
  const unsigned MaxCallDepth;
  llvm::DenseMap<const ValueDecl *, FunctionSet> WriterClosure;
  llvm::DenseMap<const ValueDecl *, FunctionSet> WakerClosure;
  /// The functions that join or request stop, themselves or through the
  /// functions they call (built on first use).
  std::optional<FunctionSet> JoinerClosure;
};

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_WAKEUPS_H
