// CASE: condition_variable_any unit test starts a waiter that blocks on the fixture's cv with a stop_token, then requests stop and joins it before returning
// SOURCE: https://github.com/josuttis/jthread/pull/21  (josuttis/jthread pull request 21)
// FIX: join the waiter threads at the end of the test (after requesting stop) instead of detaching them
// EXPECT-RUNTIME: clean
// SAFE: request_stop wakes the stop_token-aware wait and the thread is joined before the fixture can go away
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
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  bool blocked;
  {
    std::lock_guard<std::mutex> lk(fx.mtx);
    blocked = !fx.waitReturned;
  }
  fx.source.request_stop();
  waiter.join();
  return blocked;
}

int main() {
  CvFixture fx;
  bool ok = TestWaitBlocksUntilReady(fx);
  std::printf("test_cv wait_blocks: %s\n", ok ? "PASS" : "FAIL");
  oracle_exit();
}
