//===--- Exceptions.h - threadleak ------------------------------*- C++ -*-===//
//
// Which expressions can throw (docs/analysis.md#exceptions): the question
// behind "a completion signal skipped by an exception" and "a thread
// destroyed joinable when an exception unwinds past its join".
//
// An expression may throw when it is a throw-expression, or calls or
// constructs:
//  - a function defined in the translation unit whose body may throw
//    (outside a try block of its own);
//  - a function of the project's own that is only declared here, unless it
//    is noexcept or has C linkage: its body is in another file and may throw;
//  - a library function known to throw as part of its contract (a thread
//    that cannot start, future::get rethrowing the task's exception,
//    at(), stoi, optional::value, ...).
// Library functions that throw only std::bad_alloc, C functions, builtins,
// destructors and noexcept functions do not count: out of memory is not a
// path a reviewer can act on, and counting it would make every call throw.
//
// Each throw has causes (ReportingPolicy.h, PathCause), so that a check
// reports only the paths its policy asks for:
//  - ordinary: a `throw` of the project's code, a function of the project
//    defined in another file, std::stoi and its kind on bad input,
//    future::get of a task that may have failed;
//  - environment failure or misuse: a thread or task that cannot start, a
//    `throw` of a std::logic_error itself (a broken invariant; its
//    subclasses such as std::invalid_argument are thrown for bad input too,
//    and count as ordinary) or of the library's misuse and failure classes
//    (std::bad_function_call, bad_optional_access, bad_alloc, ...), at(),
//    optional::value(), std::get of a variant, any_cast;
//  - assertion failure: anything inside a fatal test assertion (REQUIRE,
//    ASSERT_*, FAIL); the framework's own code inside a non-fatal one
//    (EXPECT_*, CHECK) throws nothing.
//  - relayed: std::rethrow_exception throws again what was caught before
//    (a coroutine's or a pool's stored exception); where it came from is
//    not followed.
// The `get()` of a future whose promise nothing gives an exception (no
// set_exception in the translation unit) returns a value: no cause.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_EXCEPTIONS_H
#define THREADLEAK_CHECKS_ANALYSIS_EXCEPTIONS_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/DenseMap.h"

namespace clang::tidy::threadleak {

class ThreadAnalysis;

class ExceptionModel {
public:
  explicit ExceptionModel(ThreadAnalysis &Analysis) : Analysis(Analysis) {}

  /// The causes (PathCause bits) for which evaluating \p E itself (not its
  /// operands) may throw; NoCause when it cannot.
  unsigned throwCauses(const Expr *E);

  /// An expression in \p S that may throw for one of \p Causes, or null:
  /// lambda bodies and local classes are not part of \p S, nor are the try
  /// blocks of try statements inside it (their handlers are).
  const Expr *findMayThrow(const Stmt *S, unsigned Causes);

  /// The causes for which an exception may leave a call to \p Def, a
  /// function defined in the translation unit.
  unsigned functionThrowCauses(const FunctionDecl *Def);

private:
  unsigned ownThrowCauses(const Expr *E);
  unsigned calleeThrowCauses(const FunctionDecl *Callee, const Expr *Site);
  unsigned libraryThrowCauses(const FunctionDecl *F, const Expr *Site);
  /// The causes of every expression of \p S that may throw (findMayThrow's
  /// scope), or of the first one with one of \p Stop.
  unsigned causesIn(const Stmt *S, unsigned Stop, const Expr **First);

  ThreadAnalysis &Analysis;
  /// The answer for each definition; NoCause while it is computed, so a
  /// recursive call does not count as a throw.
  llvm::DenseMap<const FunctionDecl *, unsigned> FunctionMemo;
};

/// Whether \p E may throw, in \p Analysis's model, for one of \p Causes
/// (PathCause bits; a check passes policy().reportedCauses()).
bool mayThrow(ThreadAnalysis &Analysis, const Expr *E, unsigned Causes);

/// ExceptionModel::throwCauses of \p Analysis's model.
unsigned throwCauses(ThreadAnalysis &Analysis, const Expr *E);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_EXCEPTIONS_H
