//===--- threadleak-clangd.cpp - clangd with the threadleak checks --------===//
//
// Stock clangd cannot load clang-tidy plugins, so editors get the threadleak
// checks from this clangd, which links them in.
//
//===----------------------------------------------------------------------===//

namespace clang {
namespace clangd {
// Entry point of clangd's static libraries; Debian installs no header for it.
int clangdMain(int argc, char *argv[]);
} // namespace clangd

namespace tidy {
// Defined next to the module's registration; referencing it keeps that
// registration in the link.
extern volatile int ThreadLeakModuleAnchorSource;
} // namespace tidy
} // namespace clang

int main(int argc, char *argv[]) {
  (void)clang::tidy::ThreadLeakModuleAnchorSource;
  return clang::clangd::clangdMain(argc, argv);
}
