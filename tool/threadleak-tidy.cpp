//===--- threadleak-tidy.cpp - clang-tidy with the threadleak checks ------===//
//
// A drop-in clang-tidy that contains every upstream module plus threadleak's,
// for setups where `--load` of a plugin is impractical.
//
//===----------------------------------------------------------------------===//

#include "clang-tidy/tool/ClangTidyMain.h"
#include <vector>

namespace clang::tidy {
// Defined next to the module's registration; referencing it keeps that
// registration in the link.
extern volatile int ThreadLeakModuleAnchorSource;
} // namespace clang::tidy

int main(int argc, const char **argv) {
  (void)clang::tidy::ThreadLeakModuleAnchorSource;
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
