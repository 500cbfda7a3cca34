// The Catch2 listener in real Catch2 binaries (Debian's catch2, v2). The
// first is this file with THREADLEAK_VERIFY_CATCH2(): the test case that
// leaks a thread fails at its TEST_CASE line, naming the thread; a thread
// that outlives a nested section but ends with the test case passes. The
// second, Inputs/catch2_options.cpp, registers a subclass with its own
// options: a shorter grace period and an ignored name.
//
// REQUIRES: catch2
// RUN: %clangxx -std=c++17 -c %S/Inputs/catch2_main.cpp -o %t.main.o
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pthread -I%threadleak_runtime_include %s %t.main.o -o %t
// RUN: not %t 2>&1 | FileCheck %s
// RUN: %t '~leaky worker' 2>&1 | FileCheck %s --check-prefix=CLEAN
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pthread -I%threadleak_runtime_include %S/Inputs/catch2_options.cpp %t.main.o -o %t.options
// RUN: not %t.options 2>&1 | FileCheck %S/Inputs/catch2_options.cpp

// Catch2 prints the failed test cases only, with their failures. The CHECK
// lines of each test case stand above it.

// CLEAN: All tests passed (3 assertions in 2 test cases)

#include "threadleak/verify_catch2.h"

#include <future>
#include <pthread.h>
#include <thread>
#include <unistd.h>

THREADLEAK_VERIFY_CATCH2();

TEST_CASE("joined worker") {
  int Result = 0;
  std::thread Worker([&Result] { Result = 42; });
  Worker.join();
  CHECK(Result == 42);
}

// CHECK-NOT: joined worker
// CHECK: leaky worker
// CHECK: catch2-listener.cpp:[[#@LINE+6]]: FAILED:
// CHECK-NEXT: explicitly with message:
// CHECK-NEXT: threadleak: 1 thread started since the snapshot is still running after waiting {{[0-9]+}} ms (grace period 1000 ms):
// CHECK-NEXT: {{^}}    thread {{[0-9]+}} "leaky-worker", sleeping
// CHECK-NEXT: threadleak: name each thread
// CHECK-NOT: sections
TEST_CASE("leaky worker") {
  std::thread Worker([] {
    for (;;)
      pause();
  });
  pthread_setname_np(Worker.native_handle(), "leaky-worker");
  Worker.detach();
}

// The worker is blocked until the end of the test body, after both
// sections have ended: only a check at the end of the test case passes.
TEST_CASE("sections") {
  std::promise<void> Release;
  std::thread Worker([Released = Release.get_future()] { Released.wait(); });
  SECTION("first") { CHECK(Worker.joinable()); }
  SECTION("second") { CHECK(Worker.joinable()); }
  Release.set_value();
  Worker.join();
}

// CHECK: test cases: 3 | 2 passed | 1 failed
