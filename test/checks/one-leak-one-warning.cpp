// With several threadleak checks enabled, a detached thread that never
// finishes is reported once, at its detach, with the loop or the wait as a
// note; a thread that is not detached is still reported by the check that
// finds its loop or wait.
// RUN: %check_clang_tidy -std=c++17-or-later %s threadleak-detached-thread,threadleak-infinite-loop-without-cancellation,threadleak-blocking-wait-without-deadline %t

#include <condition_variable>
#include <mutex>
#include <thread>

void tick();

void detachedSpinner() {
  std::thread T([] {
    while (true)
      tick();
  });
  T.detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: detached thread can never finish: it loops forever {{.*}} [threadleak-detached-thread]
}

std::mutex M;
std::condition_variable CV;
int Items = 0;

void detachedWaiter() {
  std::thread([] {
    std::unique_lock<std::mutex> Lock(M);
    CV.wait(Lock, [] { return Items > 0; });
  }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: detached thread may never finish: it blocks without a deadline {{.*}} [threadleak-detached-thread]
}

void joinedSpinner() {
  std::thread T([] {
    while (true)
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: loop never exits {{.*}} [threadleak-infinite-loop-without-cancellation]
      tick();
  });
  T.join();
}

// A thread wrapper that detaches: the call is reported once, by
// detached-thread, not also at the loop.
void spawnDetached(void (*Fn)()) { std::thread(Fn).detach(); }

void spinForever() {
  for (;;)
    tick();
}

void spinViaWrapper() {
  spawnDetached(spinForever);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'spawnDetached' runs this function in a detached thread, and it can never finish: it loops forever {{.*}} [threadleak-detached-thread]
}

// A wrapper that joins: the loop is reported where it is.
void runJoined(void (*Fn)()) { std::thread(Fn).join(); }

void spinJoinedForever() {
  while (true)
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: loop never exits {{.*}} [threadleak-infinite-loop-without-cancellation]
    tick();
}

void spinViaJoiningWrapper() { runJoined(spinJoinedForever); }

// A detached loop that reads a stop flag but never leaves on it.
void logValue(bool Value);
volatile bool Quitting = false;
void quit() { Quitting = true; }

void detachedLogger() {
  std::thread([] {
    for (;;) {
      logValue(Quitting);
      tick();
    }
  }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: detached thread can never finish: it loops forever and no exit of the loop depends on the stop flag it reads, so nothing can stop or join it and it leaks until the process exits [threadleak-detached-thread]
  // CHECK-MESSAGES: :[[@LINE-6]]:5: note: the thread loops forever here: no break, return or throw leaves the loop{{$}}
  // CHECK-MESSAGES: :[[@LINE-6]]:16: note: the stop flag is read here; leave the loop (break or return) when it is set
}

// A detached loop that reads only its own tick counter: no stop flag to
// blame.
volatile int Ticks = 0;

void detachedTicker() {
  std::thread([] {
    for (;;) {
      logValue(++Ticks > 100);
      tick();
    }
  }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: detached thread can never finish: it loops forever and the loop never checks for a stop request, so nothing can stop or join it and it leaks until the process exits [threadleak-detached-thread]
  // CHECK-MESSAGES: :[[@LINE-6]]:5: note: the thread loops forever here: no break, return or throw leaves the loop and nothing in it checks a stop token or flag
}
