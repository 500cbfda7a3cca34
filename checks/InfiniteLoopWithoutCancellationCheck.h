//===--- InfiniteLoopWithoutCancellationCheck.h - threadleak ----*- C++ -*-===//

#ifndef THREADLEAK_CHECKS_INFINITELOOPWITHOUTCANCELLATIONCHECK_H
#define THREADLEAK_CHECKS_INFINITELOOPWITHOUTCANCELLATIONCHECK_H

#include "ThreadLeakCheck.h"

namespace clang::tidy::threadleak {

/// Finds loops with a constant-true condition, in a thread body or a function
/// it reaches, that nothing can leave: no break, return, throw or goto out,
/// no call that never returns, and no read of a stop token or stop flag. The
/// thread running such a loop can never finish.
///
/// For the user-facing documentation see:
/// docs/checks/infinite-loop-without-cancellation.md
class InfiniteLoopWithoutCancellationCheck : public ThreadLeakCheck {
public:
  using ThreadLeakCheck::ThreadLeakCheck;
  void onEndOfTranslationUnit() override;

private:
  void report(const EndlessLoop &Loop, const FunctionFacts &Facts,
              const FunctionDecl *InFunction, const ThreadLaunch &Launch);

  ASTContext *Context = nullptr;
};

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_INFINITELOOPWITHOUTCANCELLATIONCHECK_H
