// RUN: %check_clang_tidy -std=c++17-or-later %s threadleak-detached-thread %t -- -config="{CheckOptions: {threadleak-detached-thread.StrictMode: true}}" -- -pthread

// StrictMode reports every detach, CP.26 style; a thread that provably runs
// forever still gets the precise message and its evidence.

#include <atomic>
#include <thread>

void tick();
std::atomic<bool> Stop{false};

void finishes() {
  std::thread([] { tick(); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:31: warning: thread is detached; a detached thread cannot be joined, so nothing can wait for it to finish or stop it at shutdown [threadleak-detached-thread]
}

void stoppable() {
  std::thread T([] {
    while (!Stop)
      tick();
  });
  T.detach();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: thread is detached; a detached thread cannot be joined
}

void unknownOrigin(std::thread &T) {
  T.detach();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: thread is detached; a detached thread cannot be joined
}

void forever() {
  std::thread([] {
    for (;;)
      tick();
  }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: detached thread can never finish: it loops forever
  // CHECK-NOTES: :[[@LINE-4]]:5: note: the thread loops forever here
}

void joined() {
  std::thread T([] { tick(); });
  T.join();
}

void suppressed() {
  std::thread([] { tick(); }).detach(); // NOLINT(threadleak-detached-thread)
}
