// CASE: game server network I/O thread polls the session table until a stop flag is set, and the server joins it on shutdown
// SOURCE: https://github.com/zeliard/EasyGameServer/issues/4  (zeliard/EasyGameServer issue 4)
// FIX: add a boolean stop flag checked by the network loop and join the thread instead of detaching
// EXPECT-RUNTIME: clean
// SAFE: the loop reads stopping_, Stop() sets it and joins the thread, nothing is detached
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
    network_ = std::thread(&GameServer::NetworkThread, this);
    return true;
  }

  void Stop() {
    stopping_.store(true);
    if (network_.joinable()) network_.join();
  }

  void AddSession(int id) {
    std::lock_guard<std::mutex> lk(mu_);
    sessions_.push_back({id, 3});
  }

  int processed() const { return processed_.load(); }

 private:
  void NetworkThread() {
    while (!stopping_.load()) {
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
  std::atomic<bool> stopping_{false};
  std::thread network_;
};

int main() {
  GameServer server;
  server.Start();
  server.AddSession(1);
  server.AddSession(2);
  while (server.processed() < 6) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  std::printf("server shutting down\n");
  server.Stop();
  oracle_exit();
}
