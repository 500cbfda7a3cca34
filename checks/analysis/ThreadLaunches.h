//===--- ThreadLaunches.h - threadleak --------------------------*- C++ -*-===//
//
// What a thread body is: the places that start a thread (std::thread,
// std::jthread, boost::thread, std::async, pthread_create, a thread pool's
// emplace_back, std::make_unique<std::thread>, the user's ThreadLaunchers),
// the function the started thread runs, and the variable or member that
// holds the thread.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_THREADLAUNCHES_H
#define THREADLEAK_CHECKS_ANALYSIS_THREADLAUNCHES_H

#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::threadleak {

enum class LaunchKind { StdThread, StdJThread, StdAsync, Pthread, Boost, User };

/// A place where a thread is started and the function it runs.
struct ThreadLaunch {
  const Expr *Launch = nullptr; ///< the constructor or call starting it
  LaunchKind Kind = LaunchKind::StdThread;
  const Expr *Callable = nullptr; ///< the argument naming the thread body
  /// The function the thread runs (lambda call operator, function, member
  /// function, functor call operator); null when it cannot be resolved.
  const FunctionDecl *Body = nullptr;
  /// For a call of a thread wrapper (ThreadWrappers.h): the launch in the
  /// wrapper that starts the thread; owned by TranslationUnitIndex.
  const ThreadLaunch *Wrapped = nullptr;
};

/// Matchers for every expression that starts a thread (std::thread,
/// std::jthread, boost::thread constructors, std::async, pthread_create,
/// std::make_unique and std::make_shared of a thread class, and calls to
/// the user's \p UserLaunchers), each binding it to "launch". One
/// matcher per node kind, so the match finder tries each only on constructor
/// or call expressions.
std::vector<ast_matchers::StatementMatcher>
threadLaunchMatchers(const std::vector<std::string> &UserLaunchers);

/// Matches `emplace_back` / `emplace_front` calls, bound to "launch", which
/// getThreadLaunch accepts when the container holds threads
/// (`Threads.emplace_back([this] { loop(); })` in a thread pool). Separate
/// from threadLaunchMatchers because the thread it starts has no variable of
/// its own, unlike the launches every check already handles.
ast_matchers::StatementMatcher containerLaunchMatcher();

/// Match `T = std::thread(F)`, `P = std::make_unique<std::thread>(F)`,
/// `P = new std::thread(F)` and `P.reset(new std::thread(F))` (also into a
/// member), binding the launch to "launch" and the variable or member to
/// "thread".
std::vector<ast_matchers::StatementMatcher>
launchAssignmentMatchers(const std::vector<std::string> &UserLaunchers);

/// The constructions that start the thread a variable or member holds from
/// its declaration on: `std::thread T(F)`, `std::thread T = std::thread(F)`,
/// an in-class default member initializer, a constructor's member
/// initializer. Read from the declaration when a check asks, so no matcher
/// has to look at every variable.
llvm::SmallVector<const Expr *, 2> initialLaunches(const ValueDecl *Thread);

/// Whether \p Call is `std::make_unique<T>(...)` or `std::make_shared<T>`.
bool isMakeSmartPointer(const CallExpr *Call);

/// The variable or member holding the thread that \p Object (the object of
/// a `detach()` or `join()` call) denotes: `T`, `Self->T`, and the pointer
/// `P` of `P->` or `(*P).` when it is a std::unique_ptr or std::shared_ptr.
const ValueDecl *threadHolder(const Expr *Object);

/// Whether the statement \p E starts a std::thread that it destroys at once,
/// still joinable: `std::thread(F);`, `std::thread{F};`,
/// `(void)std::thread(F);`.
bool isDiscardedThread(const Expr *E);

/// The thread handle pthread_create writes (`pthread_create(&T, ...)`).
const ValueDecl *pthreadHandle(const ThreadLaunch &Launch);

/// Interprets an expression matched by threadLaunchMatchers or
/// containerLaunchMatcher.
std::optional<ThreadLaunch>
getThreadLaunch(const Expr *Launch,
                const std::vector<std::string> &UserLaunchers);

/// Whether \p Launch is a container's emplace_back or emplace_front
/// starting a thread in place (containerLaunchMatcher's matches).
inline bool isContainerLaunch(const ThreadLaunch &Launch) {
  // The only member calls threadLaunchMatchers matches are user launchers.
  return Launch.Kind != LaunchKind::User &&
         isa<CXXMemberCallExpr>(Launch.Launch);
}

/// The function a callable expression runs: a lambda (also through a local
/// variable), a function or function pointer, a member function pointer, a
/// std::bind / std::bind_front / std::ref result, or a functor.
const FunctionDecl *resolveCallable(const Expr *Callable);

/// Every function a value stored in a function pointer or std::function may
/// run: what resolveCallable finds, in both arms of a `?:` (nested too), and
/// in every element of a constant table (a const or constexpr array or
/// std::array) when the value is an element of it (`Drivers[Kind]`).
llvm::SmallVector<const FunctionDecl *, 2> possibleCallables(const Expr *Value);

/// The lambda expression a callable expression denotes, looking through a
/// local variable initialized with it; null otherwise.
const LambdaExpr *resolveLambda(const Expr *Callable);

/// Whether the thread body \p Body receives a std::stop_token as its first
/// parameter (what std::jthread passes when the body accepts one).
bool takesStopToken(const FunctionDecl *Body);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_THREADLAUNCHES_H
