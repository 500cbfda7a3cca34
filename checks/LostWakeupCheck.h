//===--- LostWakeupCheck.h - threadleak -------------------------*- C++ -*-===//

#ifndef THREADLEAK_CHECKS_LOSTWAKEUPCHECK_H
#define THREADLEAK_CHECKS_LOSTWAKEUPCHECK_H

#include "ThreadLeakCheck.h"
#include "analysis/SyncTraces.h"
#include <vector>

namespace clang::tidy::threadleak {

/// Finds shutdown code that cannot wake the thread it waits for: a stop flag
/// set without the waiter's mutex before the notify (the notify can come
/// between the waiter's test and its sleep), a flag set with no notify of
/// the condition variable or semaphore waited on, and a join of a thread
/// that nothing before the join asks to stop.
///
/// For the user-facing documentation see: docs/checks/lost-wakeup.md
class LostWakeupCheck : public ThreadLeakCheck {
public:
  using ThreadLeakCheck::ThreadLeakCheck;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  /// A wait in a thread, and what lets it finish.
  struct ThreadWait {
    const BlockingCall *Wait;
    /// The boolean flags its exit condition reads, each with the value that
    /// lets it finish.
    llvm::SmallVector<std::pair<const ValueDecl *, bool>, 2> Flags;
    /// Everything its exit condition reads.
    llvm::SmallVector<const ValueDecl *, 4> Reads;
  };

  void checkThread(const ThreadLaunch &Launch);
  void checkStores(const ThreadWait &W);
  void checkJoins(const ThreadWait &W, const ThreadLaunch &Launch);
  void reportUnlockedStore(const ThreadWait &W, const SyncEvent &Store,
                           const SyncEvent &Wake, const FunctionDecl *Path);
  void reportMissingWake(const ThreadWait &W, const SyncEvent &Store,
                         llvm::ArrayRef<SyncEvent> After,
                         const FunctionDecl *Path);
  void reportJoinWithoutStop(const ThreadWait &W, const SyncEvent &Join,
                             const FunctionDecl *Path);
  /// Where the waiting thread was started, as a note.
  void noteWait(const ThreadWait &W);

  ASTContext *Context = nullptr;
  std::vector<ThreadLaunch> Launches;
};

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_LOSTWAKEUPCHECK_H
