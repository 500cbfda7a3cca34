//===--- threadleak-clangd.cpp - clangd with the threadleak checks --------===//
//
// Stock clangd cannot load clang-tidy plugins, so editors get the threadleak
// checks from this clangd, which links them in.
//
//===----------------------------------------------------------------------===//

#include <cstring>
#include <string>
#include <vector>

namespace clang {
namespace clangd {
// Entry point of clangd's static libraries; Debian installs no header for it.
int clangdMain(int argc, char **argv);
} // namespace clangd

namespace tidy {
// Defined next to the module's registration; referencing it keeps that
// registration in the link.
extern volatile int ThreadLeakModuleAnchorSource;
} // namespace tidy
} // namespace clang

static bool isResourceDirFlag(const char *Arg) {
  return std::strncmp(Arg, "-resource-dir", 13) == 0 ||
         std::strncmp(Arg, "--resource-dir", 14) == 0;
}

int main(int argc, char *argv[]) {
  (void)clang::tidy::ThreadLeakModuleAnchorSource;
  // clangd looks for clang's resource directory (builtin headers, sanitizer
  // ignore lists) next to its own binary, which is not where ours is
  // installed. Unless the user names one, use the one of the LLVM we were
  // built against.
  std::vector<char *> Args(argv, argv + argc);
  bool HasResourceDir = false;
  for (char *Arg : Args)
    HasResourceDir |= isResourceDirFlag(Arg);
  static std::string ResourceDirFlag =
      "--resource-dir=" THREADLEAK_CLANG_RESOURCE_DIR;
  if (!HasResourceDir)
    Args.insert(Args.begin() + 1, ResourceDirFlag.data());
  Args.push_back(nullptr);
  return clang::clangd::clangdMain(static_cast<int>(Args.size() - 1),
                                   Args.data());
}
