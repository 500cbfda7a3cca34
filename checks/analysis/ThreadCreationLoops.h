//===--- ThreadCreationLoops.h - threadleak ---------------------*- C++ -*-===//
//
// Which loops start threads that pile up: a thread started on each
// iteration (itself, or by a function the loop calls) that outlives the
// iteration (detached, `new`, a pthread, kept in a container declared
// outside the loop), with nothing in the loop limiting how many run at once
// (a semaphore acquire, a join or a wait for earlier threads, a pool), in a
// loop that its input or load bounds (LoopBounds.h): accepted connections,
// messages, polled events, queued items, an endless loop, the elements of
// an input. A number of threads the program fixes (a constant above
// MaxThreadsPerLoop, a count it chooses, a container it fills a fixed
// number of times) counts only with ReportFixedThreadCounts.
//
// threadleak-unbounded-thread-creation reports what this finds; another
// check that would report the same loop asks it first
// (ThreadLeakCheck::isReportedAsUnboundedCreation), so that one loop gives
// one warning.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_THREADCREATIONLOOPS_H
#define THREADLEAK_CHECKS_ANALYSIS_THREADCREATIONLOOPS_H

#include "LoopBounds.h"
#include "ThreadAnalysis.h"
#include "ThreadLaunches.h"
#include "Waits.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include <memory>
#include <optional>
#include <vector>

namespace clang::tidy::threadleak {

/// The options of threadleak-unbounded-thread-creation that decide what
/// it reports.
struct ThreadCreationLimits {
  /// MaxThreadsPerLoop: a constant trip count up to this is not reported.
  unsigned MaxThreadsPerLoop = 16;
  /// ReportFixedThreadCounts (ReportingPolicy::FixedThreadCounts): also
  /// threads started a number of times the program fixes.
  bool FixedThreadCounts = false;
  /// BlockingFunctions: their calls make a queue-pop loop.
  std::vector<BlockingFunction> Blocking;
};

/// A place in a loop that starts threads that pile up.
struct UnboundedCreation {
  /// The launch, or the call in the loop of a function that starts one.
  const Expr *Where = nullptr;
  /// The launch (inside Callee, for a call).
  const ThreadLaunch *Launch = nullptr;
  /// For a call: the function it calls that starts the thread.
  const FunctionDecl *Callee = nullptr;
  /// The loop whose iterations start the threads, and its bound.
  const Stmt *Loop = nullptr;
  LoopBound Bound;
  /// For constant trip counts: how many threads the loops start (nested
  /// loops multiply), above MaxThreadsPerLoop; 0 otherwise.
  uint64_t ConstantCount = 0;
};

/// The loops of one translation unit that start threads that pile up.
class ThreadCreationLoops {
public:
  /// \p All: the translation unit's launches, containers'
  /// `emplace_back` included. A `std::async` that may run deferred and a
  /// `ThreadLaunchers` entry named like a pool or an executor start no
  /// thread of their own and are left out.
  ThreadCreationLoops(ThreadAnalysis &Analysis,
                      llvm::ArrayRef<ThreadLaunch> All,
                      ThreadCreationLimits Limits);
  ~ThreadCreationLoops();
  ThreadCreationLoops(const ThreadCreationLoops &) = delete;
  ThreadCreationLoops &operator=(const ThreadCreationLoops &) = delete;

  /// The unbounded creations in \p Loops: every loop of some code, each
  /// before the loops nested in it (the order of a walk or of a matcher).
  /// A loop is looked at with the loops nested in it, once; a loop in a
  /// lambda inside it on its own.
  std::vector<UnboundedCreation> find(llvm::ArrayRef<const Stmt *> Loops);

  /// Whether an unbounded creation starts its thread inside \p S, a
  /// statement of \p F (`Threads.emplace_back(...)` in a loop of F).
  bool startsUnboundedIn(const FunctionDecl *F, const Stmt *S);

  struct Site;
  struct Walk;
  struct CallSummary;
  /// What a call to a function starts and does not wait for.
  struct PerCall {
    /// The launch, when a call starts a thread that outlives the call and
    /// the function bounds nothing; null otherwise.
    const ThreadLaunch *Launch = nullptr;
    /// Every such thread is kept in a member of the object the function is
    /// called on that holds one thread (ownSingleThreadMember): one per
    /// object.
    bool InOwnMember = false;
  };

private:
  void judge(const Site &S, const Walk &W,
             std::vector<UnboundedCreation> &Found);
  PerCall launchPerCall(const FunctionDecl *F, unsigned Depth);
  bool throttles(const FunctionDecl *F, unsigned Depth);
  CallSummary &summary(const FunctionDecl *F);
  bool isThreadPoolWorker(const ThreadLaunch &Launch);
  /// What bounds \p Loop (memoized; a copy, as the memo may grow).
  LoopBound boundOf(const Stmt *Loop);

  ThreadAnalysis &Analysis;
  const ThreadCreationLimits Limits;
  llvm::DenseMap<const Expr *, ThreadLaunch> Launches;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<CallSummary>> Summaries;
  llvm::DenseMap<const Stmt *, LoopBound> Bounds;
};

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_THREADCREATIONLOOPS_H
