//===--- ThreadAnalysis.h - threadleak shared analysis ----------*- C++ -*-===//
//
// The per-translation-unit hub of the shared analysis (docs/analysis.md):
// per-function facts computed once and memoized, the reach from a thread
// body into the functions it calls, "observes stop", "runs forever", and
// the wake-up model of waits. One instance serves every threadleak check of
// a run (SharedAnalysis.h).
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_THREADANALYSIS_H
#define THREADLEAK_CHECKS_ANALYSIS_THREADANALYSIS_H

#include "DetachedThreads.h"
#include "Exceptions.h"
#include "Loops.h"
#include "SyncTraces.h"
#include "ThreadLaunches.h"
#include "TranslationUnitIndex.h"
#include "Waits.h"
#include "WakeUps.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::threadleak {

struct FunctionFacts {
  llvm::SmallVector<EndlessLoop, 1> EndlessLoops;
  llvm::SmallVector<BlockingCall, 2> BlockingCalls;
  /// The first place the function reads a cancellation source, if any.
  const Stmt *StopObservation = nullptr;
  /// Calls to functions defined in this TU (outside system headers), with
  /// the callee definition; a virtual call once per overrider defined here.
  llvm::SmallVector<std::pair<const Expr *, const FunctionDecl *>, 4> Calls;
  /// For a wait wrapper (Waits.h, wrappedWaitObject): the wait it wraps,
  /// which is judged at each call instead of in BlockingCalls, and the
  /// object of the wrapper it waits through.
  std::optional<BlockingCall> WrappedWait;
  WrapperObject WrappedObject;
};

/// Why a thread never finishes: the endless loop or the blocking wait.
struct ForeverEvidence {
  enum EvidenceKind { Loop, Wait } Kind = Loop;
  const Stmt *Where = nullptr;
  const FunctionDecl *InFunction = nullptr;
  std::string TimedAlternative; ///< for a wait
  /// For a loop: a stop flag it reads that no exit depends on, if any.
  const Stmt *IgnoredStopRead = nullptr;
};

/// How control leaves a call.
enum class CallEnd {
  Returns,  ///< normally (or we cannot tell)
  Exits,    ///< never returns: throws, exits the thread or the process
  Aborts,   ///< never returns: abort(), std::terminate, a failed assertion
  MayThrow, ///< returns, or throws on some path (a callee defined here)
  /// returns, or ends the thread or the process on some path (exit(),
  /// pthread_exit() behind an `if` of a callee defined here)
  MayExit,
};

