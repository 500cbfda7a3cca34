// CASE: PBX module starts its registration-refresh thread joinable; unload sets module_unloading under the lock, signals the refresh timer and joins the thread before freeing the registration list
// SOURCE: https://github.com/AllStarLink/app_rpt/pull/926  (AllStarLink/app_rpt pull request 926)
// FIX: create the threads joinable (pthread_create instead of the detached/background helper) so the unload-time join really waits
// EXPECT-RUNTIME: clean
// SAFE: the refresh wait is a timed cond wait that unload signals, and unload joins the joinable thread
#include "oracle.h"

#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

static bool module_unloading = false;
static pthread_mutex_t refresh_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t refresh_cond = PTHREAD_COND_INITIALIZER;
static pthread_t refresh_thread;
static int registrations = 3;

static void* do_refresh(void*) {
  pthread_mutex_lock(&refresh_lock);
  while (!module_unloading) {
    for (int i = 0; i < registrations; ++i) {
      // send the HTTP registration for node i
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += 2;
    pthread_cond_timedwait(&refresh_cond, &refresh_lock, &ts);
  }
  pthread_mutex_unlock(&refresh_lock);
  return nullptr;
}

static int load_module() { return pthread_create(&refresh_thread, nullptr, do_refresh, nullptr); }

static int unload_module() {
  pthread_mutex_lock(&refresh_lock);
  module_unloading = true;
  pthread_cond_signal(&refresh_cond);
  pthread_mutex_unlock(&refresh_lock);
  int res = pthread_join(refresh_thread, nullptr);
  if (res) std::printf("join refresh thread: %s\n", std::strerror(res));
  registrations = 0;
  return 0;
}

int main() {
  load_module();
  usleep(50 * 1000);
  unload_module();
  oracle_exit();
}
