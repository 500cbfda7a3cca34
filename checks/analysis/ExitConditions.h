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
#include <cstdint>
#include <optional>
#include <string>

namespace clang::tidy::threadleak {

class ThreadAnalysis;

/// The variables and members \p Wait's exit condition reads (members through
/// `this`, a pointer or a reference included), other than the object waited
/// on and its mutex. Empty when the wait has no predicate and no loop: any
/// wake ends it.
llvm::SmallVector<const ValueDecl *, 4>
exitConditionReads(const BlockingCall &Wait, ThreadAnalysis &Analysis);

/// A variable or member that holds a state a stop can be told by: a
/// boolean, an enumeration or an integer, atomic or not.
bool isStateFlag(const ValueDecl *D);

/// The values of a flag that let a wait finish: equal to, or different from,
/// a constant.
struct FlagExit {
  bool Equals = true;
  int64_t Value = 1;
  /// How the condition spells the constant ('true', 'State::Stopping').
  std::string Spelling;
  bool admits(int64_t V) const { return Equals == (V == Value); }
};

/// What \p Flag must be for \p Wait to finish, where its exit condition
/// tests the flag as a boolean or compares it with a constant: `true` for
/// `cv.wait(L, [&] { return Stop || !Q.empty(); })` or `if (Stop) break;`,
/// `false` for `while (Running && Q.empty()) cv.wait(L);`, other than
/// `Running` for `while (State == Running) cv.wait(L);`. None when the
/// condition uses it otherwise (passed to a call, compared with a variable)
/// or tests it in ways that disagree.
std::optional<FlagExit> exitTest(const BlockingCall &Wait,
                                 const ValueDecl *Flag, ASTContext &Context);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_EXITCONDITIONS_H
