// The GoogleTest listener in a real GoogleTest binary linked with Debian's
// libgtest and gtest_main: the test that leaks a thread fails at its TEST
// line, naming the thread; the one before it and the one after it pass (the
// leaked thread is older than the next test's snapshot). A fixture whose
// TearDown joins its thread passes: the check runs after TearDown.
//
// REQUIRES: gtest
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pthread -I%threadleak_runtime_include %s -o %t -lgtest_main -lgtest
// RUN: not %t 2>&1 | FileCheck %s
// RUN: %t --gtest_filter=-Workers.Leaks 2>&1 | FileCheck %s --check-prefix=CLEAN

// The tests run in the order of this file; the CHECK lines of each test
// stand above it.

// CLEAN: [  PASSED  ] 3 tests.

#include "threadleak/verify_gtest.h"

#include <chrono>
#include <pthread.h>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

THREADLEAK_VERIFY_GTEST(threadleak::VerifyOptions{200ms, {}});

// CHECK: [ RUN      ] Workers.Joined
// CHECK-NEXT: [       OK ] Workers.Joined
TEST(Workers, Joined) {
  std::thread Worker([] { std::this_thread::sleep_for(10ms); });
  Worker.join();
}

// CHECK-NEXT: [ RUN      ] Workers.Leaks
// CHECK-NEXT: {{.*}}gtest-listener.cpp:[[#@LINE+6]]: Failure
// CHECK-NEXT: Failed
// CHECK-NEXT: threadleak: 1 thread started since the snapshot is still running after waiting {{[0-9]+}} ms (grace period 200 ms):
// CHECK-NEXT: {{^}}  thread {{[0-9]+}} "leaky-worker", sleeping
// CHECK-NEXT: threadleak: name each thread
// CHECK: [  FAILED  ] Workers.Leaks
TEST(Workers, Leaks) {
  std::thread Worker([] {
    for (;;)
      pause();
  });
  pthread_setname_np(Worker.native_handle(), "leaky-worker");
  Worker.detach();
}

// CHECK-NEXT: [ RUN      ] Workers.AfterTheLeak
// CHECK-NEXT: [       OK ] Workers.AfterTheLeak
TEST(Workers, AfterTheLeak) { SUCCEED(); }

class WithFixture : public ::testing::Test {
protected:
  void SetUp() override {
    Worker = std::thread([] { std::this_thread::sleep_for(10ms); });
  }
  void TearDown() override { Worker.join(); }

  std::thread Worker;
};

// CHECK: [ RUN      ] WithFixture.JoinedInTearDown
// CHECK-NEXT: [       OK ] WithFixture.JoinedInTearDown
TEST_F(WithFixture, JoinedInTearDown) { EXPECT_TRUE(Worker.joinable()); }

// CHECK: [  FAILED  ] 1 test, listed below:
// CHECK-NEXT: [  FAILED  ] Workers.Leaks
