//===--- UserCodeMatchFinder.cpp - threadleak -----------------------------===//

#include "UserCodeMatchFinder.h"
#include "analysis/SystemHeaders.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/DenseMap.h"
#include <mutex>

namespace clang::tidy::threadleak {

using namespace ast_matchers;

std::shared_ptr<UserCodeMatchFinder>
UserCodeMatchFinder::forRun(MatchFinder &RunFinder) {
  // clangd builds several files at once, each with its own finder.
  static std::mutex Lock;
  static llvm::DenseMap<const MatchFinder *, std::weak_ptr<UserCodeMatchFinder>>
      Runs;
  std::scoped_lock Guard(Lock);
  std::weak_ptr<UserCodeMatchFinder> &Run = Runs[&RunFinder];
  if (std::shared_ptr<UserCodeMatchFinder> Existing = Run.lock())
    return Existing;
  // A finder at the address of one that is gone starts a new run.
  for (auto It = Runs.begin(); It != Runs.end();) {
    auto Next = std::next(It);
    if (It->first != &RunFinder && It->second.expired())
      Runs.erase(It);
    It = Next;
  }
  auto Made = std::make_shared<UserCodeMatchFinder>();
  RunFinder.addMatcher(translationUnitDecl(), Made.get());
  Runs[&RunFinder] = Made;
  return Made;
}

void UserCodeMatchFinder::run(const MatchFinder::MatchResult &Result) {
  ASTContext &Context = *Result.Context;
  const SourceManager &SM = Context.getSourceManager();
  auto IsOwnCode = [&](const Decl *D) { return !isInSystemHeader(D, SM); };
  // The traversal scope is what clangd limits to the main file; it is put
  // back for the checks that run after this one.
  std::vector<Decl *> Scope = Context.getTraversalScope();
  std::vector<Decl *> OwnCode;
  for (Decl *D : Scope) {
    if (auto *Unit = dyn_cast<TranslationUnitDecl>(D)) {
      for (Decl *TopLevel : Unit->decls())
        if (IsOwnCode(TopLevel))
          OwnCode.push_back(TopLevel);
    } else if (IsOwnCode(D)) {
      OwnCode.push_back(D);
    }
  }
  Context.setTraversalScope(OwnCode);
  Finder.matchAST(Context);
  Context.setTraversalScope(Scope);
}

} // namespace clang::tidy::threadleak
