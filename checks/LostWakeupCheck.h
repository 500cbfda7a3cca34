//===--- LostWakeupCheck.h - threadleak -------------------------*- C++ -*-===//

#ifndef THREADLEAK_CHECKS_LOSTWAKEUPCHECK_H
#define THREADLEAK_CHECKS_LOSTWAKEUPCHECK_H

#include "ThreadLeakCheck.h"
#include "analysis/ExitConditions.h"
#include "analysis/SyncTraces.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <vector>

namespace clang::tidy::threadleak {

/// Finds shutdown code that cannot wake the thread it waits for: a stop flag
/// set without the waiter's mutex before the notify (the notify can come
/// between the waiter's test and its sleep), a flag set with no notify of
/// the condition variable or semaphore waited on, a single notify_one (or one
/// poison pill) for a stop that several threads wait for, and a join of a
/// thread that nothing before the join asks to stop.
///
/// For the user-facing documentation see: docs/checks/lost-wakeup.md
class LostWakeupCheck : public ThreadLeakCheck {
public:
  using ThreadLeakCheck::ThreadLeakCheck;
  void onEndOfTranslationUnit() override;

private:
  struct ThreadStores {
    llvm::SmallPtrSet<const ValueDecl *, 4> Stores;
    llvm::SmallPtrSet<const ValueDecl *, 2> Pushes;
  };

  /// A wait in a thread, and what lets it finish.
  struct ThreadWait {
    const BlockingCall *Wait;
    /// The flags its exit condition tests, each with the values that let it
    /// finish.
    llvm::SmallVector<std::pair<const ValueDecl *, FlagExit>, 2> Flags;
    /// Everything its exit condition reads.
    llvm::SmallVector<const ValueDecl *, 4> Reads;
    /// Several threads run it (bodiesOfSeveralThreads).
    bool Several = false;
    /// The thread itself (its body and what it reaches) wakes the object:
    /// one wake for several waiters is passed on.
    bool WakesObject = false;
    /// What the thread itself stores to, and pushes onto; set for several
    /// threads only.
    const ThreadStores *Own = nullptr;
    const ThreadLaunch *Launch = nullptr;
    /// The function the wait is written in.
    const FunctionDecl *InFunction = nullptr;
  };

  /// \p Several: more than one thread runs \p Launch's body.
  void checkThread(const ThreadLaunch &Launch, bool Several);
  void checkStores(const ThreadWait &W);
  void checkJoins(const ThreadWait &W, const ThreadLaunch &Launch);
  void reportUnlockedStore(const ThreadWait &W, const SyncEvent &Store,
                           const SyncEvent &Wake, const FunctionDecl *Path);
  void reportMissingWake(const ThreadWait &W, const SyncEvent &Store,
                         llvm::ArrayRef<SyncEvent> After,
                         const FunctionDecl *Path);
  /// A shutdown path that adds one item (a poison pill) to a queue several
  /// threads wait on, and sets no stop flag of the wait.
  void checkPills(const ThreadWait &W);
  /// Whether the thread takes the item off \p Queue before anything after
  /// its wait can leave: then a thread that leaves on a pill has consumed
  /// it. One that looks at the front and leaves leaves it for the next.
  bool takesBeforeLeaving(const ThreadWait &W, const ValueDecl *Queue);
  void reportOnePill(const ThreadWait &W, const SyncEvent &Pill,
                     const ValueDecl *Queue);
  void reportOneWaiterWoken(const ThreadWait &W, const SyncEvent &Store,
                            const SyncEvent &Wake);
  /// Whether the notify of \p Wake is written in a shutdown path (the
  /// traced one, or a function it calls that is one itself): there a
  /// notify_all wakes no one it should not. A helper that other callers
  /// use to notify for new work is left as it is.
  bool notifiesOnlyAtShutdown(const SyncEvent &Wake);
  void reportJoinWithoutStop(const ThreadWait &W, const SyncEvent &Join,
                             const FunctionDecl *Path, const ValueDecl *Flag,
                             const FlagExit &Exit, const FunctionDecl *Writer);
  /// The wait, and what \p Flag must become for it to finish, as a note.
  void noteWait(const ThreadWait &W, const ValueDecl *Flag);
  /// The outermost function that stores into \p Flag a value that ends the
  /// wait; null when none does.
  const FunctionDecl *stopWriter(const ValueDecl *Flag, const FlagExit &Exit);

  ASTContext *Context = nullptr;
};

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_LOSTWAKEUPCHECK_H
