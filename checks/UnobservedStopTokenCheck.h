//===--- UnobservedStopTokenCheck.h - threadleak ----------------*- C++ -*-===//

#ifndef THREADLEAK_CHECKS_UNOBSERVEDSTOPTOKENCHECK_H
#define THREADLEAK_CHECKS_UNOBSERVEDSTOPTOKENCHECK_H

#include "ThreadLeakCheck.h"

namespace clang::tidy::threadleak {

/// Finds std::jthread bodies that a stop request cannot end: a body that
/// takes a std::stop_token and never consults it while it loops forever or
/// blocks; a body without a std::stop_token that runs forever (the jthread
/// destructor's join then hangs); and condition variable waits, in a thread
/// body that has a stop token, which a stop request cannot wake.
///
/// For the user-facing documentation see:
/// docs/checks/unobserved-stop-token.md
class UnobservedStopTokenCheck : public ThreadLeakCheck {
public:
  using ThreadLeakCheck::ThreadLeakCheck;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus20;
  }
  void onEndOfTranslationUnit() override;

private:
  void checkJThread(const ThreadLaunch &Launch,
                    const ForeverEvidence &Evidence);
  void checkWaits(const ThreadLaunch &Launch);
  void noteEvidence(const ForeverEvidence &Evidence, const FunctionDecl *Body,
                    const ValueDecl *Token);
  std::optional<FixItHint> waitWithTokenFix(const CallExpr *Wait,
                                            const ValueDecl *Token);

  ASTContext *Context = nullptr;
};

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_UNOBSERVEDSTOPTOKENCHECK_H
