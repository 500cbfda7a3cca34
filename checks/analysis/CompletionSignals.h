//===--- CompletionSignals.h - threadleak -----------------------*- C++ -*-===//
//
// What counts as a completion signal: the operation a thread performs to
// tell a waiter that its work is done (or that it has started), which the
// waiter waits for: std::latch::count_down / arrive_and_wait,
// std::barrier::arrive / arrive_and_drop / arrive_and_wait,
// std::promise::set_value (and _at_thread_exit), a semaphore's release
// (sem_post), a counter decremented (`--Pending`, fetch_sub) and then
// notified, a flag set (`Started = true`) and then notified (also
// pthread_cond_signal / _broadcast), and the functions named in the
// CompletionSignals option (a WaitGroup's Done defined in another file).
// Also which objects a call wakes at all (a notify, a release, a set_value,
// a count_down), for checks that connect a waiter to the thread that wakes
// it; and who waits for a signal, with or without a deadline.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_COMPLETIONSIGNALS_H
#define THREADLEAK_CHECKS_ANALYSIS_COMPLETIONSIGNALS_H

#include "TranslationUnitIndex.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
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
  SemaphoreRelease,  ///< a std::counting_semaphore's release, sem_post
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
  /// For the notify kinds: the notify (or pthread_cond_signal) that
  /// follows.
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

/// The waits of the translation unit for what completion signals signal,
/// and whether each has a deadline (TimedWait::GivesUp), gathered in one
/// walk on first use. A skipped signal costs a waiter with a deadline its
/// timeout, not a hang.
class CompletionWaiters {
public:
  CompletionWaiters(ASTContext &Context, const TranslationUnitIndex &Index)
      : Context(Context), Index(Index) {}

  /// Whether every wait in the translation unit for what \p Signal
  /// signals has a deadline, and there is one: waits on the condition
  /// variable a flag or counter is notified on, on the semaphore released,
  /// on the futures of the promise set (wait_for, wait_until,
  /// try_acquire_for, pthread_cond_timedwait, sem_timedwait, whose timeout
  /// ends the waiting; also in a helper the object is handed to by
  /// reference or pointer). A get() that runs only once a timed wait on the
  /// future succeeded is no waiter. False for a latch, a barrier or a user
  /// signal (no timed wait to tell), and for a promise whose future leaves
  /// the translation unit's sight (returned, moved away): its waiters are
  /// not seen.
  bool allWaitWithDeadline(const CompletionSignal &Signal);

private:
  /// How an object is waited on.
  struct Deadlines {
    bool Timed = false;
    bool Untimed = false;
  };
  void collect();
  /// How \p Object is waited on; for a reference or pointer parameter,
  /// also what its callers hand it (up to MaxParameterDepth calls).
  Deadlines deadlinesOf(const ValueDecl *Object, unsigned Depth) const;
  static constexpr unsigned MaxParameterDepth = 4;

  ASTContext &Context;
  const TranslationUnitIndex &Index;
  bool Collected = false;
  /// Keyed by the object waited on (a template's member as its pattern's);
  /// a wait on a reference or pointer parameter also waits on what each
  /// call hands it.
  llvm::DenseMap<const ValueDecl *, Deadlines> Waits;
  /// The calls of the functions that take a reference or a pointer.
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<const CallExpr *, 2>>
      Calls;
};

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_COMPLETIONSIGNALS_H
