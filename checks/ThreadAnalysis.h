//===--- ThreadAnalysis.h - threadleak shared analysis ----------*- C++ -*-===//
//
// The vocabulary every threadleak check shares (see CHECKS.md): what a thread
// body is, which calls block without a deadline, what "observes stop" and
// "runs forever" mean. Per-function facts are computed once per translation
// unit and memoized, so the cost of all queries grows linearly with the code.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_THREADANALYSIS_H
#define THREADLEAK_CHECKS_THREADANALYSIS_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::threadleak {

/// Fully qualified name of \p D without inline namespaces, so that libstdc++'s
/// std::_V2::condition_variable_any and libc++'s std::__1::future both read
/// as plain std names. For template specializations the template's name.
std::string qualifiedName(const NamedDecl *D);

/// Qualified name of the class of \p T (through references and pointers), or
/// "" if \p T is not a class type.
std::string className(QualType T);

/// Qualified name of the class of the object a member function is called
/// on, as written: `F.wait()` on a std::shared_future is a shared_future call
/// even when the method is inherited from a library base class.
std::string objectClassName(const CXXMemberCallExpr *Call);

bool isStopTokenType(QualType T);

// ---------------------------------------------------------------------------
// Thread bodies
// ---------------------------------------------------------------------------

enum class LaunchKind { StdThread, StdJThread, StdAsync, Pthread, Boost, User };

/// A place where a thread is started and the function it runs.
struct ThreadLaunch {
  const Expr *Launch = nullptr; ///< the constructor or call starting it
  LaunchKind Kind = LaunchKind::StdThread;
  const Expr *Callable = nullptr; ///< the argument naming the thread body
  /// The function the thread runs (lambda call operator, function, member
  /// function, functor call operator); null when it cannot be resolved.
  const FunctionDecl *Body = nullptr;
};

/// Matchers for every expression that starts a thread (std::thread,
/// std::jthread, boost::thread constructors, std::async, pthread_create, and
/// calls to the user's \p UserLaunchers), each binding it to "launch". One
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

/// Interprets an expression matched by threadLaunchMatchers or
/// containerLaunchMatcher.
std::optional<ThreadLaunch>
getThreadLaunch(const Expr *Launch,
                const std::vector<std::string> &UserLaunchers);

/// The function a callable expression runs: a lambda (also through a local
/// variable), a function or function pointer, a member function pointer, a
/// std::bind / std::bind_front / std::ref result, or a functor.
const FunctionDecl *resolveCallable(const Expr *Callable);

/// The lambda expression a callable expression denotes, looking through a
/// local variable initialized with it; null otherwise.
const LambdaExpr *resolveLambda(const Expr *Callable);

/// The variable or member that holds the thread object or handle a launch
/// creates (`std::thread T(F)`, `T = std::thread(F)`, a member initializer,
/// `pthread_create(&T, ...)`); null for a temporary or anything else.
const ValueDecl *launchedInto(const ThreadLaunch &Launch, ASTContext &Context);

/// The variable or member an expression names (`T`, `this->T`, `Obj.T`),
/// ignoring implicit nodes; null otherwise.
const ValueDecl *referencedDecl(const Expr *E);

/// Whether the thread body \p Body receives a std::stop_token as its first
/// parameter (what std::jthread passes when the body accepts one).
bool takesStopToken(const FunctionDecl *Body);

/// A named std::stop_token that code at \p S in function \p F can use: a
/// parameter of \p F, a local variable declared before \p S in a block
/// enclosing it, a variable the lambda \p F captures, or a member of the
/// class whose non-static member function \p F is. Null if there is none.
const ValueDecl *stopTokenInScope(const Stmt *S, const FunctionDecl *F,
                                  const SourceManager &SM);

// ---------------------------------------------------------------------------
// Blocking calls
// ---------------------------------------------------------------------------

/// A call that can block forever and has a timed form.
struct BlockingCall {
  const CallExpr *Call = nullptr;
  /// The timed alternative to suggest ("wait_for", "try_acquire_for", ...),
  /// possibly empty for user functions without one.
  std::string TimedAlternative;
  /// The wait can be woken for shutdown: a stop_token overload, a predicate
  /// that reads a stop flag, an enclosing loop whose condition reads one.
  bool Wakeable = false;
  /// The waiter is released when the other side goes away (a future whose
  /// promise is destroyed throws broken_promise), so it cannot hang forever
  /// on its own.
  bool ReleasedWhenProducerDies = false;
  /// The predicate argument of a condition variable wait, if any.
  const Expr *Predicate = nullptr;
};

/// A user-configured blocking function: qualified name and optional timed
/// alternative, parsed from "ns::Queue::pop=try_pop_for;...".
struct BlockingFunction {
  std::string Name;
  std::string TimedAlternative;
};
std::vector<BlockingFunction> parseBlockingFunctions(StringRef Option);

// ---------------------------------------------------------------------------
// Per-function facts and the reach analysis
// ---------------------------------------------------------------------------

