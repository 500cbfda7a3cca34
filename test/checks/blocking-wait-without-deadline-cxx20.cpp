// RUN: %check_clang_tidy -std=c++20-or-later -fix-notes %s threadleak-blocking-wait-without-deadline %t

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <semaphore>
#include <stop_token>
#include <thread>

using namespace std::chrono_literals;

std::counting_semaphore<8> Slots(0);
// Released by nothing but the thread that waits on it.
std::counting_semaphore<8> Gate(0);
std::binary_semaphore Signal(0);
std::atomic<bool> Stop{false};

void shutdown() {
  Stop = true;
  Slots.release();
}

void acquireForever() {
  std::thread T([] {
    Gate.acquire();
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'std::counting_semaphore::acquire' can block this thread forever: it has no deadline and nothing wakes it for shutdown [threadleak-blocking-wait-without-deadline]
    // CHECK-FIXES: if (!Gate.try_acquire_for(std::chrono::seconds(30))) return;
    Gate.release();
  });
  T.join();
}

void acquireWithDeadline() {
  std::thread T([] {
    if (!Slots.try_acquire_for(1s))
      return;
    Slots.release();
  });
  T.join();
}

void binarySemaphore() {
  std::jthread T([] {
    Signal.acquire();
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'std::counting_semaphore::acquire' can block this thread forever
    // CHECK-FIXES: if (!Signal.try_acquire_for(std::chrono::seconds(30))) return;
  });
}

// Shutdown sets the flag and releases the semaphore: the loop ends.
void acquireInStoppableLoop() {
  std::thread T([] {
    while (!Stop) {
      Slots.acquire();
    }
  });
  shutdown();
  T.join();
}

// The result of the acquire is used: no rewrite, only the hint.
bool acquireInExpression() {
  bool Done = false;
  std::thread T([&Done] {
    Done = (Gate.acquire(), true);
    // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'std::counting_semaphore::acquire' can block this thread forever
  });
  T.join();
  return Done;
}

std::mutex M;
std::condition_variable_any CV;
std::deque<int> Queue;

void conditionVariableAnyWithoutToken() {
  std::jthread T([](std::stop_token Token) {
    std::unique_lock Lock(M);
    CV.wait(Lock, [] { return !Queue.empty(); });
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'std::condition_variable_any::wait' can block this thread forever
    // CHECK-FIXES: if (!CV.wait_for(Lock, std::chrono::seconds(30), [] { return !Queue.empty(); })) return;
    (void)Token;
  });
}

void conditionVariableAnyWithToken() {
  std::jthread T([](std::stop_token Token) {
    std::unique_lock Lock(M);
    if (!CV.wait(Lock, Token, [] { return !Queue.empty(); }))
      return;
    Queue.pop_front();
  });
}

// The predicate asks the token: a stop request ends the wait.
void predicateReadsToken() {
  std::jthread T([](std::stop_token Token) {
    std::unique_lock Lock(M);
    CV.wait(Lock, [&Token] { return Token.stop_requested() || !Queue.empty(); });
  });
}

// A value-returning body cannot simply return on timeout: no rewrite.
int valueReturningBody() {
  auto F = std::async(std::launch::async, [] {
    std::unique_lock Lock(M);
    CV.wait(Lock, [] { return !Queue.empty(); });
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'std::condition_variable_any::wait' can block this thread forever
    return Queue.front();
  });
  return F.get();
}
