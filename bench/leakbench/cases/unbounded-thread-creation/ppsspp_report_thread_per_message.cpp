// CASE: emulator compatibility reporter starts and detaches a new std::thread for every ReportMessage() call to do the HTTP upload, so a game that spams a warning spawns a thread per message
// SOURCE: https://github.com/hrydgard/ppsspp/pull/12371  (hrydgard/ppsspp pull request 12371)
// FIX: serialize reports through one reporting thread fed by a queue, which is aborted and joined on game exit
// EXPECT-RUNTIME: leak
#include "oracle.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

namespace Reporting {

struct Payload {
  std::string message;
  std::string gameId;
};

static std::atomic<int> g_sent{0};

static bool ServerPost(const Payload& p) {
  std::this_thread::sleep_for(std::chrono::seconds(3));  // report.ppsspp.org is slow to answer
  g_sent.fetch_add(1);
  return !p.message.empty();
}

static int Process(Payload payload) {
  ServerPost(payload);
  return 0;
}

void ReportMessage(const char* msg, const char* gameId) {
  Payload payload{msg, gameId};
  std::thread th(Process, std::move(payload));  // LEAK(unbounded-thread-creation)
  th.detach();
}

}  // namespace Reporting

int main() {
  // the game hits an unimplemented syscall every frame for the first second
  for (int frame = 0; frame < 60; ++frame) {
    Reporting::ReportMessage("Unimplemented HLE function sceKernelGetThreadmanIdList", "ULUS10336");
  }
  std::printf("frames emulated\n");
  oracle_exit();
}
