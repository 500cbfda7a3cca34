// RUN: %check_clang_tidy -std=c++17-or-later %s threadleak-abandoned-worker-on-timeout %t -- -- -pthread

// The std::async trap is not reported when the timeout path asks the task
// to stop before the future is destroyed, on a flag the task checks in its
// loop: the future's destructor then waits only for the current step. A
// flag set elsewhere, one the task does not read, or one it reads once
// before a long call does not bound the wait.

#include <atomic>
#include <chrono>
#include <future>
#include <memory>

using namespace std::chrono_literals;

void writeChunk(int I);
int slowQuery();

// ===== Asked to stop on the timeout path ==================================

// A shared atomic flag, set through the shared_ptr the task holds.
static int exportChunks(std::shared_ptr<std::atomic<bool>> Cancel, int N) {
  for (int I = 0; I < N; ++I) {
    if (Cancel->load())
      return I;
    writeChunk(I);
  }
  return N;
}

bool exportWithDeadline(int N) {
  auto Cancel = std::make_shared<std::atomic<bool>>(false);
  auto F = std::async(std::launch::async, exportChunks, Cancel, N);
  if (F.wait_for(500ms) == std::future_status::timeout) {
    Cancel->store(true);
    return false;
  }
  return F.get() == N;
}

// The same flag set with `*Cancel = true`, read in the loop's condition.
bool copyWithDeadline(int N) {
  auto Cancel = std::make_shared<std::atomic<bool>>(false);
  auto F = std::async(std::launch::async, [Cancel, N] {
    int I = 0;
    for (; I < N && !*Cancel; ++I)
      writeChunk(I);
    return I;
  });
  if (F.wait_for(500ms) != std::future_status::ready) {
    *Cancel = true;
    return false;
  }
  return F.get() == N;
}

// A member of shared state, checked by a function the loop calls.
struct Job {
  std::atomic<bool> Cancelled{false};
  int Done = 0;
};

static bool step(Job &J) {
  if (J.Cancelled)
    return false;
  writeChunk(J.Done++);
  return true;
}

bool jobWithDeadline() {
  auto State = std::make_shared<Job>();
  auto F = std::async(std::launch::async, [State] {
    while (step(*State)) {
    }
  });
  if (F.wait_for(1s) == std::future_status::timeout) {
    State->Cancelled = true;
    return false;
  }
  F.get();
  return true;
}

// ===== Not asked, or not in a way the task sees in time ===================

// The task reads the flag once, before its long call: the destructor waits
// for the whole call.
static int queryOnce(std::shared_ptr<std::atomic<bool>> Cancel) {
  if (Cancel->load())
    return -1;
  return slowQuery();
}

int queryWithDeadline() {
  auto Cancel = std::make_shared<std::atomic<bool>>(false);
  auto F = std::async(std::launch::async, queryOnce, Cancel);
  if (F.wait_for(100ms) == std::future_status::timeout) {
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'wait_for' does not bound the wait for the std::async task: when it times out, the future 'F' is destroyed and its destructor blocks until the task finishes [threadleak-abandoned-worker-on-timeout]
    Cancel->store(true);
    return -1;
  }
  return F.get();
}

// The flag is set only once the result arrived, not on the timeout path.
bool cancelAfterSuccess(int N) {
  auto Cancel = std::make_shared<std::atomic<bool>>(false);
  auto F = std::async(std::launch::async, exportChunks, Cancel, N);
  if (F.wait_for(500ms) == std::future_status::timeout)
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'wait_for' does not bound the wait for the std::async task
    return false;
  bool Ok = F.get() == N;
  Cancel->store(true);
  return Ok;
}

// The timeout path sets a flag the task never reads.
bool unreadFlag(int N) {
  auto Cancel = std::make_shared<std::atomic<bool>>(false);
  auto TimedOut = std::make_shared<std::atomic<bool>>(false);
  auto F = std::async(std::launch::async, exportChunks, Cancel, N);
  if (F.wait_for(500ms) == std::future_status::timeout) {
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'wait_for' does not bound the wait for the std::async task
    TimedOut->store(true);
    return false;
  }
  return F.get() == N;
}
