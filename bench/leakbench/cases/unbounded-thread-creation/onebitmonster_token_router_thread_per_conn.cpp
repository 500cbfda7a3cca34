// CASE: token router accept loop spawns and detaches one std::thread per incoming connection with no cap, so a burst of clients creates a burst of threads
// SOURCE: https://github.com/1bit-MONSTER/1bit-MONSTER/issues/1317  (1bit-MONSTER/1bit-MONSTER issue 1317)
// FIX: hand connections to a fixed-size worker pool instead of a thread per connection
// EXPECT-RUNTIME: leak
#include "oracle.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

struct Connection {
  int fd;
  std::string route;
};

static std::atomic<int> g_served{0};

// upstream model calls are slow: each handler holds its thread for the whole generation
static void HandleConnection(Connection conn) {
  std::this_thread::sleep_for(std::chrono::seconds(3));
  g_served.fetch_add(1);
  (void)conn;
}

class TokenRouter {
 public:
  explicit TokenRouter(std::vector<Connection> backlog) : backlog_(std::move(backlog)) {}

  bool Accept(Connection& out) {
    if (next_ == backlog_.size()) return false;
    out = backlog_[next_++];
    return true;
  }

  void Serve() {
    Connection conn;
    while (Accept(conn)) {
      std::thread(HandleConnection, conn).detach();  // LEAK(unbounded-thread-creation)
    }
  }

 private:
  std::vector<Connection> backlog_;
  size_t next_ = 0;
};

int main() {
  std::vector<Connection> burst;
  for (int i = 0; i < 64; ++i) burst.push_back({100 + i, "/v1/completions"});
  TokenRouter router(std::move(burst));
  router.Serve();
  std::printf("accepted burst\n");
  oracle_exit();
}
