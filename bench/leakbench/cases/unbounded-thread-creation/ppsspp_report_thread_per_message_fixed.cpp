// CASE: emulator compatibility reporter queues every ReportMessage() payload for a single long-lived reporting thread; on game exit it aborts pending uploads, wakes the thread and joins it
// SOURCE: https://github.com/hrydgard/ppsspp/pull/12371  (hrydgard/ppsspp pull request 12371)
// FIX: serialize reports through one reporting thread fed by a queue, which is aborted and joined on game exit
// EXPECT-RUNTIME: clean
// SAFE: one thread regardless of the number of messages; Shutdown sets the abort flag under the lock, notifies and joins
#include "oracle.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace Reporting {

struct Payload {
  std::string message;
  std::string gameId;
};

static std::mutex pendingMessageLock;
static std::condition_variable pendingMessageCond;
static std::deque<Payload> pendingMessages;
static bool pendingMessagesDone = false;
static std::thread messageThread;

static bool ServerPost(const Payload& p) {
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  return !p.message.empty();
}

static void ProcessPending() {
  std::unique_lock<std::mutex> guard(pendingMessageLock);
  while (!pendingMessagesDone) {
    pendingMessageCond.wait(guard, [] { return pendingMessagesDone || !pendingMessages.empty(); });
    if (pendingMessagesDone) break;
    Payload p = std::move(pendingMessages.front());
    pendingMessages.pop_front();
    guard.unlock();
    ServerPost(p);
    guard.lock();
  }
}

void Init() { messageThread = std::thread(ProcessPending); }

void ReportMessage(const char* msg, const char* gameId) {
  std::lock_guard<std::mutex> guard(pendingMessageLock);
  pendingMessages.push_back(Payload{msg, gameId});
  pendingMessageCond.notify_one();
}

void Shutdown() {
  {
    std::lock_guard<std::mutex> guard(pendingMessageLock);
    pendingMessagesDone = true;
    pendingMessages.clear();
  }
  pendingMessageCond.notify_one();
  if (messageThread.joinable()) messageThread.join();
}

}  // namespace Reporting

int main() {
  Reporting::Init();
  for (int frame = 0; frame < 60; ++frame) {
    Reporting::ReportMessage("Unimplemented HLE function sceKernelGetThreadmanIdList", "ULUS10336");
  }
  std::printf("frames emulated\n");
  Reporting::Shutdown();
  oracle_exit();
}
