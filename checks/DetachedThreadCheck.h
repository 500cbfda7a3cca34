//===--- DetachedThreadCheck.h - threadleak ---------------------*- C++ -*-===//

#ifndef THREADLEAK_CHECKS_DETACHEDTHREADCHECK_H
#define THREADLEAK_CHECKS_DETACHEDTHREADCHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::threadleak {

/// Finds detached threads whose body runs forever and observes no stop
/// request: they can never be joined or shut down and leak until the process
/// exits.
///
/// For the user-facing documentation see:
/// docs/checks/detached-thread.md
class DetachedThreadCheck : public ClangTidyCheck {
public:
  DetachedThreadCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  const bool StrictMode;
};

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_DETACHEDTHREADCHECK_H
