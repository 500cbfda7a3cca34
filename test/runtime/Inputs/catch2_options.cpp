// A Catch2 test binary whose listener overrides options(): a 100 ms grace
// period, and threads named "logger" may outlive a test case. Run by
// ../catch2-listener.cpp, which checks this file's CHECK lines.

// CHECK-NOT: ignored logger
// CHECK: leaky worker
// CHECK: FAILED:
// CHECK-NEXT: explicitly with message:
// CHECK-NEXT: threadleak: 1 thread started since the snapshot is still running after waiting {{[0-9]+}} ms (grace period 100 ms):
// CHECK-NEXT: {{^}}    thread {{[0-9]+}} "worker", sleeping
// CHECK: test cases: 2 | 1 passed | 1 failed

#include "threadleak/verify_catch2.h"

#include <chrono>
#include <pthread.h>
#include <thread>
#include <unistd.h>

namespace {

struct LeakCheck : threadleak::Catch2Listener {
  using Catch2Listener::Catch2Listener;
  threadleak::VerifyOptions options() const override {
    return {std::chrono::milliseconds(100), {"logger"}};
  }
};

void startBlockedForever(const char *Name) {
  std::thread Blocked([] {
    for (;;)
      pause();
  });
  pthread_setname_np(Blocked.native_handle(), Name);
  Blocked.detach();
}

} // namespace

CATCH_REGISTER_LISTENER(LeakCheck)

TEST_CASE("ignored logger") { startBlockedForever("logger"); }

TEST_CASE("leaky worker") { startBlockedForever("worker"); }
