//===--- SyncEffects.h - threadleak -----------------------------*- C++ -*-===//
//
// What one expression does to state another thread waits on: which object
// it stores to (and the boolean it stores, when it is a constant), which
// waited-on object it wakes, whether it joins a thread or requests stop.
// The translation unit index and the per-function synchronisation traces
// (SyncTraces.h) both classify expressions with these.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_SYNCEFFECTS_H
#define THREADLEAK_CHECKS_ANALYSIS_SYNCEFFECTS_H

#include "clang/AST/Expr.h"
#include <cstdint>
#include <optional>

namespace clang::tidy::threadleak {

/// The object expression \p E itself stores to: the left side of an
/// assignment, the operand of ++ or --, the object of a non-const member
/// call (an atomic's store or exchange, a container's push). Arithmetic on
/// an atomic integer and notify calls are not stores: the first makes a
/// counter, the second wakes. Null for other expressions.
const Expr *storedObject(const Expr *E);

/// The object expression \p E updates by arithmetic: the operand of ++ or
/// --, the left side of +=, -= and the like, the object of an atomic
/// integer's fetch_add or fetch_sub. What is updated this way is a counter,
/// not a flag something sets. Null for other expressions.
const Expr *countedObject(const Expr *E);

/// Whether \p E sets its stored object to a value (an assignment, an
/// atomic's store or exchange), as opposed to changing it in place.
bool setsValue(const Expr *E);

/// The constant \p E stores, when it stores one: a boolean (as 0 or 1), an
/// integer literal or an enumerator: `F = true`, `State = State::Stopping`,
/// `F.store(false)`, `F.exchange(true)`, `Flag.test_and_set()`,
/// `Flag.clear()`.
std::optional<int64_t> storedConstant(const Expr *E);

/// The value of \p E when it is a constant of the kinds storedConstant
/// knows: `true`, `0`, an enumerator.
std::optional<int64_t> constantValue(const Expr *E);

/// The object expression \p Call wakes: notify_one/notify_all (of a
/// condition variable, or a C++20 atomic), a
/// semaphore's release, a promise's set_value/set_exception, request_stop
/// of a jthread or stop_source, sem_post, pthread_cond_signal/broadcast.
/// Null for other calls.
const Expr *wokenObject(const CallExpr *Call);

/// Whether \p E adds an element to the container it is called on: push,
/// push_back, push_front, emplace, emplace_back, emplace_front.
bool isPush(const Expr *E);

/// Whether \p E takes an element off the container it is called on: pop,
/// pop_front, pop_back.
bool isPop(const Expr *E);

/// Whether \p Call wakes a single waiter of a condition variable:
/// notify_one, pthread_cond_signal.
bool wakesOneWaiter(const CallExpr *Call);

/// Whether \p Call joins a thread: join() of std::thread, std::jthread or
/// boost::thread, pthread_join.
bool isThreadJoin(const CallExpr *Call);

/// Whether \p Call requests stop: request_stop() of a std::jthread or
/// std::stop_source.
bool isStopRequest(const CallExpr *Call);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_SYNCEFFECTS_H
