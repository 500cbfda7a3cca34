//===--- ExceptionUnsafeCompletionCheck.h - threadleak ----------*- C++ -*-===//

#ifndef THREADLEAK_CHECKS_EXCEPTIONUNSAFECOMPLETIONCHECK_H
#define THREADLEAK_CHECKS_EXCEPTIONUNSAFECOMPLETIONCHECK_H

#include "ThreadLeakCheck.h"
#include "analysis/CompletionSignals.h"
#include "llvm/ADT/DenseMap.h"
#include <optional>

namespace clang::tidy::threadleak {

/// threadleak-exception-unsafe-completion: in a thread body, or a function
/// it reaches, a completion signal a waiter depends on (a latch's
/// count_down, a barrier's arrive, a promise's set_value, a semaphore's
/// release, a counter or flag set and then notified, a CompletionSignals
/// function) comes after a call that may throw, and when it throws the
/// exception is caught (a catch that swallows it, std::async or a pool that
/// stores it) with no destructor, scope guard or catch-all that signals: the
/// waiter then waits forever. Not when every waiter the translation unit
/// shows waits with a deadline: then the skipped signal costs it its
/// timeout. The C++ form of Go's WaitGroup.Done skipped by a recovered
/// panic.
///
/// For the user-facing documentation see:
/// docs/checks/exception-unsafe-completion.md
class ExceptionUnsafeCompletionCheck : public ThreadLeakCheck {
public:
  ExceptionUnsafeCompletionCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onEndOfTranslationUnit() override;

  /// A call on the way from the thread body to the analysed function, and
  /// what surrounds it in its caller (defined in the .cpp).
  struct Frame;

private:
  void analyseLaunch(const ThreadLaunch &Launch);
  CompletionWaiters &waiters();

  const std::string CompletionSignalsOption;
  const std::vector<std::string> UserSignals;
  ASTContext *Context = nullptr;
  /// Whether a function, or one it reaches, signals completion (memo).
  llvm::DenseMap<const FunctionDecl *, bool> SignalsMemo;
  /// Who waits for the signals of the translation unit (built on first
  /// use).
  std::optional<CompletionWaiters> Waiters;
  friend class CompletionWalker;
};

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_EXCEPTIONUNSAFECOMPLETIONCHECK_H
