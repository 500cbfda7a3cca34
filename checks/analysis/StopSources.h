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

/// Whether \p S reads a cancellation source that another thread can set:
/// stop_requested(), a call taking a std::stop_token, a std::stop_callback,
/// pthread_testcancel, or a read of a flag (bool, atomic bool or integer,
/// volatile integer) that is not local to \p Scope and that something can
/// set (ThreadAnalysis::isSettableFlag).
bool isStopObservation(const Stmt *S, const DeclContext *Scope,
                       ThreadAnalysis &Analysis);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_STOPSOURCES_H
