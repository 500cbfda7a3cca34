//===--- JoinablePaths.h - threadleak ---------------------------*- C++ -*-===//
//
// Which paths of a function destroy a local std::thread while it is still
// joinable (std::terminate): an early return, a break, continue or goto out
// of its scope, the end of its scope, or an exception that unwinds its
// scope. Computed over clang's CFG of the function (implicit destructors on,
// every statement an element), with the exception edges added here, from
// each call that may throw (the caller's ThrowCauses) to the handlers of the
// innermost try block around it (or out of the function). An exception
// that leaves main() uncaught calls std::terminate whatever is joinable, so
// it is no such path; one that leaves a test body (TEST_F, TEST_CASE) fails
// the test, and is a failed assertion's path. Each path carries its causes
// (ReportingPolicy.h): a return inside a fatal test assertion (ASSERT_*)
// happens only when the assertion fails; an exception that a try block of the
// function catches is one its author expects, an ordinary path whatever threw
// it (expectedByTheAuthor), unless an assertion failed.
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

#include "ReportingPolicy.h"
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
  /// Why the path is taken (PathCause bits): for an exception, the causes
  /// of the throw; a return of a fatal test assertion is an assertion
  /// failure; any other path is ordinary.
  unsigned Causes = OrdinaryPath;
};

/// The local std::thread variables declared in \p F (not in its lambdas).
llvm::SmallVector<const VarDecl *, 2> localThreads(const FunctionDecl *F);

/// Every path of \p F that destroys one of its local std::threads joinable,
/// ordered by thread and then by position. \p ThrowCauses says for which
/// causes evaluating an expression (a call, a construction, a throw) can
/// throw (NoCause: it cannot); exception paths are not looked for in a
/// function that cannot throw.
std::vector<JoinableExit>
findJoinableExits(const FunctionDecl *F, ASTContext &Context,
                  llvm::function_ref<unsigned(const Expr *)> ThrowCauses);

/// Whether \p E is (a construction of) a std::thread started with a
/// callable: `std::thread(F)`, `std::thread{F, Arg}`, the initializer of
/// `std::thread T(F)`.
bool isStdThreadLaunch(const Expr *E);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_JOINABLEPATHS_H
