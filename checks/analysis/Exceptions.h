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
//    calling a std::function, at(), stoi, optional::value, ...).
// Library functions that throw only std::bad_alloc, C functions, builtins,
// destructors and noexcept functions do not count: out of memory is not a
// path a reviewer can act on, and counting it would make every call throw.
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

  /// Whether evaluating \p E itself (not its operands) may throw.
  bool mayThrow(const Expr *E);

  /// An expression in \p S that may throw, or null: lambda bodies and local
  /// classes are not part of \p S, nor are the try blocks of try statements
  /// inside it (their handlers are).
  const Expr *findMayThrow(const Stmt *S);

  /// Whether an exception may leave a call to \p Def, a function defined in
  /// the translation unit.
  bool functionMayThrow(const FunctionDecl *Def);

private:
  bool calleeMayThrow(const FunctionDecl *Callee, const Expr *Site);

  ThreadAnalysis &Analysis;
  /// The answer for each definition; false while it is computed, so a
  /// recursive call does not count as a throw.
  llvm::DenseMap<const FunctionDecl *, bool> FunctionMemo;
};

/// ExceptionModel::mayThrow of \p Analysis's model.
bool mayThrow(ThreadAnalysis &Analysis, const Expr *E);

/// ExceptionModel::findMayThrow of \p Analysis's model.
const Expr *findMayThrow(ThreadAnalysis &Analysis, const Stmt *S);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_EXCEPTIONS_H
