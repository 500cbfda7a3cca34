// CASE: token router accept loop hands each connection to a fixed pool of four workers over a closed-able queue; the pool is drained and joined at shutdown
// SOURCE: https://github.com/1bit-MONSTER/1bit-MONSTER/issues/1317  (1bit-MONSTER/1bit-MONSTER issue 1317)
// FIX: hand connections to a fixed-size worker pool instead of a thread per connection
// EXPECT-RUNTIME: clean
// SAFE: the number of threads is fixed (kWorkers), the queue close wakes every worker and all are joined
#include "oracle.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

struct Connection {
  int fd;
  std::string route;
};

static void HandleConnection(const Connection& conn) {
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  (void)conn;
}

class WorkerPool {
 public:
  explicit WorkerPool(size_t n) {
    for (size_t i = 0; i < n; ++i) workers_.emplace_back([this] { Run(); });
  }
  ~WorkerPool() {
    {
      std::lock_guard<std::mutex> lk(mu_);
      closed_ = true;
    }
    cv_.notify_all();
    for (std::thread& t : workers_) t.join();
  }
  void Submit(Connection c) {
    {
      std::lock_guard<std::mutex> lk(mu_);
      queue_.push_back(std::move(c));
    }
    cv_.notify_one();
  }

 private:
  void Run() {
    for (;;) {
      std::unique_lock<std::mutex> lk(mu_);
      cv_.wait(lk, [this] { return closed_ || !queue_.empty(); });
      if (queue_.empty()) return;
      Connection c = std::move(queue_.front());
      queue_.pop_front();
      lk.unlock();
      HandleConnection(c);
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Connection> queue_;
  bool closed_ = false;
  std::vector<std::thread> workers_;
};

class TokenRouter {
 public:
  explicit TokenRouter(std::vector<Connection> backlog) : backlog_(std::move(backlog)) {}

  bool Accept(Connection& out) {
    if (next_ == backlog_.size()) return false;
    out = backlog_[next_++];
    return true;
  }

  void Serve(WorkerPool& pool) {
    Connection conn;
    while (Accept(conn)) pool.Submit(conn);
  }

 private:
  std::vector<Connection> backlog_;
  size_t next_ = 0;
};

static constexpr size_t kWorkers = 4;

int main() {
  std::vector<Connection> burst;
  for (int i = 0; i < 64; ++i) burst.push_back({100 + i, "/v1/completions"});
  TokenRouter router(std::move(burst));
  {
    WorkerPool pool(kWorkers);
    router.Serve(pool);
  }
  std::printf("accepted burst\n");
  oracle_exit();
}
