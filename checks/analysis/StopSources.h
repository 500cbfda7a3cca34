//===--- StopSources.h - threadleak -----------------------------*- C++ -*-===//
//
// What "observes stop" reads: a std::stop_token, an atomic or plain flag
// that another thread can set, pthread_testcancel.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_STOPSOURCES_H
#define THREADLEAK_CHECKS_ANALYSIS_STOPSOURCES_H

#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"

namespace clang::tidy::threadleak {

class ThreadAnalysis;

/// How a statement observes a cancellation source that another thread can
/// set.
enum class StopObservation {
  None,
  /// Reads its value: stop_requested(), or a flag (bool, atomic bool or
  /// integer, volatile integer) that is not local to the scope and that
  /// something can set (ThreadAnalysis::isSettableFlag). What the code does
  /// with the value decides whether it acts on a stop.
  Read,
  /// Acts on a stop request itself: pthread_testcancel, a library call
  /// taking a std::stop_token (a stop-aware wait), a std::stop_callback.
  Acts,
};

/// How \p S, written in \p Scope, observes a cancellation source.
StopObservation stopObservation(const Stmt *S, const DeclContext *Scope,
                                ThreadAnalysis &Analysis);

/// Whether \p S observes a cancellation source at all.
inline bool isStopObservation(const Stmt *S, const DeclContext *Scope,
                              ThreadAnalysis &Analysis) {
  return stopObservation(S, Scope, Analysis) != StopObservation::None;
}

/// Whether \p Read, a StopObservation::Read, reads an integer that the
/// translation unit uses as a counter (something updates it by arithmetic)
/// or as a measurement (it is set only to computed values, never to a
/// constant): a tick count or a timestamp. Such a read may still end a loop,
/// but a message does not call it a stop flag.
bool readsCounterOrMeasurement(const Stmt *Read, ThreadAnalysis &Analysis);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_STOPSOURCES_H
