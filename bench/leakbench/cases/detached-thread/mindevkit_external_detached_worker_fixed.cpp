// CASE: Max external object owns a joinable analysis worker; the destructor sets the stop flag under the mutex, notifies and joins, and the wait predicate includes the flag
// SOURCE: https://github.com/Cycling74/min-devkit/issues/152  (Cycling74/min-devkit issue 152)
// FIX: the reporter switched to a joinable thread that the object joins in its destructor (the stop flag is part of the wait)
// EXPECT-RUNTIME: clean
// SAFE: the worker's wait wakes on !m_running and the destructor joins it
#include "oracle.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>

class analysis_external {
 public:
  analysis_external() : m_worker([this] { run(); }) {}

  ~analysis_external() {
    {
      std::lock_guard<std::mutex> lk(m_mutex);
      m_running = false;
    }
    m_cv.notify_all();
    m_worker.join();
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
      m_cv.wait(lk, [this] { return !m_jobs.empty() || !m_running; });
      if (!m_jobs.empty()) {
        m_jobs.pop_front();
        ++m_done;
      }
    }
    std::printf("worker exiting\n");
  }

  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::deque<int> m_jobs;
  bool m_running = true;
  int m_done = 0;
  std::thread m_worker;
};

int main() {
  auto* obj = new analysis_external;
  for (int i = 0; i < 4; ++i) obj->bang(i);
  while (obj->done() < 4) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  delete obj;
  oracle_exit();
}
