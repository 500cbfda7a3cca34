// CASE: fabric stress-test server reads RPC requests off its completion queue and pthread_create()s a joinable handler per request, never joining it, so threads (and their stacks) pile up until pthread_create fails
// SOURCE: https://github.com/ofiwg/libfabric/pull/7608  (ofiwg/libfabric pull request 7608)
// FIX: execute the RPCs on a fixed pool of threads that take requests from a queue instead of a thread per RPC
// EXPECT-RUNTIME: leak
#include "oracle.h"

#include <pthread.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

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

// completion-queue read: returns 1 when a request arrived, 0 when the queue is drained
static int rpc_cq_read(cq_entry* out) {
  if (g_cq_remaining == 0) return 0;
  --g_cq_remaining;
  out->req = static_cast<rpc_request*>(std::malloc(sizeof(rpc_request)));
  out->req->cmd = static_cast<rpc_cmd>(g_cq_remaining % 4);
  out->req->client = g_cq_remaining % 8;
  out->req->len = 4096;
  return 1;
}

static void* handle_rpc(void* arg) {
  rpc_request* req = static_cast<rpc_request*>(arg);
  usleep(3 * 1000 * 1000);  // a WRITE/READ RPC waits for the peer's RMA to finish
  std::free(req);
  return nullptr;
}

static int run_server() {
  cq_entry comp;
  int started = 0;
  while (rpc_cq_read(&comp)) {
    pthread_t thread;
    int ret = pthread_create(&thread, nullptr, handle_rpc, comp.req);  // LEAK(unbounded-thread-creation)
    if (ret) {
      std::fprintf(stderr, "pthread_create failed: %d\n", ret);
      return ret;
    }
    ++started;
  }
  std::printf("dispatched %d rpcs\n", started);
  return 0;
}

int main() {
  run_server();
  oracle_exit();
}
