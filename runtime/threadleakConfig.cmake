# find_package(threadleak CONFIG) of an installed threadleak: provides
# threadleak::verify, the header-only run-time check (docs/runtime.md).
include(CMakeFindDependencyMacro)
find_dependency(Threads)
include(${CMAKE_CURRENT_LIST_DIR}/threadleak-verify-targets.cmake)
