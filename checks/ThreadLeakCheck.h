//===--- ThreadLeakCheck.h - threadleak -------------------------*- C++ -*-===//
//
// Base of every threadleak check: the options of the shared analysis
// (ThreadLaunchers, BlockingFunctions, MaxCallDepth) and one ThreadAnalysis
// per translation unit.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_THREADLEAKCHECK_H
#define THREADLEAK_CHECKS_THREADLEAKCHECK_H

#include "ThreadAnalysis.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>

namespace clang::tidy::threadleak {

class ThreadLeakCheck : public ClangTidyCheck {
public:
  ThreadLeakCheck(StringRef Name, ClangTidyContext *Context);
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override;

protected:
  /// Registers threadLaunchMatchers (with the ThreadLaunchers option) for
  /// this check; each match binds "launch".
  void registerLaunchMatchers(ast_matchers::MatchFinder *Finder);
  /// The shared analysis for the current translation unit.
  ThreadAnalysis &analysis(ASTContext &Context);
  /// Qualified names from the ThreadLaunchers option.
  const std::vector<std::string> &threadLaunchers() const {
    return ThreadLaunchers;
  }
  /// True the first time a location is reported in this translation unit, so
  /// a template instantiated many times yields one diagnostic.
  bool firstReportAt(SourceLocation Loc);

private:
  const std::string ThreadLaunchersOption;
  const std::string BlockingFunctionsOption;
  const unsigned MaxCallDepth;
  const std::vector<std::string> ThreadLaunchers;
  std::unique_ptr<ThreadAnalysis> Analysis;
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_THREADLEAKCHECK_H
