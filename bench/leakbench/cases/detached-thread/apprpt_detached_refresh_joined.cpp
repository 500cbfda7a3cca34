// CASE: PBX module starts its registration-refresh thread detached, then at unload sets module_unloading and pthread_join()s it; the join on a detached thread returns EINVAL at once and the module is torn down while the thread is still in its refresh sleep
// SOURCE: https://github.com/AllStarLink/app_rpt/pull/926  (AllStarLink/app_rpt pull request 926)
// FIX: create the threads joinable (pthread_create instead of the detached/background helper) so the unload-time join really waits
// EXPECT-RUNTIME: leak
#include "oracle.h"

#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>

static std::atomic<bool> module_unloading{false};
static pthread_t refresh_thread;
static int registrations = 3;

static int pthread_create_detached(pthread_t* thread, void* (*start)(void*), void* arg) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  int res = pthread_create(thread, &attr, start, arg);
  pthread_attr_destroy(&attr);
  return res;
}

static void* do_refresh(void*) {
  while (!module_unloading) {
    for (int i = 0; i < registrations; ++i) {
      // send the HTTP registration for node i
    }
    usleep(2 * 1000 * 1000);  // registrations are refreshed every couple of seconds
  }
  return nullptr;
}

static int load_module() {
  return pthread_create_detached(&refresh_thread, do_refresh, nullptr);  // LEAK(detached-thread)
}

static int unload_module() {
  module_unloading = true;
  int res = pthread_join(refresh_thread, nullptr);
  if (res) std::printf("join refresh thread: %s\n", std::strerror(res));
  registrations = 0;  // registration list freed here
  return 0;
}

int main() {
  load_module();
  usleep(50 * 1000);
  unload_module();
  oracle_exit();
}
