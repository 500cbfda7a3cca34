// Built against the installed headers: leaks one named thread, blocked in
// pause() forever, and reports it.
#include "threadleak/verify.h"

#include <chrono>
#include <cstdio>
#include <pthread.h>
#include <thread>
#include <unistd.h>

int main() {
  const auto Before = threadleak::ThreadSnapshot::take();
  std::thread Blocked([] {
    for (;;)
      pause();
  });
  pthread_setname_np(Blocked.native_handle(), "installed");
  Blocked.detach();
  const threadleak::VerifyResult Result =
      threadleak::verifyNoNewThreads(Before, std::chrono::milliseconds(50));
  std::fputs(Result.message().c_str(), stderr);
  return Result ? 0 : 1;
}
