// CASE: game server starts its network I/O thread with std::thread and detaches it; the thread polls the session table in while(true) and never sees shutdown
// SOURCE: https://github.com/zeliard/EasyGameServer/issues/4  (zeliard/EasyGameServer issue 4)
// FIX: add a boolean stop flag checked by the network loop and join the thread instead of detaching
// EXPECT-RUNTIME: leak
#include "oracle.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

struct ClientSession {
  int id;
  int pendingPackets;
};

class GameServer {
 public:
  bool Start() {
    std::thread network(&GameServer::NetworkThread, this);
    network.detach();  // LEAK(detached-thread)
    return true;
  }

  void AddSession(int id) {
    std::lock_guard<std::mutex> lk(mu_);
    sessions_.push_back({id, 3});
  }

  int processed() const { return processed_.load(); }

 private:
  void NetworkThread() {
    while (true) {
      {
        std::lock_guard<std::mutex> lk(mu_);
        for (ClientSession& s : sessions_) {
          if (s.pendingPackets > 0) {
            --s.pendingPackets;
            processed_.fetch_add(1);
          }
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }

  std::mutex mu_;
  std::vector<ClientSession> sessions_;
  std::atomic<int> processed_{0};
};

int main() {
  static GameServer server;
  server.Start();
  server.AddSession(1);
  server.AddSession(2);
  while (server.processed() < 6) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  std::printf("server shutting down\n");
  oracle_exit();
}
