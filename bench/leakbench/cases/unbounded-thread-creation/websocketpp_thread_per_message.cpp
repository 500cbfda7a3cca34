// CASE: websocket server's on_message handler starts and detaches a generator thread for every incoming message; each generator sends a frame per tick forever, so every client message adds a thread that never ends
// SOURCE: https://github.com/zaphoyd/websocketpp/issues/714  (zaphoyd/websocketpp issue 714)
// FIX: (issue) do not start a thread per message: run one generator per connection (or a timer on the io loop) and stop it on close
// EXPECT-RUNTIME: leak
#include "oracle.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using connection_hdl = int;

class server {
 public:
  using message_handler = std::function<void(connection_hdl, const std::string&)>;
  void set_message_handler(message_handler h) { handler_ = std::move(h); }
  void deliver(connection_hdl hdl, const std::string& payload) { handler_(hdl, payload); }
  void send(connection_hdl, const std::string&) { sent_.fetch_add(1); }
  long sent() const { return sent_.load(); }

 private:
  message_handler handler_;
  std::atomic<long> sent_{0};
};

class TcpGenerator {
 public:
  void startGenerate(std::function<void(std::string&&)> emit) {
    for (;;) {
      emit(std::string("sample ") + std::to_string(seq_++));
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

 private:
  std::atomic<long> seq_{0};
};

class WebSockets {
 public:
  explicit WebSockets(server* s) : s_(s) {
    s_->set_message_handler([this](connection_hdl hdl, const std::string& msg) { onMessage(hdl, msg); });
  }

  void onMessage(connection_hdl hdl, const std::string&) {
    try {
      std::thread thread(&TcpGenerator::startGenerate, &generator_,
                         [this, hdl](std::string&& msg) { s_->send(hdl, msg); });  // LEAK(unbounded-thread-creation)
      thread.detach();
    } catch (const std::exception&) {
    }
  }

 private:
  server* s_;
  TcpGenerator generator_;
};

int main() {
  static server srv;
  static WebSockets ws(&srv);
  // twelve clients each ask for the stream once a tick for a short while
  for (int tick = 0; tick < 3; ++tick)
    for (connection_hdl client = 0; client < 12; ++client) srv.deliver(client, "subscribe");
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  std::printf("frames sent: %s\n", srv.sent() > 0 ? "yes" : "no");
  oracle_exit();
}
