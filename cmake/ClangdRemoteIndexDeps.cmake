# Debian builds clangd with the remote index, so its static libraries need
# gRPC and protobuf. Their exported link interface names them as bare library
# names (LLVM 19: grpc++, grpc, gpr, protobuf, absl_synchronization) or as
# targets from gRPC's CMake package (LLVM 22: gRPC::grpc++,
# protobuf::libprotobuf). Neither resolves without libgrpc++-dev, but
# clangd-NN depends on the runtime libraries, so define those names as
# imported targets over the runtime .so files.

# Sets VAR to the shared library for NAME: the development symlink if
# present, else the runtime library with the shortest (soname) file name.
function(threadleak_find_runtime_library var name)
  find_library(THREADLEAK_LIB_${name} NAMES ${name})
  if(THREADLEAK_LIB_${name})
    set(${var} ${THREADLEAK_LIB_${name}} PARENT_SCOPE)
    return()
  endif()
  set(candidates)
  foreach(dir ${CMAKE_CXX_IMPLICIT_LINK_DIRECTORIES})
    file(GLOB found ${dir}/lib${name}.so.*)
    list(APPEND candidates ${found})
  endforeach()
  if(NOT candidates)
    message(FATAL_ERROR "lib${name}.so not found. threadleak-clangd needs the "
      "gRPC/protobuf runtime libraries that clangd-${LLVM_VERSION_MAJOR} "
      "depends on: install clangd-${LLVM_VERSION_MAJOR} "
      "(tool/install-deps.sh), or configure with -DTHREADLEAK_BUILD_CLANGD=OFF")
  endif()
  set(shortest)
  foreach(candidate ${candidates})
    string(LENGTH "${candidate}" length)
    if(NOT shortest OR length LESS shortest_length)
      set(shortest ${candidate})
      set(shortest_length ${length})
    endif()
  endforeach()
  set(${var} ${shortest} PARENT_SCOPE)
endfunction()

# Defines imported target TARGET linking the libraries NAMES.
function(threadleak_runtime_target target)
  if(TARGET ${target})
    return()
  endif()
  add_library(${target} INTERFACE IMPORTED)
  foreach(name ${ARGN})
    threadleak_find_runtime_library(path ${name})
    target_link_libraries(${target} INTERFACE ${path})
  endforeach()
endfunction()

set(THREADLEAK_GRPC_LIBRARIES grpc++ grpc gpr absl_synchronization)
foreach(name ${THREADLEAK_GRPC_LIBRARIES} protobuf)
  threadleak_runtime_target(${name} ${name})
endforeach()
threadleak_runtime_target(gRPC::grpc++ ${THREADLEAK_GRPC_LIBRARIES})
threadleak_runtime_target(protobuf::libprotobuf protobuf)
