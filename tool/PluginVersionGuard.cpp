//===--- PluginVersionGuard.cpp - refuse a clang-tidy of another version --===//
//
// clang-tidy loads a plugin built for another LLVM major version, lists its
// checks, then silently reports nothing. This guard turns that into an error.
// The plugin links nothing, so getClangFullVersion() resolves to the host's
// libclang-cpp and describes the host, while CLANG_VERSION_MAJOR is the
// version the plugin was compiled against.
//
//===----------------------------------------------------------------------===//

#include "clang/Basic/Version.h"
#include <cstdio>
#include <cstdlib>
#include <string>

/// Returns the major version in e.g. "Debian clang version 22.1.8 (...)", or
/// -1 if there is none.
static int parseMajorVersion(const std::string &FullVersion) {
  const std::string Marker = "version ";
  std::string::size_type Pos = FullVersion.find(Marker);
  if (Pos == std::string::npos)
    return -1;
  const char *Begin = FullVersion.c_str() + Pos + Marker.size();
  char *End = nullptr;
  long Major = std::strtol(Begin, &End, 10);
  return End == Begin ? -1 : static_cast<int>(Major);
}

// Priority 101 runs this before the plugin's default-priority static
// initializers, so a mismatched module never registers.
__attribute__((constructor(101))) static void checkHostVersion() {
  int HostMajor = parseMajorVersion(clang::getClangFullVersion());
  // An unrecognized version string is let through rather than blocking a
  // host that might well be compatible.
  if (HostMajor < 0 || HostMajor == CLANG_VERSION_MAJOR)
    return;
  std::fprintf(stderr,
               "error: threadleak plugin was built for LLVM %d but is loaded "
               "into clang-tidy %d; use clang-tidy-%d or rebuild with "
               "-DTHREADLEAK_LLVM_VERSION=%d\n",
               CLANG_VERSION_MAJOR, HostMajor, CLANG_VERSION_MAJOR, HostMajor);
  std::_Exit(1);
}
