//===--- BlockingWaitWithoutDeadlineCheck.h - threadleak --------*- C++ -*-===//

#ifndef THREADLEAK_CHECKS_BLOCKINGWAITWITHOUTDEADLINECHECK_H
#define THREADLEAK_CHECKS_BLOCKINGWAITWITHOUTDEADLINECHECK_H

#include "ThreadLeakCheck.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::threadleak {

/// Finds waits in thread bodies, and in the functions they call, that can
/// block forever: no deadline, and no way to be woken for shutdown. The C++
/// form of a goroutine reading from a channel nobody writes or closes.
///
/// For the user-facing documentation see:
/// docs/checks/blocking-wait-without-deadline.md
class BlockingWaitWithoutDeadlineCheck : public ThreadLeakCheck {
public:
  BlockingWaitWithoutDeadlineCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerUserCodeMatchers(UserCodeMatchers &Matchers) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  /// A wait that blocks forever, and the function it is written in.
  struct LeakingWait {
    const BlockingCall *Wait = nullptr;
    const FunctionDecl *InFunction = nullptr;
  };

  /// The waits of \p F that block forever: not wakeable for shutdown, and
  /// not a future whose producer is a task known to finish. In the thread
  /// of \p Launch, if given, not the waits threadleak-unobserved-stop-token
  /// reports (one leak, one warning), which are kept in LeftToStopToken.
  llvm::SmallVector<LeakingWait, 2> leakingWaits(const FunctionDecl *F,
                                                 const ThreadLaunch *Launch);
  /// A future whose producer is a std::async task that does not run
  /// forever: the task always completes it.
  bool isFutureOfFinishingTask(const BlockingCall &Wait);
  /// A future that \p F also waits for with a deadline: the untimed wait
  /// runs once the timed one has seen it ready.
  bool isFutureWaitedWithDeadline(const BlockingCall &Wait,
                                  const FunctionDecl *F);

  void reportInThread(const ThreadLaunch &Launch);
  /// \p FixInBody: a wait in the launch's own body may end the thread on
  /// timeout (the fix-it returns from the body).
  void reportWait(const LeakingWait &W, const ThreadLaunch *Launch,
                  bool FixInBody = false);
  /// A call on the way from a thread body to a wait.
  struct CallHop {
    const Expr *Call = nullptr;
    const FunctionDecl *Callee = nullptr;
  };
  /// Reports the last of \p Hops, the call to the function that waits.
  void reportCall(llvm::ArrayRef<CallHop> Hops, const LeakingWait &Inner,
                  const ThreadLaunch &Launch);
  std::string hint(const BlockingCall &Wait) const;

  const bool CheckAllFunctions;
  const std::string DefaultTimeout;
  ASTContext *Context = nullptr;
  std::vector<const FunctionDecl *> AllFunctions;
  /// Waits that threadleak-unobserved-stop-token reports in some thread:
  /// CheckAllFunctions does not report them again.
  llvm::DenseSet<const CallExpr *> LeftToStopToken;
};

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_BLOCKINGWAITWITHOUTDEADLINECHECK_H
