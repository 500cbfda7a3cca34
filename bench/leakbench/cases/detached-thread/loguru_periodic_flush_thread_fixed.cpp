// CASE: logging library lazily starts a periodic flush thread on the first log call; shutdown() sets an exit flag, joins and deletes the thread, then flushes once more
// SOURCE: https://github.com/emilk/loguru/pull/281  (emilk/loguru pull request 281)
// FIX: shutdown() sets an atomic exit flag, joins and deletes the flush thread, then does a final flush
// EXPECT-RUNTIME: clean
// SAFE: the flush loop reads s_flush_thread_exit every interval and shutdown() joins the thread (at most one interval)
#include "oracle.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace loguru {

static unsigned g_flush_interval_ms = 10;
static std::recursive_mutex s_mutex;
static std::vector<std::string> s_pending;
static std::atomic<bool> s_needs_flushing{false};
static std::atomic<bool> s_flush_thread_exit{false};
static std::thread* s_flush_thread = nullptr;
static std::FILE* s_sink = nullptr;

void flush() {
  std::lock_guard<std::recursive_mutex> lock(s_mutex);
  for (const std::string& line : s_pending) std::fputs(line.c_str(), s_sink);
  std::fflush(s_sink);
  s_pending.clear();
  s_needs_flushing = false;
}

void log(const char* file, unsigned line, const std::string& text) {
  std::lock_guard<std::recursive_mutex> lock(s_mutex);
  s_pending.push_back(std::string(file) + ":" + std::to_string(line) + " " + text + "\n");
  if (g_flush_interval_ms > 0) s_needs_flushing = true;
  if (g_flush_interval_ms > 0 && !s_flush_thread) {
    s_flush_thread = new std::thread([]() {
      while (!s_flush_thread_exit) {
        if (s_needs_flushing) flush();
        std::this_thread::sleep_for(std::chrono::milliseconds(g_flush_interval_ms));
      }
    });
  }
}

void init() { s_sink = std::fopen("/dev/null", "w"); }

void shutdown() {
  std::thread* t = nullptr;
  {
    std::lock_guard<std::recursive_mutex> lock(s_mutex);
    t = s_flush_thread;
    s_flush_thread = nullptr;
  }
  if (t) {
    s_flush_thread_exit = true;
    t->join();
    delete t;
  }
  flush();
  std::printf("loguru: shutdown\n");
}

}  // namespace loguru

#define LOG_F(msg) ::loguru::log(__FILE__, __LINE__, (msg))

int main() {
  loguru::init();
  LOG_F("starting up");
  LOG_F("loaded 12 plugins");
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  loguru::shutdown();
  oracle_exit();
}
