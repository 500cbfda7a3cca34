//===--- threadleak-tidy.cpp - clang-tidy with the threadleak checks ------===//
//
// A drop-in clang-tidy that contains every upstream module plus threadleak's,
// for setups where `--load` of a plugin is impractical.
//
//===----------------------------------------------------------------------===//

#include "clang-tidy/tool/ClangTidyMain.h"

namespace clang::tidy {
// Defined next to the module's registration; referencing it keeps that
// registration in the link.
extern volatile int ThreadLeakModuleAnchorSource;
} // namespace clang::tidy

int main(int argc, const char **argv) {
  (void)clang::tidy::ThreadLeakModuleAnchorSource;
  return clang::tidy::clangTidyMain(argc, argv);
}
