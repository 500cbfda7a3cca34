//===--- Waits.h - threadleak -----------------------------------*- C++ -*-===//
//
// Which calls block without a deadline: condition variable waits, future
// get/wait, semaphore acquires, pthread_cond_wait, sem_wait, mq_receive and
// the user's BlockingFunctions; for each, the object it waits on, the mutex
// it holds and its exit condition, which the wake-up model (WakeUps.h)
// judges.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_WAITS_H
#define THREADLEAK_CHECKS_ANALYSIS_WAITS_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::threadleak {

/// What a blocking call waits on.
enum class WaitKind {
  ConditionVariable, ///< std::condition_variable(_any)::wait
  Future,            ///< std::future / std::shared_future get and wait
  Semaphore,         ///< std::counting_semaphore / binary_semaphore acquire
  PthreadCond,       ///< pthread_cond_wait
  PosixSemaphore,    ///< sem_wait
  MessageQueue,      ///< mq_receive
  User,              ///< a BlockingFunctions entry
  /// A call of a user wrapper of one of the above (`CondVar::Wait()` around
  /// `pthread_cond_wait`), judged at the call, where the loop is.
  Wrapped,
};

/// A call that can block forever and has a timed form.
struct BlockingCall {
  const CallExpr *Call = nullptr;
  WaitKind Kind = WaitKind::User;
  /// The variable or member waited on (the condition variable, semaphore,
  /// future, pthread_cond_t, sem_t); null when the expression names none.
  const ValueDecl *Object = nullptr;
  /// The mutex a condition variable wait holds (the mutex of its lock, or
  /// pthread_cond_wait's second argument); null when unknown.
  const ValueDecl *Mutex = nullptr;
  /// The timed alternative to suggest ("wait_for", "try_acquire_for", ...),
  /// possibly empty for user functions without one.
  std::string TimedAlternative;
  /// A stop-aware wait: a std::stop_token argument.
  bool TakesStopToken = false;
  /// The wait can be woken for shutdown: it takes a stop token, its exit
  /// condition reads a stop flag, or the wake-up model finds a function
  /// that wakes it (ThreadAnalysis::classifyKnownWait).
  bool Wakeable = false;
  /// The waiter is released when the other side goes away (a future whose
  /// promise is destroyed throws broken_promise), so it cannot hang forever
  /// on its own.
  bool ReleasedWhenProducerDies = false;
  /// The predicate argument of a condition variable wait, if any.
  const Expr *Predicate = nullptr;
  /// The innermost loop around the wait in its function, if any: its
  /// condition and its exits are the wait's exit condition.
  const Stmt *EnclosingLoop = nullptr;
};

/// A user-configured blocking function: qualified name and optional timed
/// alternative, parsed from "ns::Queue::pop=try_pop_for;...".
struct BlockingFunction {
  std::string Name;
  std::string TimedAlternative;
};
std::vector<BlockingFunction> parseBlockingFunctions(StringRef Option);

/// \p Call as a BlockingCall when it is one of the known waits or the
/// user's \p User functions: its kind, object, mutex, predicate and timed
/// alternative. Its enclosing loop and wakeability are the caller's to
/// fill in.
std::optional<BlockingCall> classifyWait(const CallExpr *Call,
                                         llvm::ArrayRef<BlockingFunction> User);

/// Where a wrapper of a wait or a wake finds the object it acts on: the
/// object a method is called on, or what a parameter points or refers to
/// (`void wait(Channel *C) { pthread_cond_wait(&C->Cond, &C->Mu); }`).
struct WrapperObject {
  /// Its class (canonical), which has a condition variable, semaphore,
  /// pthread_cond_t or sem_t member.
  const CXXRecordDecl *Class = nullptr;
  /// The parameter; none for the object a method is called on.
  std::optional<unsigned> Param;
};

/// The class (canonical) \p Member is a member of; null for a C struct,
/// which no wrapper object has.
const CXXRecordDecl *memberClass(const FieldDecl *Member);

/// The objects \p F may wrap a wait or a wake on: for a method, its own
/// class; for any function, each class a parameter points or refers to;
/// each only when the class has a waitable member. A cheap test before
/// wrappedWaitObject.
llvm::SmallVector<WrapperObject, 1> wrapperObjects(const FunctionDecl *F);

/// Whether \p F may wrap a wait or a wake: wrapperObjects is not empty.
bool mayWrapWait(const FunctionDecl *F);

/// The object of \p F through which \p Wait, the only wait of F, waits,
/// when that wait is what F is for: it waits on a member of one of F's
/// wrapperObjects, outside any loop and without a predicate (`void Wait() {
/// pthread_cond_wait(&Cond, &Mu->M); }`), so the exit condition is the loop
/// around each call of F.
std::optional<WrapperObject> wrappedWaitObject(const BlockingCall &Wait,
                                               const FunctionDecl *F);

/// The object \p Call of a wrapper hands it as \p Object: the object a
/// method is called on, or the argument for the parameter.
const ValueDecl *wrapperCallObject(const CallExpr *Call,
                                   const WrapperObject &Object);

/// The wait a call of a wait wrapper makes: \p Call on the object it hands
/// the wrapper as \p Object, of kind Wrapped, with \p EnclosingLoop
/// around it.
std::optional<BlockingCall> wrapperWait(const CallExpr *Call,
                                        const WrapperObject &Object,
                                        const Stmt *EnclosingLoop);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_WAITS_H
