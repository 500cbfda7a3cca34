// CASE: fabric stress-test server reads RPC requests off its completion queue and hands them to a fixed pool of pthreads through a mutex/condvar queue; the pool is shut down and joined
// SOURCE: https://github.com/ofiwg/libfabric/pull/7608  (ofiwg/libfabric pull request 7608)
// FIX: execute the RPCs on a fixed pool of threads that take requests from a queue instead of a thread per RPC
// EXPECT-RUNTIME: clean
// SAFE: RPC_POOL_SIZE threads are created once; the shutdown flag is set under the lock, broadcast, and every worker is joined
#include "oracle.h"

#include <pthread.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <deque>

enum rpc_cmd { RPC_HELLO, RPC_WRITE, RPC_READ, RPC_GOODBYE };

struct rpc_request {
  rpc_cmd cmd;
  int client;
  size_t len;
};

struct cq_entry {
  rpc_request* req;
};

static int g_cq_remaining = 48;

static int rpc_cq_read(cq_entry* out) {
  if (g_cq_remaining == 0) return 0;
  --g_cq_remaining;
  out->req = static_cast<rpc_request*>(std::malloc(sizeof(rpc_request)));
  out->req->cmd = static_cast<rpc_cmd>(g_cq_remaining % 4);
  out->req->client = g_cq_remaining % 8;
  out->req->len = 4096;
  return 1;
}

#define RPC_POOL_SIZE 4

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_cond = PTHREAD_COND_INITIALIZER;
static std::deque<rpc_request*> g_work;
static bool g_shutdown = false;

static void* rpc_worker(void*) {
  pthread_mutex_lock(&g_lock);
  for (;;) {
    while (g_work.empty() && !g_shutdown) pthread_cond_wait(&g_cond, &g_lock);
    if (g_work.empty()) break;
    rpc_request* req = g_work.front();
    g_work.pop_front();
    pthread_mutex_unlock(&g_lock);
    usleep(1000);
    std::free(req);
    pthread_mutex_lock(&g_lock);
  }
  pthread_mutex_unlock(&g_lock);
  return nullptr;
}

static int run_server() {
  pthread_t pool[RPC_POOL_SIZE];
  for (int i = 0; i < RPC_POOL_SIZE; ++i) {
    int ret = pthread_create(&pool[i], nullptr, rpc_worker, nullptr);
    if (ret) return ret;
  }
  cq_entry comp;
  int started = 0;
  while (rpc_cq_read(&comp)) {
    pthread_mutex_lock(&g_lock);
    g_work.push_back(comp.req);
    pthread_cond_signal(&g_cond);
    pthread_mutex_unlock(&g_lock);
    ++started;
  }
  pthread_mutex_lock(&g_lock);
  g_shutdown = true;
  pthread_cond_broadcast(&g_cond);
  pthread_mutex_unlock(&g_lock);
  for (int i = 0; i < RPC_POOL_SIZE; ++i) pthread_join(pool[i], nullptr);
  std::printf("dispatched %d rpcs\n", started);
  return 0;
}

int main() {
  run_server();
  oracle_exit();
}
