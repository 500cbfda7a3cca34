// The grace period and the ignored names of VerifyOptions, and how unnamed
// threads are reported. Threads that must outlive a check block in pause(),
// which nothing interrupts; threads that must end are released by the
// program, so no outcome depends on scheduling.
//
// RUN: %clangxx -std=c++17 -Wall -Wextra -Werror -pthread -I%threadleak_runtime_include %s -o %t
// RUN: %t ends-within-grace 2>&1 | FileCheck %s --check-prefix=WITHIN
// RUN: %t released-after-check 2>&1 | FileCheck %s --check-prefix=AFTER
// RUN: not %t ignored 2>&1 | FileCheck %s --check-prefix=IGNORED
// RUN: not %t unnamed 2>&1 | FileCheck %s --check-prefix=UNNAMED

// A thread still running when the check starts, ending 300 ms later: the
// check waits for it and passes.
// WITHIN: threadleak: no thread started since the snapshot is left (waited {{[0-9]+}} ms)
// WITHIN-NEXT: waited for the thread to end

// A thread held until after a check with a short grace period fails that
// check, and once released passes the next one.
// AFTER: threadleak: 1 thread started since the snapshot is still running after waiting {{[0-9]+}} ms (grace period 50 ms):
// AFTER-NEXT: {{^}}  thread {{[0-9]+}} "held", {{[a-z ]+}}
// AFTER: threadleak: no thread started since the snapshot is left

// "logger" is ignored by exact name, pool-1 and pool-2 by "pool-*"; logger2
// and pool are not.
// IGNORED: threadleak: 2 threads started since the snapshot are still running after waiting {{[0-9]+}} ms (grace period 50 ms):
// IGNORED-DAG: {{^}}  thread {{[0-9]+}} "logger2", sleeping
// IGNORED-DAG: {{^}}  thread {{[0-9]+}} "pool", sleeping
// IGNORED: threadleak: name each thread

// A thread nobody named has the name of the thread that created it, here the
// main thread's (the executable's name, cut to 15 characters).
// UNNAMED: threadleak: 1 thread started since the snapshot is still running
// UNNAMED-NEXT: {{^}}  thread {{[0-9]+}} "options.cpp.tmp" (unnamed: it has the process's name), sleeping
// UNNAMED-NEXT: threadleak: name each thread you start with pthread_setname_np

#include "threadleak/verify.h"

#include <chrono>
#include <cstdio>
#include <future>
#include <pthread.h>
#include <string>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

namespace {

void startBlockedForever(const char *Name) {
  std::thread Blocked([] {
    for (;;)
      pause();
  });
  if (Name)
    pthread_setname_np(Blocked.native_handle(), Name);
  Blocked.detach();
}

int report(const threadleak::VerifyResult &Result) {
  std::fputs(Result.message().c_str(), stderr);
  return Result ? 0 : 1;
}

// The thread is still blocked when the check starts; it ends 300 ms after it
// is released, well within the grace period.
int endsWithinGrace() {
  const auto Before = threadleak::ThreadSnapshot::take();
  std::promise<void> Release;
  std::thread Worker([Started = Release.get_future()]() mutable {
    Started.wait();
    std::this_thread::sleep_for(300ms);
  });
  Worker.detach();
  Release.set_value();
  const threadleak::VerifyResult Result =
      threadleak::verifyNoNewThreads(Before, 30s);
  const int Status = report(Result);
  if (Result.Waited >= 300ms)
    std::fputs("waited for the thread to end\n", stderr);
  return Status;
}

int releasedAfterCheck() {
  const auto Before = threadleak::ThreadSnapshot::take();
  std::promise<void> Release;
  std::thread Held([Released = Release.get_future()] { Released.wait(); });
  pthread_setname_np(Held.native_handle(), "held");
  const threadleak::VerifyResult Early =
      threadleak::verifyNoNewThreads(Before, 50ms);
  Release.set_value();
  Held.join();
  const threadleak::VerifyResult Late =
      threadleak::verifyNoNewThreads(Before, 30s);
  report(Early);
  report(Late);
  return !Early && Late ? 0 : 1;
}

int ignored() {
  const auto Before = threadleak::ThreadSnapshot::take();
  for (const char *Name : {"logger", "pool-1", "logger2", "pool-2", "pool"})
    startBlockedForever(Name);
  threadleak::VerifyOptions Options;
  Options.GracePeriod = 50ms;
  Options.IgnoredNames = {"logger", "pool-*"};
  return report(threadleak::verifyNoNewThreads(Before, Options));
}

int unnamed() {
  const auto Before = threadleak::ThreadSnapshot::take();
  startBlockedForever(nullptr);
  return report(threadleak::verifyNoNewThreads(Before, 50ms));
}

} // namespace

int main(int Argc, char **Argv) {
  const std::string Scenario = Argc == 2 ? Argv[1] : "";
  if (Scenario == "ends-within-grace")
    return endsWithinGrace();
  if (Scenario == "released-after-check")
    return releasedAfterCheck();
  if (Scenario == "ignored")
    return ignored();
  if (Scenario == "unnamed")
    return unnamed();
  std::fprintf(stderr,
               "usage: %s ends-within-grace|released-after-check|"
               "ignored|unnamed\n",
               Argv[0]);
  return 2;
}
