// ThreadLeakGuard: verifies when it goes out of scope; by default a leak
// prints the report and aborts, a handler of one's own replaces that. The
// leaked thread blocks in pause() forever.
//
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pthread -I%threadleak_runtime_include %s -o %t
// RUN: not --crash %t abort 2>&1 | FileCheck %s --check-prefix=ABORT
// RUN: %t handler 2>&1 | FileCheck %s --check-prefix=HANDLER
// RUN: %t joined 2>&1 | FileCheck %s --check-prefix=JOINED --allow-empty

// ABORT: threadleak: 1 thread started since the snapshot is still running after waiting {{[0-9]+}} ms (grace period 100 ms):
// ABORT-NEXT: {{^}}  thread {{[0-9]+}} "blocked", sleeping
// ABORT-NEXT: threadleak: name each thread
// ABORT-NOT: after the guard

// HANDLER: handler: 1 leaked, "blocked"
// HANDLER-NEXT: after the guard

// JOINED: after the guard
// JOINED-NOT: threadleak

#include "threadleak/verify.h"

#include <chrono>
#include <cstdio>
#include <pthread.h>
#include <string>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

namespace {

std::thread startBlocked() {
  std::thread Blocked([] {
    for (;;)
      pause();
  });
  pthread_setname_np(Blocked.native_handle(), "blocked");
  return Blocked;
}

threadleak::VerifyOptions shortGrace() {
  threadleak::VerifyOptions Options;
  Options.GracePeriod = 100ms;
  return Options;
}

void printLeaked(const threadleak::VerifyResult &Result) {
  std::fprintf(stderr, "handler: %zu leaked, \"%s\"\n", Result.Leaked.size(),
               Result.Leaked.front().Name.c_str());
}

} // namespace

int main(int Argc, char **Argv) {
  const std::string Scenario = Argc == 2 ? Argv[1] : "";
  if (Scenario == "abort") {
    threadleak::ThreadLeakGuard Guard(shortGrace());
    startBlocked().detach();
  } else if (Scenario == "handler") {
    threadleak::ThreadLeakGuard Guard(shortGrace(), printLeaked);
    startBlocked().detach();
  } else if (Scenario == "joined") {
    threadleak::ThreadLeakGuard Guard;
    std::thread([] { std::this_thread::sleep_for(10ms); }).join();
  } else {
    std::fprintf(stderr, "usage: %s abort|handler|joined\n", Argv[0]);
    return 2;
  }
  std::fputs("after the guard\n", stderr);
  return 0;
}
