//===--- DetachedThreadCheck.h - threadleak ---------------------*- C++ -*-===//

#ifndef THREADLEAK_CHECKS_DETACHEDTHREADCHECK_H
#define THREADLEAK_CHECKS_DETACHEDTHREADCHECK_H

#include "ThreadLeakCheck.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

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
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  /// A place where a thread is detached, resolved once the whole TU has
  /// been seen (the launch may come after the detach in the source).
  struct Detach {
    const Expr *Site = nullptr;
    /// The thread object or handle detached, when it is a named one.
    const ValueDecl *Thread = nullptr;
    /// The launch, when a temporary thread is detached or the thread was
    /// created detached.
    std::optional<ThreadLaunch> Launch;
    /// `pthread_detach(pthread_self())`: the function detaching itself.
    const FunctionDecl *Self = nullptr;
  };

  void report(const Detach &D, const ThreadLaunch *Launch,
              const FunctionDecl *Body, const ForeverEvidence &Evidence);
  std::optional<llvm::SmallVector<FixItHint, 4>>
  jthreadFix(const Detach &D, const ThreadLaunch &Launch,
             const ForeverEvidence &Evidence);

  const bool StrictMode;
  ASTContext *Context = nullptr;
  std::vector<Detach> Detaches;
  std::vector<ThreadLaunch> Launches;
  llvm::DenseMap<const ValueDecl *, llvm::SmallVector<ThreadLaunch, 1>>
      LaunchesByThread;
  /// pthread_create calls with their attribute object.
  std::vector<std::pair<ThreadLaunch, const ValueDecl *>> PthreadLaunches;
  llvm::DenseSet<const ValueDecl *> DetachedAttributes;
};

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_DETACHEDTHREADCHECK_H
