# Debian package of one LLVM version: threadleak-NN, installed under
# /opt/threadleak-NN (nothing of Debian's lives there, and the packages of
# both versions install side by side). Build it in a configured and built
# build directory with `ninja -C build-NN package` or
# `cpack --config build-NN/CPackConfig.cmake`. See docs/packages.md.

# One version for the package and the SARIF logs: tool/threadleak_common.py.
file(STRINGS ${CMAKE_CURRENT_SOURCE_DIR}/tool/threadleak_common.py
  threadleak_version_line REGEX "^VERSION = \"[^\"]+\"$")
string(REGEX REPLACE "^VERSION = \"([^\"]+)\"$" "\\1" THREADLEAK_VERSION
  "${threadleak_version_line}")
if(NOT THREADLEAK_VERSION)
  message(FATAL_ERROR "no VERSION = \"...\" line in tool/threadleak_common.py")
endif()

set(v ${THREADLEAK_LLVM_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME threadleak-${v})
set(CPACK_PACKAGE_VERSION ${THREADLEAK_VERSION})
set(CPACK_PACKAGE_CONTACT "threadleak developers <threadleak@invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "clang-tidy checks that find thread leaks in C++ (LLVM ${v})")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
  "The threadleak checks as a plugin for clang-tidy-${v} (--load), as\n"
  "threadleak-tidy (clang-tidy with the checks built in) and as\n"
  "threadleak-clangd (clangd with them, for editors), with threadleak-ci\n"
  "(CI driver, SARIF output) and threadleak-pre-commit (git hook).")
set(CPACK_PACKAGING_INSTALL_PREFIX /opt/threadleak-${v})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
# The binaries use the shared LLVM and clang libraries of that version and,
# threadleak-clangd, the gRPC runtime clangd-NN depends on; the clang
# resource directory comes with clang-tidy-NN (libclang-common-NN-dev). The
# scripts need Python 3 with PyYAML and git.
set(threadleak_depends clang-tidy-${v} libclang-cpp${v} libllvm${v} python3 python3-yaml git)
if(THREADLEAK_BUILD_CLANGD)
  list(APPEND threadleak_depends clangd-${v})
endif()
list(JOIN threadleak_depends ", " CPACK_DEBIAN_PACKAGE_DEPENDS)
# gzip: xz takes several times longer on these ~40 MB of binaries.
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)
include(CPack)
