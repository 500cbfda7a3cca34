// With threadleak-unobserved-stop-token enabled, a std::jthread that a stop
// request cannot end, and a wait that ignores the stop token in scope, are
// reported once, by that check (the fix is the token), not also at the loop
// or the wait; without it, the other checks still report them.
// RUN: %check_clang_tidy -std=c++20-or-later %s threadleak-unobserved-stop-token,threadleak-infinite-loop-without-cancellation,threadleak-blocking-wait-without-deadline %t
// RUN: %check_clang_tidy -std=c++20-or-later -check-suffix=WITHOUT %s threadleak-infinite-loop-without-cancellation,threadleak-blocking-wait-without-deadline %t

#include <condition_variable>
#include <mutex>
#include <semaphore>
#include <stop_token>
#include <thread>
#include <vector>

void tick();

// The body ignores its token and loops forever.
struct Reporter {
  void start() {
    W = std::jthread([](std::stop_token Token) {
      // CHECK-MESSAGES: :[[@LINE-1]]:41: warning: the std::jthread body never consults its stop token: it loops forever{{.*}} [threadleak-unobserved-stop-token]
      for (;;)
        // CHECK-MESSAGES-WITHOUT: :[[@LINE-1]]:7: warning: loop never exits{{.*}} [threadleak-infinite-loop-without-cancellation]
        tick();
    });
  }
  std::jthread W;
};

// The body takes no token and blocks on a wait nothing wakes.
std::mutex M;
std::condition_variable Cv;

void noTokenBlocks() {
  std::jthread T([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: std::jthread body takes no std::stop_token and blocks without a deadline{{.*}} [threadleak-unobserved-stop-token]
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock);
    // CHECK-MESSAGES-WITHOUT: :[[@LINE-1]]:8: warning: 'std::condition_variable::wait' can block this thread forever{{.*}} [threadleak-blocking-wait-without-deadline]
  });
}

// A condition_variable_any wait that ignores the token in scope.
class Flusher {
public:
  Flusher() : T([this](std::stop_token St) { run(St); }) {}

private:
  void run(std::stop_token St) {
    std::unique_lock<std::mutex> L(Mu);
    while (!St.stop_requested()) {
      Cv.wait(L, [this] { return !Pending.empty(); });
      // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: condition_variable_any wait ignores the stop token 'St' in scope: a stop request cannot wake it [threadleak-unobserved-stop-token]
      // CHECK-MESSAGES-WITHOUT: :[[@LINE-2]]:10: warning: 'std::condition_variable_any::wait' can block this thread forever{{.*}} [threadleak-blocking-wait-without-deadline]
      Pending.clear();
    }
  }
  std::mutex Mu;
  std::condition_variable_any Cv;
  std::vector<int> Pending;
  std::jthread T;
};

// Hard negatives: what threadleak-unobserved-stop-token does not report
// stays with the other checks.

// The token is consulted, but a loop after it never ends.
void consultedThenLoops() {
  std::jthread T([](std::stop_token St) {
    if (St.stop_requested())
      return;
    for (;;)
      // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: loop never exits{{.*}} [threadleak-infinite-loop-without-cancellation]
      // CHECK-MESSAGES-WITHOUT: :[[@LINE-2]]:5: warning: loop never exits{{.*}} [threadleak-infinite-loop-without-cancellation]
      tick();
  });
}

// The token is consulted, but the thread first waits on a semaphore that
// nothing releases: no token can help.
std::counting_semaphore<1> Ready{0};

void consultedThenAcquires() {
  std::jthread T([](std::stop_token St) {
    Ready.acquire();
    // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'std::counting_semaphore::acquire' can block this thread forever{{.*}} [threadleak-blocking-wait-without-deadline]
    // CHECK-MESSAGES-WITHOUT: :[[@LINE-2]]:11: warning: 'std::counting_semaphore::acquire' can block this thread forever{{.*}} [threadleak-blocking-wait-without-deadline]
    while (!St.stop_requested())
      tick();
  });
}

// A std::thread has no token: its loop and its wait are the other checks'.
void plainThread() {
  std::thread T([] {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock);
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'std::condition_variable::wait' can block this thread forever{{.*}} [threadleak-blocking-wait-without-deadline]
    // CHECK-MESSAGES-WITHOUT: :[[@LINE-2]]:8: warning: 'std::condition_variable::wait' can block this thread forever{{.*}} [threadleak-blocking-wait-without-deadline]
    for (;;)
      // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: loop never exits{{.*}} [threadleak-infinite-loop-without-cancellation]
      // CHECK-MESSAGES-WITHOUT: :[[@LINE-2]]:5: warning: loop never exits{{.*}} [threadleak-infinite-loop-without-cancellation]
      tick();
  });
  T.join();
}
