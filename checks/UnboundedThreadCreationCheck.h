//===--- UnboundedThreadCreationCheck.h - threadleak ------------*- C++ -*-===//

#ifndef THREADLEAK_CHECKS_UNBOUNDEDTHREADCREATIONCHECK_H
#define THREADLEAK_CHECKS_UNBOUNDEDTHREADCREATIONCHECK_H

#include "ThreadLeakCheck.h"
#include "analysis/LoopBounds.h"
#include "llvm/ADT/DenseMap.h"
#include <memory>

namespace clang::tidy::threadleak {

/// Finds threads started on each iteration of a loop that nothing bounds: an
/// accept, receive, poll or queue-pop loop, an endless loop, a loop over a
/// runtime input, when the threads outlive the iteration (detached, or kept
/// in a container declared outside the loop) and nothing in the loop limits
/// how many run at once (a semaphore acquire, a join or wait of earlier
/// threads, a pool). Also through functions the loop calls that start such
/// a thread. A number of threads the program fixes (a constant above
/// MaxThreadsPerLoop, a count, a container filled a fixed number of times:
/// LoopBound::isFixedByProgram) only with ReportFixedThreadCounts.
///
/// For the user-facing documentation see:
/// docs/checks/unbounded-thread-creation.md
class UnboundedThreadCreationCheck : public ThreadLeakCheck {
public:
  UnboundedThreadCreationCheck(StringRef Name, ClangTidyContext *Context);
  ~UnboundedThreadCreationCheck() override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerUserCodeMatchers(UserCodeMatchers &Matchers) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

  struct Walk;
  struct Site;
  struct CallSummary;

private:
  void analyseLoop(const Stmt *Loop);
  void judge(const Site &S, const Walk &W);
  void report(const Site &S, const Stmt *Loop, const LoopBound &B,
              uint64_t ConstantCount);
  /// What bounds \p Loop (memoized; a copy, as the memo may grow).
  LoopBound boundOf(const Stmt *Loop);
  /// What a call to \p F starts and does not wait for.
  struct PerCall {
    /// The launch, when a call to \p F starts a thread that outlives the
    /// call and \p F bounds nothing; null otherwise.
    const ThreadLaunch *Launch = nullptr;
    /// Every such thread is kept in a member of the object \p F is called
    /// on that holds one thread (ownSingleThreadMember): one per object.
    bool InOwnMember = false;
  };
  PerCall launchPerCall(const FunctionDecl *F, unsigned Depth);
  bool throttles(const FunctionDecl *F, unsigned Depth);
  const CallSummary &summary(const FunctionDecl *F);
  bool isThreadPoolWorker(const ThreadLaunch &Launch);

  const unsigned MaxThreadsPerLoop;
  const std::vector<BlockingFunction> Blocking;
  ASTContext *Context = nullptr;
  llvm::DenseMap<const Expr *, ThreadLaunch> Launches;
  std::vector<const Stmt *> Loops;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<CallSummary>> Summaries;
  llvm::DenseMap<const Stmt *, LoopBound> Bounds;
};

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_UNBOUNDEDTHREADCREATIONCHECK_H
