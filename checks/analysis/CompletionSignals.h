//===--- CompletionSignals.h - threadleak -----------------------*- C++ -*-===//
//
// What counts as a completion signal: the operation a thread performs to
// tell a waiter that its work is done (or that it has started), which the
// waiter waits for: std::latch::count_down / arrive_and_wait,
// std::barrier::arrive / arrive_and_drop / arrive_and_wait,
// std::promise::set_value (and _at_thread_exit), a semaphore's release,
// a counter decremented (`--Pending`, fetch_sub) and then notified, a flag
// set (`Started = true`) and then notified, and the functions named in the
// CompletionSignals option (a WaitGroup's Done defined in another file).
// Also which objects a call wakes at all (a notify, a release, a set_value,
// a count_down), for checks that connect a waiter to the thread that wakes
// it.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_COMPLETIONSIGNALS_H
#define THREADLEAK_CHECKS_ANALYSIS_COMPLETIONSIGNALS_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::threadleak {

enum class SignalKind {
  LatchCountDown,    ///< std::latch count_down / arrive_and_wait
  BarrierArrive,     ///< std::barrier arrive / arrive_and_drop / _and_wait
  PromiseSet,        ///< std::promise set_value / set_value_at_thread_exit
  SemaphoreRelease,  ///< std::counting_semaphore / binary_semaphore release
  CounterThenNotify, ///< `--Pending` or fetch_sub, then a notify
  FlagThenNotify,    ///< `Done = true` or store, then a notify
  User,              ///< a CompletionSignals function
};

/// One completion signal written in a function.
struct CompletionSignal {
  /// The call, or the decrement or write of a counter or flag.
  const Expr *Where = nullptr;
  SignalKind Kind = SignalKind::User;
  /// What is signalled: the latch, barrier, promise, semaphore, counter,
  /// flag, or the object a user function is called on; may be null.
  const ValueDecl *Object = nullptr;
  /// For the notify kinds: the notify call that follows.
  const CallExpr *Notify = nullptr;
  /// Inside a loop of its function: it happens once per iteration.
  bool InLoop = false;
  /// What to call it in a message: "count_down", "--Pending then notify".
  std::string Name;
};

/// \p Call as a completion signal of its own (a latch, barrier, promise,
/// semaphore or user signal; not the notify kinds, which need the function
/// around them).
std::optional<CompletionSignal>
signalCall(const CallExpr *Call, llvm::ArrayRef<std::string> UserSignals);

/// The completion signals written in \p F's own body (not in the lambdas
/// it defines), in source order.
llvm::SmallVector<CompletionSignal, 2>
findCompletionSignals(const FunctionDecl *F,
                      llvm::ArrayRef<std::string> UserSignals);

/// Whether \p Call is set_exception on a promise (what a catch-all does to
/// complete a promise when the work failed).
bool isSetException(const CallExpr *Call);

/// The object \p Call wakes a waiter of: the condition variable notified,
/// the semaphore released, the promise set, the latch counted down, the
/// barrier arrived at, the object of a user signal (what SyncEffects'
/// wokenObject wakes, plus the completion signals; not a stop request); the
/// variable or member (or the lambda capture) it names. Null for other
/// calls.
const ValueDecl *signalledObject(const CallExpr *Call,
                                 llvm::ArrayRef<std::string> UserSignals);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_COMPLETIONSIGNALS_H
