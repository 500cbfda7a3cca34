// Notes, and the options: CheckAllFunctions, BlockingFunctions with a timed
// alternative, DefaultTimeout, MaxCallDepth.
// RUN: %check_clang_tidy -check-suffixes=,DEFAULT %s threadleak-blocking-wait-without-deadline %t
// RUN: %check_clang_tidy -check-suffixes=,ALL -fix-notes %s threadleak-blocking-wait-without-deadline %t -- \
// RUN:   -config="{CheckOptions: {threadleak-blocking-wait-without-deadline.CheckAllFunctions: true, \
// RUN:     threadleak-blocking-wait-without-deadline.DefaultTimeout: 'kTimeout', \
// RUN:     threadleak-blocking-wait-without-deadline.BlockingFunctions: 'lib::Queue::pop=try_pop_for', \
// RUN:     threadleak-blocking-wait-without-deadline.MaxCallDepth: 1}}"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

constexpr std::chrono::milliseconds kTimeout(500);

namespace lib {
// A queue from a library the check cannot see into.
struct Queue {
  int pop();
  bool try_pop_for(int &Out, std::chrono::milliseconds Timeout);
};
} // namespace lib

std::mutex M;
std::condition_variable CV;
std::deque<int> Items;

void consume() {
  std::unique_lock<std::mutex> Lock(M);
  CV.wait(Lock, [] { return !Items.empty(); });
  // CHECK-MESSAGES-ALL: :[[@LINE-1]]:6: warning: 'std::condition_variable::wait' can block forever: it has no deadline and nothing wakes it for shutdown
  // CHECK-NOTES-ALL: :[[@LINE-2]]:6: warning: 'std::condition_variable::wait' can block forever
  // CHECK-NOTES-ALL: :[[@LINE-3]]:6: note: wait with a deadline ('wait_for') and give up when it expires, or make the predicate also check a stop or close flag that shutdown sets
  Items.pop_front();
}

void consumeViaHelper() { consume(); }
// CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:27: warning: call to 'consume' can block this thread forever
// CHECK-NOTES-DEFAULT: :[[@LINE-2]]:27: warning: call to 'consume'
// CHECK-NOTES-DEFAULT: :[[@LINE-10]]:6: note: 'std::condition_variable::wait' waits here, in 'consume'
// CHECK-NOTES-DEFAULT: :[[@LINE+16]]:22: note: reached through this call to 'consumeViaHelper'
// CHECK-NOTES-DEFAULT: :[[@LINE+15]]:15: note: thread started here

void start(lib::Queue &Q) {
  std::thread A([] { consume(); consume(); });
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:22: warning: call to 'consume' can block this thread forever: it waits with no deadline and nothing wakes it for shutdown
  // CHECK-NOTES-DEFAULT: :[[@LINE-2]]:22: warning: call to 'consume'
  // CHECK-NOTES-DEFAULT: :[[@LINE-18]]:6: note: 'std::condition_variable::wait' waits here, in 'consume', with no deadline; wait with a deadline ('wait_for')
  // CHECK-NOTES-DEFAULT: :[[@LINE-4]]:15: note: thread started here
  // CHECK-MESSAGES-ALL: :[[@LINE-5]]:22: warning: call to 'consume' can block this thread forever
  // CHECK-NOTES-ALL: :[[@LINE-6]]:22: warning: call to 'consume'
  // CHECK-NOTES-ALL: :[[@LINE-22]]:6: note: 'std::condition_variable::wait' waits here, in 'consume'
  // CHECK-NOTES-ALL: :[[@LINE-8]]:15: note: thread started here

  // Two calls deep: reported at the call to the function that waits, with
  // a note for each call on the way; beyond MaxCallDepth 1.
  std::thread B([] { consumeViaHelper(); consumeViaHelper(); });

  std::thread C([&Q] {
    int V = Q.pop();
    // CHECK-MESSAGES-ALL: :[[@LINE-1]]:15: warning: 'lib::Queue::pop' can block this thread forever
    // CHECK-NOTES-ALL: :[[@LINE-2]]:15: warning: 'lib::Queue::pop'
    // CHECK-NOTES-ALL: :[[@LINE-3]]:15: note: use 'try_pop_for' with a deadline and give up when it expires
    // CHECK-NOTES-ALL: :[[@LINE-5]]:15: note: thread started here
    (void)V;
  });

  std::thread D([] {
    std::unique_lock<std::mutex> Lock(M);
    CV.wait(Lock, [] { return !Items.empty(); });
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'std::condition_variable::wait' can block this thread forever
    // CHECK-NOTES: :[[@LINE-2]]:8: warning: 'std::condition_variable::wait'
    // CHECK-NOTES: :[[@LINE-3]]:8: note: wait with a deadline ('wait_for')
    // CHECK-NOTES: :[[@LINE-6]]:15: note: thread started here
    // CHECK-FIXES-ALL: if (!CV.wait_for(Lock, kTimeout, [] { return !Items.empty(); })) return;
  });
  A.join();
  B.join();
  C.join();
  D.join();
}

int main() {
  std::unique_lock<std::mutex> Lock(M);
  CV.wait(Lock, [] { return !Items.empty(); });
  // CHECK-MESSAGES-ALL: :[[@LINE-1]]:6: warning: 'std::condition_variable::wait' can block forever
  // CHECK-NOTES-ALL: :[[@LINE-2]]:6: warning: 'std::condition_variable::wait' can block forever
  // CHECK-NOTES-ALL: :[[@LINE-3]]:6: note: wait with a deadline ('wait_for')
}
