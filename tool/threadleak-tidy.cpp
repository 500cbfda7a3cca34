//===--- threadleak-tidy.cpp - clang-tidy with the threadleak checks ------===//
//
// A drop-in clang-tidy that contains every upstream module plus threadleak's,
// for setups where `--load` of a plugin is impractical.
//
//===----------------------------------------------------------------------===//

#include "clang-tidy/tool/ClangTidyMain.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"
#include <string>
#include <vector>

namespace clang::tidy {
// Defined next to the module's registration; referencing it keeps that
// registration in the link.
extern volatile int ThreadLeakModuleAnchorSource;
} // namespace clang::tidy

/// The directory named by `-p DIR` / `-p=DIR` (also with `--`), or "".
static std::string buildPathArgument(int Argc, const char **Argv) {
  for (int I = 1; I < Argc; ++I) {
    llvm::StringRef Arg = Argv[I];
    if (Arg == "--")
      break;
    if ((Arg == "-p" || Arg == "--p") && I + 1 < Argc)
      return Argv[I + 1];
    if (Arg.consume_front("-p=") || Arg.consume_front("--p="))
      return Arg.str();
  }
  return "";
}

int main(int argc, const char **argv) {
  (void)clang::tidy::ThreadLeakModuleAnchorSource;
  // clang-tidy runs "without flags" when the compile database named by -p
  // cannot be loaded, and then misses every finding silently. In CI that is
  // a broken setup, not a clean result: stop with an error instead.
  std::string BuildPath = buildPathArgument(argc, argv);
  if (!BuildPath.empty()) {
    std::string Error;
    if (!clang::tooling::CompilationDatabase::autoDetectFromDirectory(BuildPath,
                                                                      Error)) {
      llvm::errs() << "error: no compilation database found in '" << BuildPath
                   << "' or its parents (" << Error << ")\n";
      return 1;
    }
  }
  // clang-tidy looks for clang's resource directory (builtin headers,
  // sanitizer ignore lists) next to its own binary, which is not where ours
  // is installed. Name the one of the LLVM we were built against; a
  // -resource-dir in the compile command or a user's extra argument comes
  // later and wins.
  std::vector<const char *> Args(argv, argv + argc);
  Args.insert(
      Args.begin() + 1,
      "--extra-arg-before=-resource-dir=" THREADLEAK_CLANG_RESOURCE_DIR);
  Args.push_back(nullptr);
  return clang::tidy::clangTidyMain(static_cast<int>(Args.size() - 1),
                                    Args.data());
}
