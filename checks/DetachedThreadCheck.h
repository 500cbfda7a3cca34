//===--- DetachedThreadCheck.h - threadleak ---------------------*- C++ -*-===//

#ifndef THREADLEAK_CHECKS_DETACHEDTHREADCHECK_H
#define THREADLEAK_CHECKS_DETACHEDTHREADCHECK_H

#include "ThreadLeakCheck.h"

namespace clang::tidy::threadleak {

/// Finds detached threads (std::thread::detach, pthread_detach, threads
/// created with PTHREAD_CREATE_DETACHED) whose body runs forever and
/// observes no stop request: nothing can stop or join them, so they leak
/// until the process exits.
///
/// For the user-facing documentation see:
/// docs/checks/detached-thread.md
class DetachedThreadCheck : public ThreadLeakCheck {
public:
  DetachedThreadCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerUserCodeMatchers(UserCodeMatchers &Matchers) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  void report(const DetachSite &D, const ThreadLaunch *Launch,
              const FunctionDecl *Body, const ForeverEvidence &Evidence);
  /// Who the warning is about: the detach, the launch, a wrapper's call.
  enum Subject { DetachedThread, CreatedDetachedThread, WrapperCall };
  /// The warning that \p What's thread never finishes (for WrapperCall, the
  /// wrapper's name is the caller's to add).
  DiagnosticBuilder warnForever(SourceLocation Loc, Subject What,
                                const ForeverEvidence &Evidence);
  /// A call of a thread wrapper whose thread is detached, running \p
  /// Call's argument, which runs forever.
  void reportWrapperCall(const ThreadLaunch &Call, const Expr *Detach,
                         const ForeverEvidence &Evidence);
  /// The note that says where \p Body loops or blocks forever.
  void evidenceNote(const FunctionDecl *Body, const ForeverEvidence &Evidence);
  std::optional<llvm::SmallVector<FixItHint, 4>>
  jthreadFix(const DetachSite &D, const ThreadLaunch &Launch,
             const ForeverEvidence &Evidence);

  const bool StrictMode;
  ASTContext *Context = nullptr;
  /// `pthread_detach(pthread_self())` calls, resolved at the end.
  std::vector<const CallExpr *> SelfDetaches;
};

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_DETACHEDTHREADCHECK_H