/// A loop whose condition is constant true and from which no exit is
/// reachable: no break out of it, return, throw, goto out, or call to a
/// function that never returns.
struct EndlessLoop {
  const Stmt *Loop = nullptr;
  /// Something inside the loop reads a cancellation source directly.
  bool ObservesStopDirectly = false;
  /// Functions defined in this TU that the loop calls.
  llvm::SmallVector<const FunctionDecl *, 4> Callees;
};

struct FunctionFacts {
  llvm::SmallVector<EndlessLoop, 1> EndlessLoops;
  llvm::SmallVector<BlockingCall, 2> BlockingCalls;
  /// The first place the function reads a cancellation source, if any.
  const Stmt *StopObservation = nullptr;
  /// Calls to functions defined in this TU (outside system headers), with
  /// the callee definition.
  llvm::SmallVector<std::pair<const Expr *, const FunctionDecl *>, 4> Calls;
  /// Every path through the function throws or ends the process.
  bool AlwaysExits = false;
};

/// Why a thread never finishes: the endless loop or the blocking wait.
struct ForeverEvidence {
  enum EvidenceKind { Loop, Wait } Kind = Loop;
  const Stmt *Where = nullptr;
  const FunctionDecl *InFunction = nullptr;
  std::string TimedAlternative; ///< for a wait
};

/// The shared analysis. One instance per check per translation unit.
class ThreadAnalysis {
public:
  ThreadAnalysis(ASTContext &Context, unsigned MaxCallDepth,
                 std::vector<BlockingFunction> UserBlockingFunctions);

  /// Facts about \p F alone (memoized). \p F must have a body.
  const FunctionFacts &facts(const FunctionDecl *F);

  /// Whether a call to \p F, or to a function it reaches, reads a
  /// cancellation source.
  bool observesStop(const FunctionDecl *F);

  /// Whether an endless loop reads a cancellation source, directly or in
  /// a function it calls.
  bool observesStop(const EndlessLoop &Loop);

  /// Whether an expression (e.g. a wait predicate or a loop condition)
  /// reads a cancellation source, directly or through the functions it
  /// calls.
  bool exprObservesStop(const Expr *E);

  /// The blocking wait to blame when \p Call is a blocking call as seen from
  /// its caller: a known API with \p Call itself, or a function defined in
  /// the TU whose own body waits without a deadline and cannot be woken (a
  /// hand-written Channel<T>::recv), which makes calls to it blocking too.
  std::optional<BlockingCall> classifyBlockingCall(const CallExpr *Call);

  /// Evidence that a thread running \p Body never finishes and cannot be
  /// asked to stop: an endless loop that observes no stop, or a wait without
  /// deadline that nothing can wake, in \p Body or a function it reaches
  /// within the call depth. The shallowest one is returned.
  std::optional<ForeverEvidence> findRunsForever(const FunctionDecl *Body);

  /// \p Body and the functions it reaches within the call depth, breadth
  /// first, each with the depth it was first reached at.
  std::vector<std::pair<const FunctionDecl *, unsigned>>
  reachableFunctions(const FunctionDecl *Body);

  /// A call to one of the known blocking APIs or the user's
  /// BlockingFunctions, as written (no look into callees).
  std::optional<BlockingCall> classifyKnownWait(const CallExpr *Call);

  /// Whether a call never returns normally: a [[noreturn]] function or one
  /// defined in the TU that always throws or exits.
  bool neverReturns(const CallExpr *Call);

  /// Whether \p D, read as a cancellation flag, can actually be set by
  /// someone: a flag that nothing writes (a counter that is only read) or an
  /// atomic integer that is only incremented is not a stop flag. Variables
  /// and members another translation unit can write count as settable,
  /// except atomic integers, which need a store in this one.
  bool isSettableFlag(const ValueDecl *D);

  unsigned maxCallDepth() const { return MaxCallDepth; }
  ASTContext &context() const { return Context; }

private:
  bool observesStopWithin(const FunctionDecl *F, unsigned Depth);
  bool alwaysExits(const FunctionDecl *F);

  ASTContext &Context;
  const unsigned MaxCallDepth;
  const std::vector<BlockingFunction> UserBlockingFunctions;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<FunctionFacts>> Facts;
  /// Memo for observesStop: the answer and the depth it was computed with.
  llvm::DenseMap<const FunctionDecl *, std::pair<bool, unsigned>> StopMemo;
  llvm::DenseMap<const FunctionDecl *, bool> AlwaysExitsMemo;
  /// The variables and members the TU stores to, assigns or lets escape
  /// (increments of atomic integers excluded), built on first use by
  /// isSettableFlag.
  std::optional<llvm::DenseSet<const ValueDecl *>> WrittenFlags;
};

/// A function definition in the TU worth analysing: it has a body and is not
/// in a system header (library internals are modelled by name, not read).
const FunctionDecl *analysableDefinition(const FunctionDecl *F,
                                         const SourceManager &SM);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_THREADANALYSIS_H
