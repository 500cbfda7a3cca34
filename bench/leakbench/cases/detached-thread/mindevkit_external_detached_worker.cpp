// CASE: Max external object starts its analysis worker as a detached std::thread; the destructor flips a flag and notifies, but the worker's wait predicate only looks at the job queue, so the detached worker never leaves and the host cannot exit
// SOURCE: https://github.com/Cycling74/min-devkit/issues/152  (Cycling74/min-devkit issue 152)
// FIX: the reporter switched to a joinable thread that the object joins in its destructor (the stop flag is part of the wait)
// EXPECT-RUNTIME: leak
#include "oracle.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>

class analysis_external {
 public:
  analysis_external() {
    std::thread worker([this] { run(); });
    worker.detach();  // LEAK(detached-thread)
  }

  ~analysis_external() { on_free(); }

  // called by the host when the patcher closes, before the memory is released
  void on_free() {
    {
      std::lock_guard<std::mutex> lk(m_mutex);
      m_running = false;
    }
    m_cv.notify_all();
  }

  void bang(int frame) {
    {
      std::lock_guard<std::mutex> lk(m_mutex);
      m_jobs.push_back(frame);
    }
    m_cv.notify_one();
  }

  int done() {
    std::lock_guard<std::mutex> lk(m_mutex);
    return m_done;
  }

 private:
  void run() {
    std::unique_lock<std::mutex> lk(m_mutex);
    while (m_running) {
      m_cv.wait(lk, [this] { return !m_jobs.empty(); });
      m_jobs.pop_front();
      ++m_done;
    }
    std::printf("worker exiting\n");
  }

  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::deque<int> m_jobs;
  bool m_running = true;
  int m_done = 0;
};

int main() {
  auto* obj = new analysis_external;
  for (int i = 0; i < 4; ++i) obj->bang(i);
  while (obj->done() < 4) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  // the patcher is closed; the host runs the free hook (the memory itself is pooled)
  obj->on_free();
  oracle_exit();
}
