//===--- AbandonedWorkerOnTimeoutCheck.h - threadleak -----------*- C++ -*-===//

#ifndef THREADLEAK_CHECKS_ABANDONEDWORKERONTIMEOUTCHECK_H
#define THREADLEAK_CHECKS_ABANDONEDWORKERONTIMEOUTCHECK_H

#include "ThreadLeakCheck.h"
#include "analysis/TimedWaits.h"
#include "llvm/ADT/SetVector.h"

namespace clang::tidy::threadleak {

/// threadleak-abandoned-worker-on-timeout: a function starts a worker and
/// waits for it with a deadline; when the wait times out it detaches the
/// worker or returns without asking it to stop, while the worker still uses
/// the function's stack frame (captures by reference), the object being
/// destroyed, or never finishes. And the std::async trap: a future from
/// std::async waited with wait_for whose timeout path destroys it, so its
/// destructor blocks until the task ends and the timeout bounds nothing. The
/// C++ form of Go's timeout wrapper that returns while the goroutine blocks
/// sending its result.
///
/// For the user-facing documentation see:
/// docs/checks/abandoned-worker-on-timeout.md
class AbandonedWorkerOnTimeoutCheck : public ThreadLeakCheck {
public:
  AbandonedWorkerOnTimeoutCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerUserCodeMatchers(UserCodeMatchers &Matchers) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

  /// A thread or task the analysed function starts (defined in the .cpp).
  struct Worker;

private:
  void analyseFunction(const FunctionDecl *F);
  void checkAsyncTrap(const FunctionDecl *F, const TimedWait &Wait,
                      const Worker &Task);
  void checkAbandonedThread(const FunctionDecl *F, const TimedWait &Wait,
                            const Worker &W,
                            llvm::ArrayRef<const Stmt *> DetachesOnPath);

  const std::string TimedJoinFunctionsOption;
  std::vector<std::string> TimedJoinFunctions;
  ASTContext *Context = nullptr;
  llvm::SetVector<const FunctionDecl *> Functions;
};

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ABANDONEDWORKERONTIMEOUTCHECK_H
