//===--- ThreadWrappers.h - threadleak --------------------------*- C++ -*-===//
//
// Thread wrappers: functions and constructors of the translation unit that
// start a thread running one of their callable parameters, directly
// (`void spawn(std::function<void()> Fn) { std::thread(std::move(Fn))...`)
// or through a member the started thread calls (a `Thread` class whose
// constructor stores `Fn` and starts a pthread trampoline that calls it).
// A call of a wrapper is a thread launch whose body is its argument, as if
// the ThreadLaunchers option named the wrapper. A function that hands its
// callable parameter to a wrapper is one too. TranslationUnitIndex finds
// them in its walk; this file answers the questions it asks.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_THREADWRAPPERS_H
#define THREADLEAK_CHECKS_ANALYSIS_THREADWRAPPERS_H

#include "ThreadLaunches.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include <optional>

namespace clang::tidy::threadleak {

/// Whether \p P can carry a thread body: a std::function, a function
/// pointer, or (in a template instantiation) a lambda or functor.
bool isCallableParameter(const ParmVarDecl *P);

/// Whether \p E may start a thread (a cheap test on names, before
/// getThreadLaunch).
bool mayLaunchThread(const Expr *E);

/// The callable parameter of \p F that \p Callable (the callable of a
/// launch in F's body) runs: `Fn`, `std::move(Fn)`, `std::bind(Fn, X)`, or
/// a lambda that calls `Fn` (captured, or moved into an init-capture).
const ParmVarDecl *launchedParameter(const Expr *Callable,
                                     const FunctionDecl *F);

/// The callable parameter \p E stores into a member: `Fn = std::move(P)`,
/// or a constructor's `Fn(std::move(P))`; the member and the parameter.
std::optional<std::pair<const FieldDecl *, const ParmVarDecl *>>
storedParameter(const Expr *Target, const Expr *Value, const FunctionDecl *F);

/// The callable member \p Call calls: `Fn()`, `Self->Fn()`, `(*Fn)()`.
const FieldDecl *calledMember(const CallExpr *Call);

/// The constructor of a class defined in the translation unit that \p Call
/// runs with its arguments, in library code: `std::make_unique<T>(Args...)`,
/// `std::make_shared<T>`, `emplace_back` / `emplace_front` / `emplace` of a
/// std::vector, std::deque, std::list, std::forward_list or std::optional
/// of T. The one non-template constructor of T whose parameters fit the
/// arguments; null when none or several do.
const CXXConstructorDecl *forwardedConstructor(const CallExpr *Call);

/// The argument \p Call (a call or construction) passes for parameter
/// \p Param, or null (none, or a default argument).
const Expr *wrapperArgument(const Expr *Call, unsigned Param);

/// The launch a call of a wrapper makes: its argument for \p Param is the
/// thread body.
std::optional<ThreadLaunch> wrapperLaunch(const Expr *Call, unsigned Param);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_THREADWRAPPERS_H
