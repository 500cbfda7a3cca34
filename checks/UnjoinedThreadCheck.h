//===--- UnjoinedThreadCheck.h - threadleak ---------------------*- C++ -*-===//

#ifndef THREADLEAK_CHECKS_UNJOINEDTHREADCHECK_H
#define THREADLEAK_CHECKS_UNJOINEDTHREADCHECK_H

#include "ThreadLeakCheck.h"
#include "analysis/JoinablePaths.h"
#include "llvm/ADT/SetVector.h"

namespace clang::tidy::threadleak {

/// Finds threads that are never joined: a local std::thread that some path
/// (an early return, break or continue, an exception) destroys while
/// joinable; a class whose std::thread members its destructor neither joins
/// nor detaches; threads started into a container in a loop that a failing
/// start would destroy joinable; a pthread_t never joined or detached; a
/// discarded temporary std::thread. Destroying a joinable std::thread calls
/// std::terminate; a pthread never joined keeps its stack.
///
/// For the user-facing documentation see:
/// docs/checks/unjoined-thread.md
class UnjoinedThreadCheck : public ThreadLeakCheck {
public:
  UnjoinedThreadCheck(StringRef Name, ClangTidyContext *Context)
      : ThreadLeakCheck(Name, Context) {}
  void registerUserCodeMatchers(UserCodeMatchers &Matchers) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  void checkLocalThreads(const FunctionDecl *F);
  void reportLocal(const std::vector<JoinableExit> &Exits,
                   const FunctionDecl *F);
  void checkMember(const FieldDecl *Field);
  /// A destructor of \p Class, or the tear-down its test framework runs
  /// before it, that joins \p Field only on a flag its thread writes.
  void reportSkippedJoin(const FunctionDecl *Dtor, const CXXRecordDecl *Class,
                         const FieldDecl *Field, const Stmt *Start);
  void checkPthread(const ThreadLaunch &Launch);
  void checkContainerLoops(const FunctionDecl *F);
  void checkDetached(const CXXMemberCallExpr *Detach,
                     const ThreadLaunch &Launch);
  std::optional<FixItHint> localJThreadFix(const VarDecl *Var,
                                           const FunctionDecl *F);
  std::optional<FixItHint> memberJThreadFix(const FieldDecl *Field);

  ASTContext *Context = nullptr;
  llvm::SetVector<const FunctionDecl *> FunctionsWithThreads;
  llvm::SetVector<const FunctionDecl *> FunctionsWithContainerLaunches;
  llvm::SetVector<const FieldDecl *> ThreadMembers;
  std::vector<std::pair<const CXXMemberCallExpr *, ThreadLaunch>> Detaches;
};

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_UNJOINEDTHREADCHECK_H
