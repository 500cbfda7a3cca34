//===--- DetachedThreadCheck.cpp - threadleak -----------------------------===//

#include "DetachedThreadCheck.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::threadleak {

DetachedThreadCheck::DetachedThreadCheck(StringRef Name,
                                         ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      StrictMode(Options.get("StrictMode", false)) {}

void DetachedThreadCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "StrictMode", StrictMode);
}

void DetachedThreadCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(
      cxxMemberCallExpr(callee(cxxMethodDecl(
                            hasName("detach"), ofClass(hasName("::std::thread")))))
          .bind("detach"),
      this);
}

void DetachedThreadCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Call = Result.Nodes.getNodeAs<CXXMemberCallExpr>("detach");
  if (StrictMode)
    diag(Call->getExprLoc(), "thread is detached");
}

} // namespace clang::tidy::threadleak
