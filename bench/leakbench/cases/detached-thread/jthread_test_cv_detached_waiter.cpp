// CASE: condition_variable_any unit test starts a waiter that blocks on the fixture's cv with a stop_token, detaches it and returns without requesting stop; the waiter outlives the test
// SOURCE: https://github.com/josuttis/jthread/pull/21  (josuttis/jthread pull request 21)
// FIX: join the waiter threads at the end of the test (after requesting stop) instead of detaching them
// EXPECT-RUNTIME: leak
#include "oracle.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <stop_token>
#include <thread>

struct CvFixture {
  std::mutex mtx;
  std::condition_variable_any cv;
  std::stop_source source;
  bool ready = false;
  bool waitReturned = false;
};

static bool TestWaitBlocksUntilReady(CvFixture& fx) {
  std::thread waiter([&fx] {
    std::unique_lock<std::mutex> lk(fx.mtx);
    fx.cv.wait(lk, fx.source.get_token(), [&fx] { return fx.ready; });
    fx.waitReturned = true;
  });
  waiter.detach();  // LEAK(detached-thread)
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::lock_guard<std::mutex> lk(fx.mtx);
  return !fx.waitReturned;  // the wait must still be blocked: test passes
}

int main() {
  CvFixture fx;
  bool ok = TestWaitBlocksUntilReady(fx);
  std::printf("test_cv wait_blocks: %s\n", ok ? "PASS" : "FAIL");
  oracle_exit();
}
