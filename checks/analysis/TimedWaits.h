//===--- TimedWaits.h - threadleak ------------------------------*- C++ -*-===//
//
// Waits with a deadline and what runs when they time out: condition
// variable wait_for / wait_until, future and shared_future wait_for /
// wait_until, semaphore try_acquire_for / try_acquire_until,
// pthread_cond_timedwait, sem_timedwait, timed joins (boost::thread's
// try_join_for / try_join_until / timed_join, pthread_timedjoin_np, the
// user's TimedJoinFunctions). For each, the object waited on and the
// timeout path: the statements of the function that run after the wait
// when it timed out, found from how its result is tested (directly, through
// `!`, `&&`, `||`, a comparison with cv_status / future_status / ETIMEDOUT,
// or a local variable holding it), and how that path ends; and whether a
// timeout ends the waiting or the loop around the wait waits again.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_TIMEDWAITS_H
#define THREADLEAK_CHECKS_ANALYSIS_TIMEDWAITS_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::threadleak {

enum class TimedWaitKind {
  ConditionVariable, ///< std::condition_variable(_any) wait_for / wait_until
  Future,            ///< std::future / std::shared_future wait_for / _until
  Semaphore,         ///< std::counting_semaphore try_acquire_for / _until
  ThreadJoin,        ///< a timed join of the thread given as object
  PthreadCond,       ///< pthread_cond_timedwait
  PosixSemaphore,    ///< sem_timedwait
};

/// How the statements that run on timeout end.
enum class TimeoutEnd {
  Leaves,   ///< a return, throw, goto, break or continue on the path
  FallsOff, ///< reaches the end of the function or of a loop body
  Repeats,  ///< the wait is a loop's condition: the loop waits again
};

/// A wait with a deadline, and what runs when it times out.
struct TimedWait {
  const CallExpr *Call = nullptr;
  TimedWaitKind Kind = TimedWaitKind::ConditionVariable;
  /// The variable or member waited on (the condition variable, future,
  /// semaphore, thread); null when the expression names none.
  const ValueDecl *Object = nullptr;
  /// The statements run when the wait times out, in order: the branch of
  /// the test and what follows it in the enclosing blocks, up to the first
  /// statement that leaves; empty when the result is not tested in a way
  /// we understand (then no timeout path is known).
  llvm::SmallVector<const Stmt *, 4> TimeoutPath;
  bool HasTimeoutPath = false;
  TimeoutEnd End = TimeoutEnd::FallsOff;
  /// The statement ending the path: the return, throw, break or continue
  /// (End == Leaves), or the block or function body whose end is reached.
  const Stmt *EndStmt = nullptr;
  /// The statements that run only when the wait succeeded (the other
  /// branch of the test), if any.
  const Stmt *SuccessBranch = nullptr;
  /// A timeout ends the waiting: the wait is in no loop of its function, or
  /// each loop around it can end once it timed out. A loop can end so when
  /// it ends by itself (a range-for; a loop whose condition, or the
  /// condition of one of its exits, reads a clock (`now()`) or a local it
  /// counts with: `for (int I = 0; I < 3; ++I)`), when its condition is
  /// false on a timeout (`while (!Started && Status ==
  /// std::cv_status::no_timeout)`), or when one of its exits (a return,
  /// throw, goto, or a break out of it) is taken on a timeout (`if
  /// (!S.try_acquire_for(1s)) return false;`), the wait's result tested
  /// directly or through the local it is stored in. A loop that only waits
  /// again (`while (!Done) Cv.wait_for(L, 1s);`) waits as long as a wait
  /// without a deadline.
  bool GivesUp = false;
};

/// The timed waits written in \p F's own body (not in lambdas it defines),
/// in source order, each with its timeout path. \p TimedJoinFunctions are
/// more timed joins (qualified names) whose first argument is the thread.
llvm::SmallVector<TimedWait, 2>
findTimedWaits(const FunctionDecl *F,
               llvm::ArrayRef<std::string> TimedJoinFunctions);

/// Whether \p Call is a timed wait (without its timeout path).
std::optional<TimedWait>
classifyTimedWait(const CallExpr *Call,
                  llvm::ArrayRef<std::string> TimedJoinFunctions);

/// Whether \p S always leaves the statement it is in: a return, throw,
/// goto, break or continue, or a block or if whose every path ends so.
bool alwaysLeaves(const Stmt *S);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_TIMEDWAITS_H
