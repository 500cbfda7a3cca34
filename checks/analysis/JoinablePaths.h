//===--- JoinablePaths.h - threadleak ---------------------------*- C++ -*-===//
//
// Which paths of a function destroy a local std::thread while it is still
// joinable (std::terminate): an early return, a break, continue or goto out
// of its scope, the end of its scope, or an exception that unwinds its
// scope. Computed over clang's CFG of the function (implicit destructors on,
// every statement an element), with the exception edges added here, from
// each call the caller's MayThrow accepts to the handlers of the innermost
// try block around it (or out of the function).
//
// A thread is joinable from its launch (`std::thread T(F)`,
// `T = std::thread(F)`) until any use of it other than `get_id()`: a join or
// detach, `joinable()` (the test guards the join), a move, a reference or a
// lambda capture, being passed or returned. Any use counts, so that a
// thread handed to an RAII guard or a container is never reported.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_JOINABLEPATHS_H
#define THREADLEAK_CHECKS_ANALYSIS_JOINABLEPATHS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include <vector>

namespace clang::tidy::threadleak {

/// A path on which a local std::thread is destroyed while joinable.
struct JoinableExit {
  enum ExitKind { Return, Break, Continue, Goto, EndOfScope, Exception };
  ExitKind Kind = EndOfScope;
  /// The local thread.
  const VarDecl *Thread = nullptr;
  /// The launch that made it joinable: the construction or the assignment.
  const Stmt *Launch = nullptr;
  /// The jump, the block whose end destroys it, or the call that may throw.
  const Stmt *Where = nullptr;
  /// Where to point at: the jump, the closing brace, the call.
  SourceLocation Loc;
};

/// The local std::thread variables declared in \p F (not in its lambdas).
llvm::SmallVector<const VarDecl *, 2> localThreads(const FunctionDecl *F);

/// Every path of \p F that destroys one of its local std::threads joinable,
/// ordered by thread and then by position. \p MayThrow says whether
/// evaluating an expression (a call, a construction, a throw) can throw;
/// exception paths are not looked for in a function that cannot throw.
std::vector<JoinableExit>
findJoinableExits(const FunctionDecl *F, ASTContext &Context,
                  llvm::function_ref<bool(const Expr *)> MayThrow);

/// Whether \p E is (a construction of) a std::thread started with a
/// callable: `std::thread(F)`, `std::thread{F, Arg}`, the initializer of
/// `std::thread T(F)`.
bool isStdThreadLaunch(const Expr *E);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_JOINABLEPATHS_H