/// The shared analysis of one translation unit.
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

  /// Evidence that a thread running \p Body never finishes and cannot be
  /// asked to stop: an endless loop that observes no stop, or a wait without
  /// deadline that nothing can wake, in \p Body or a function it reaches
  /// within the call depth. The shallowest one is returned.
  std::optional<ForeverEvidence> findRunsForever(const FunctionDecl *Body);

  /// The function \p Body only hands the thread on to: a body whose one
  /// statement calls a single function defined here (`[this] { run(); }`,
  /// `[&] { W.loop(Queue); }`), followed through such bodies; \p Body itself
  /// otherwise. What that function does is what the thread's own code does.
  const FunctionDecl *forwardedBody(const FunctionDecl *Body);

  /// \p Body and the functions it reaches within the call depth, breadth
  /// first, each with the depth it was first reached at.
  std::vector<std::pair<const FunctionDecl *, unsigned>>
  reachableFunctions(const FunctionDecl *Body);

  /// A call to one of the known blocking APIs or the user's
  /// BlockingFunctions, as written (no look into callees), with its
  /// wakeability decided. \p EnclosingLoop is the innermost loop around it.
  std::optional<BlockingCall> classifyKnownWait(const CallExpr *Call,
                                                const Stmt *EnclosingLoop,
                                                const FunctionDecl *InFunction);
  /// A call of a wait wrapper defined here (Waits.h, wrappedWaitObject) to
  /// \p Target, as a wait on the object it hands the wrapper (the object
  /// it is called on, or an argument), with its wakeability decided there.
  std::optional<BlockingCall>
  classifyWrapperWait(const CallExpr *Call, const FunctionDecl *Target,
                      const Stmt *EnclosingLoop,
                      const FunctionDecl *InFunction);

  /// Whether \p Wait, in \p InFunction, takes a semaphore that the code
  /// around it gives back (acquired and released around a step, also in a
  /// callee or by a caller that calls both halves): a lock or a limiter
  /// that waits only while another holder has it, not a channel. Only a
  /// wait that takes a unit (takesUnit) on a semaphore that does not start
  /// empty.
  bool isAcquiredAsLock(const BlockingCall &Wait,
                        const FunctionDecl *InFunction);

  /// Whether \p Call (`Conn.wait()`, `enter()`, in \p Caller) reaches
  /// \p Inner, a wait that takes a unit of a semaphore (of the object it
  /// is called on, when Inner waits on a member of it), and the code around
  /// \p Caller gives that semaphore back (`Conn.post()`, `leave()`): a
  /// semaphore taken and given back around a step, a lock rather than a
  /// channel.
  bool isAcquiredAsLockThrough(const Expr *Call, const FunctionDecl *Caller,
                               const BlockingCall &Inner);

  /// How control leaves \p Call.
  CallEnd callEnd(const CallExpr *Call);

  /// The functions defined in the TU that \p Call can run: its callee, the
  /// overriders of a virtual callee, the functions and lambdas stored in the
  /// std::function or function pointer it calls through.
  llvm::SmallVector<const FunctionDecl *, 2> callTargets(const CallExpr *Call);

  /// Whether \p D, read as a cancellation flag, can actually be set by
  /// someone: a flag that nothing writes (a counter that is only read) or an
  /// atomic integer that is only incremented is not a stop flag. Variables
  /// and members another translation unit can write count as settable,
  /// except atomic integers, which need a store in this one.
  bool isSettableFlag(const ValueDecl *D);

  /// The detached threads threadleak-detached-thread found.
  DetachedThreads &detachedThreads() { return Detached; }

  /// What the translation unit's code does (built on first use).
  const TranslationUnitIndex &index();

  /// The wake-up model of this translation unit.
  WakeUpModel &wakeUps();

  /// Which expressions may throw (Exceptions.h).
  ExceptionModel &exceptions() { return Exceptions; }

  /// What each function does to the state threads wait on, in order
  /// (SyncTraces.h).
  SyncTraces &syncTraces() { return Traces; }

  /// Whether the object that owns \p Launch's thread lives as long as the
  /// process by design (Lifetimes.h): its thread is not a leak.
  bool hasProcessLifetimeOwner(const ThreadLaunch &Launch);

  unsigned maxCallDepth() const { return MaxCallDepth; }
  ASTContext &context() const { return Context; }

  /// How control leaves \p F's body: every path throws, exits or aborts
  /// (a top-level statement that never returns), or some path throws.
  CallEnd functionEnd(const FunctionDecl *F);

  /// scanLoop(Loop, Scope), computed once per loop (Loops.h).
  const LoopScan &loopScan(const Stmt *Loop, const DeclContext *Scope);
  /// The scan of \p Loop if loopScan computed it, else null.
  const LoopScan *knownLoopScan(const Stmt *Loop) const {
    auto It = LoopScans.find(Loop);
    return It == LoopScans.end() ? nullptr : It->second.get();
  }

  /// The promise (or the container of promises) a future \p Wait waits on
  /// comes from: `F = P.get_future()`, or a call of a function that returns
  /// `P.get_future()`; null when unknown.
  const ValueDecl *futurePromise(const BlockingCall &Wait);

private:
  bool observesStopWithin(const FunctionDecl *F, unsigned Depth);
  bool isWakeable(const BlockingCall &Wait, const FunctionDecl *InFunction);
  /// Whether a shutdown path stores a value that ends \p Wait in a flag
  /// its exit condition tests (`Closed = 1` for `while (!Closed)`): someone
  /// means to wake it, and whether the wake can be lost is lost-wakeup's
  /// question.
  bool isStopFlagSetAtShutdown(const BlockingCall &Wait);
  /// Whether \p Wait takes a unit of a count, as a semaphore's acquire
  /// does (isAcquiredAsLock); \p InFunction holds it.
  bool takesUnit(const BlockingCall &Wait, const FunctionDecl *InFunction);
  /// The wait a call of a wait wrapper makes inside the wrapper (Waits.h,
  /// wrappedWaitObject); null for other waits.
  const BlockingCall *wrappedWait(const BlockingCall &Wait);
  /// Whether \p Object, which \p F takes, starts empty, so that only a
  /// release could fill it: a channel, not a lock.
  bool startsEmpty(const ValueDecl *Object);
  /// Whether the code around \p F gives back \p Object: F or a function
  /// that calls it on the same object (within the depth), itself or
  /// through the functions it calls.
  bool givesBack(const FunctionDecl *F, const ValueDecl *Object);

  ASTContext &Context;
  const unsigned MaxCallDepth;
  const std::vector<BlockingFunction> UserBlockingFunctions;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<FunctionFacts>> Facts;
  /// Memo for observesStop: the answer and the depth it was computed with.
  llvm::DenseMap<const FunctionDecl *, std::pair<bool, unsigned>> StopMemo;
  llvm::DenseMap<const Stmt *, std::unique_ptr<LoopScan>> LoopScans;
  llvm::DenseMap<const FunctionDecl *, CallEnd> FunctionEndMemo;
  DetachedThreads Detached;
  std::unique_ptr<TranslationUnitIndex> Index;
  std::unique_ptr<WakeUpModel> WakeUpIndex;
  ExceptionModel Exceptions{*this};
  SyncTraces Traces{*this};
};

/// A function definition in the TU worth analysing: it has a body and is not
/// in a system header (library internals are modelled by name, not read).
const FunctionDecl *analysableDefinition(const FunctionDecl *F,
                                         const SourceManager &SM);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_THREADANALYSIS_H
