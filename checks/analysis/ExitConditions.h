//===--- ExitConditions.h - threadleak --------------------------*- C++ -*-===//
//
// What a wait's exit condition reads: the variables and members its
// predicate reads or, for a wait without one, those its enclosing loop's
// condition and the conditions of the loop's exits (`if (Stop) break;`)
// read, looking into the functions they call. A wake-up must make one of
// them change.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_EXITCONDITIONS_H
#define THREADLEAK_CHECKS_ANALYSIS_EXITCONDITIONS_H

#include "Waits.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace clang::tidy::threadleak {

class ThreadAnalysis;

/// The variables and members \p Wait's exit condition reads (members through
/// `this`, a pointer or a reference included), other than the object waited
/// on and its mutex. Empty when the wait has no predicate and no loop: any
/// wake ends it.
llvm::SmallVector<const ValueDecl *, 4>
exitConditionReads(const BlockingCall &Wait, ThreadAnalysis &Analysis);

/// The value of the boolean flag \p Flag that lets \p Wait finish: `true`
/// for `cv.wait(L, [&] { return Stop || !Q.empty(); })` or `if (Stop)
/// break;`, `false` for `while (Running && Q.empty()) cv.wait(L);`. None
/// when the condition uses it otherwise (compared, passed to a call) or both
/// ways.
std::optional<bool> exitValue(const BlockingCall &Wait, const ValueDecl *Flag);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_EXITCONDITIONS_H
