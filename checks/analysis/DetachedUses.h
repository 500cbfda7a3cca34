//===--- DetachedUses.h - threadleak ----------------------------*- C++ -*-===//
//
// What a detached thread uses that may die before it (C++ Core Guidelines
// CP.24, CP.26): `this` of an object whose destructor does not wait for the
// thread, or a local of the launching function captured by reference (or
// passed by std::ref or by address) while nothing makes the launcher wait.
// A capture by value, a std::shared_ptr copy, an object that
// enable_shared_from_this keeps alive, or a destructor (or test framework
// tear-down, Lifetimes.h) that waits (join, a wait, a latch, a loop) is not
// such a use. Nor is `this` of an object that lives until the thread's last
// action by contract: the thread ends by running the continuation the
// launching function was handed (a coroutine awaiter resuming its handle,
// an executor running the callable it was given), or by a completion
// signal that a member function of the class, which the translation unit
// calls, waits for (a Stop() that waits for the thread's "exited").
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_DETACHEDUSES_H
#define THREADLEAK_CHECKS_ANALYSIS_DETACHEDUSES_H

#include "ThreadLaunches.h"
#include "clang/AST/DeclCXX.h"
#include <optional>

namespace clang::tidy::threadleak {

class ThreadAnalysis;

/// A use by a detached thread of something that may be destroyed first.
struct OutlivedUse {
  enum UseKind { This, LocalByReference } Kind = This;
  /// The object whose `this` the thread uses (This).
  const CXXRecordDecl *Object = nullptr;
  /// Its destructor, null when implicit.
  const CXXDestructorDecl *Destructor = nullptr;
  /// The local the thread uses (LocalByReference), and its function.
  const VarDecl *Local = nullptr;
  const FunctionDecl *Launcher = nullptr;
  /// Where the thread gets hold of it: the capture, the argument.
  SourceLocation Where;
};

/// What \p Launch's thread, once detached, uses that may be destroyed
/// before it finishes.
///
/// \code
///   void await_suspend(std::coroutine_handle<> H) {
///     std::thread([this, H] { Value = compute(); H.resume(); }).detach();
///   }                                 // none: resumed as the last action
///   void start() {
///     std::thread([this] { Value = compute(); }).detach();
///   }                                 // `this`, if the destructor does
///                                     // not wait
/// \endcode
std::optional<OutlivedUse> findOutlivedUse(const ThreadLaunch &Launch,
                                           ThreadAnalysis &Analysis);

/// Whether \p F, or a function it calls, waits for something: a join, a
/// wait or blocking call, a sleep, a loop (a spin on a counter).
bool waitsForSomething(const FunctionDecl *F, ThreadAnalysis &Analysis);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_DETACHEDUSES_H
