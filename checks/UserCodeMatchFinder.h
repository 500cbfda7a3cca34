//===--- UserCodeMatchFinder.h - threadleak ---------------------*- C++ -*-===//
//
// The match finder the threadleak checks register their matchers with. It
// runs them once per run, for every threadleak check, over the translation
// unit's own code only: the top-level declarations that are not in a
// system header. clang-tidy 22 and clangd skip system headers already;
// LLVM 19's clang-tidy tries every matcher on every node of the standard
// library and of -isystem dependencies, which cost more than the checks'
// analyses (and, under --enable-check-profile, a clock read per matcher
// and node).
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_USERCODEMATCHFINDER_H
#define THREADLEAK_CHECKS_USERCODEMATCHFINDER_H

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include <memory>

namespace clang::tidy::threadleak {

class UserCodeMatchFinder : public ast_matchers::MatchFinder::MatchCallback {
public:
  /// The finder of the run that \p RunFinder (clang-tidy's match finder)
  /// belongs to, made and hooked into \p RunFinder by the first check that
  /// asks. It lives as long as one of the checks that hold it.
  static std::shared_ptr<UserCodeMatchFinder>
  forRun(ast_matchers::MatchFinder &RunFinder);

  /// Where the checks add their matchers.
  ast_matchers::MatchFinder &finder() { return Finder; }

  /// The profile bucket of every threadleak matcher (not a check).
  StringRef getID() const override { return "threadleak-matchers"; }
  /// On the match of the translation unit, which clang-tidy's finder makes
  /// before it visits anything else, runs the checks' matchers over the
  /// translation unit's own code.
  void run(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  ast_matchers::MatchFinder Finder;
};

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_USERCODEMATCHFINDER_H
