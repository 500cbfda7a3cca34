// CASE: RADIUS server thread pool creates its request threads with PTHREAD_CREATE_DETACHED; each loops forever on sem_wait for requests, and at exit the modules are detached (freed) while the pool threads are still parked
// SOURCE: https://github.com/FreeRADIUS/freeradius-server/pull/115  (FreeRADIUS/freeradius-server pull request 115)
// FIX: create the pool threads joinable, stop and join all of them before detaching the modules
// EXPECT-RUNTIME: leak
#include "oracle.h"

#include <pthread.h>
#include <semaphore.h>
#include <unistd.h>

#include <cstdio>
#include <deque>

struct REQUEST {
  int id;
};

struct module_instance_t {
  const char* name;
  int loaded;
};

static module_instance_t g_modules[] = {{"rlm_pap", 1}, {"rlm_files", 1}};

struct THREAD_POOL {
  pthread_mutex_t queue_mutex;
  sem_t semaphore;
  std::deque<REQUEST> queue;
  int handled;
};

static THREAD_POOL thread_pool;

static void* request_handler_thread(void*) {
  for (;;) {
    sem_wait(&thread_pool.semaphore);
    pthread_mutex_lock(&thread_pool.queue_mutex);
    if (thread_pool.queue.empty()) {
      pthread_mutex_unlock(&thread_pool.queue_mutex);
      continue;
    }
    REQUEST req = thread_pool.queue.front();
    thread_pool.queue.pop_front();
    pthread_mutex_unlock(&thread_pool.queue_mutex);
    (void)g_modules[req.id % 2].loaded;  // authenticate through the module
    __atomic_add_fetch(&thread_pool.handled, 1, __ATOMIC_SEQ_CST);
  }
  return nullptr;
}

static int thread_pool_init(int start_threads) {
  pthread_mutex_init(&thread_pool.queue_mutex, nullptr);
  sem_init(&thread_pool.semaphore, 0, 0);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  for (int i = 0; i < start_threads; ++i) {
    pthread_t tid;
    if (pthread_create(&tid, &attr, request_handler_thread, nullptr) != 0) return -1;  // LEAK(detached-thread)
  }
  pthread_attr_destroy(&attr);
  return 0;
}

static void request_enqueue(REQUEST r) {
  pthread_mutex_lock(&thread_pool.queue_mutex);
  thread_pool.queue.push_back(r);
  pthread_mutex_unlock(&thread_pool.queue_mutex);
  sem_post(&thread_pool.semaphore);
}

static void detach_modules() {
  for (module_instance_t& m : g_modules) m.loaded = 0;
}

int main() {
  thread_pool_init(4);
  for (int i = 0; i < 10; ++i) request_enqueue(REQUEST{i});
  while (__atomic_load_n(&thread_pool.handled, __ATOMIC_SEQ_CST) < 10) usleep(1000);
  detach_modules();
  std::printf("radiusd exiting\n");
  oracle_exit();
}
