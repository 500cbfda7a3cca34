// CASE: video magnification pipeline pushes each captured frame onto a std::queue consumed by a fixed set of long-running worker threads, which are stopped and joined at the end
// SOURCE: https://github.com/lukehsiao/CribSense/pull/18  (lukehsiao/CribSense pull request 18)
// FIX: replace the per-frame std::async with long-running worker threads fed from a mutex-protected std::queue
// EXPECT-RUNTIME: clean
// SAFE: the thread count is fixed at kWorkers no matter how many frames arrive; Stop() wakes and joins them
#include "oracle.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

struct Frame {
  int index;
  std::vector<unsigned char> pixels;
};

class MotionAmplifier {
 public:
  static double Amplify(const Frame& frame) {
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
    return static_cast<double>(frame.pixels.size());
  }
};

class FrameProcessor {
 public:
  explicit FrameProcessor(int workers) {
    for (int i = 0; i < workers; ++i) workers_.emplace_back(&FrameProcessor::WorkerLoop, this);
  }

  void OnFrame(Frame frame) {
    {
      std::lock_guard<std::mutex> lk(mu_);
      frames_.push(std::move(frame));
    }
    cv_.notify_one();
  }

  void Stop() {
    {
      std::lock_guard<std::mutex> lk(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (std::thread& t : workers_) t.join();
    workers_.clear();
  }

  int processed() {
    std::lock_guard<std::mutex> lk(mu_);
    return processed_;
  }

 private:
  void WorkerLoop() {
    std::unique_lock<std::mutex> lk(mu_);
    for (;;) {
      cv_.wait(lk, [this] { return stop_ || !frames_.empty(); });
      if (frames_.empty()) return;
      Frame f = std::move(frames_.front());
      frames_.pop();
      lk.unlock();
      MotionAmplifier::Amplify(f);
      lk.lock();
      ++processed_;
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::queue<Frame> frames_;
  bool stop_ = false;
  int processed_ = 0;
  std::vector<std::thread> workers_;
};

static Frame Capture(int i) { return Frame{i, std::vector<unsigned char>(320 * 240, 0x80)}; }

static constexpr int kWorkers = 2;

int main() {
  FrameProcessor processor(kWorkers);
  int frames = 30;
  for (int i = 0; i < frames; ++i) processor.OnFrame(Capture(i));
  while (processor.processed() < frames) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  processor.Stop();
  std::printf("frames processed: %d\n", frames);
  oracle_exit();
}
