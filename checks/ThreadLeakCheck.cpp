//===--- ThreadLeakCheck.cpp - threadleak ---------------------------------===//

#include "ThreadLeakCheck.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

namespace clang::tidy::threadleak {

static std::vector<std::string> parseNames(StringRef Option) {
  std::vector<std::string> Names;
  llvm::SmallVector<StringRef, 4> Parts;
  Option.split(Parts, ';', -1, /*KeepEmpty=*/false);
  for (StringRef Part : Parts) {
    Part = Part.trim();
    Part.consume_front("::");
    if (!Part.empty())
      Names.push_back(Part.str());
  }
  return Names;
}

ThreadLeakCheck::ThreadLeakCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ThreadLaunchersOption(Options.getLocalOrGlobal("ThreadLaunchers", "")),
      BlockingFunctionsOption(
          Options.getLocalOrGlobal("BlockingFunctions", "")),
      MaxCallDepth(Options.getLocalOrGlobal("MaxCallDepth", 4U)),
      ThreadLaunchers(parseNames(ThreadLaunchersOption)) {}

void ThreadLeakCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ThreadLaunchers", ThreadLaunchersOption);
  Options.store(Opts, "BlockingFunctions", BlockingFunctionsOption);
  Options.store(Opts, "MaxCallDepth", MaxCallDepth);
}

void ThreadLeakCheck::onStartOfTranslationUnit() {
  Analysis.reset();
  Reported.clear();
}

void ThreadLeakCheck::registerLaunchMatchers(
    ast_matchers::MatchFinder *Finder) {
  for (const ast_matchers::StatementMatcher &Launch :
       threadLaunchMatchers(ThreadLaunchers))
    Finder->addMatcher(Launch, this);
}

ThreadAnalysis &ThreadLeakCheck::analysis(ASTContext &Context) {
  if (!Analysis)
    Analysis = std::make_unique<ThreadAnalysis>(
        Context, MaxCallDepth, parseBlockingFunctions(BlockingFunctionsOption));
  return *Analysis;
}

bool ThreadLeakCheck::firstReportAt(SourceLocation Loc) {
  return Reported.insert(Loc).second;
}

} // namespace clang::tidy::threadleak
