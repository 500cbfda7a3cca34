// CASE: video magnification pipeline launches std::async(std::launch::async) for every captured frame and parks the futures in a deque, so each frame gets its own thread
// SOURCE: https://github.com/lukehsiao/CribSense/pull/18  (lukehsiao/CribSense pull request 18)
// FIX: replace the per-frame std::async with long-running worker threads fed from a mutex-protected std::queue
// EXPECT-RUNTIME: leak
#include "oracle.h"

#include <chrono>
#include <cstdio>
#include <deque>
#include <future>
#include <thread>
#include <vector>

struct Frame {
  int index;
  std::vector<unsigned char> pixels;
};

class MotionAmplifier {
 public:
  // the riesz pyramid pass is heavy: every call keeps its thread busy for a while
  static double Amplify(Frame frame) {
    std::this_thread::sleep_for(std::chrono::seconds(3));
    return static_cast<double>(frame.pixels.size());
  }
};

class FrameProcessor {
 public:
  void OnFrame(Frame frame) {
    pending_.push_back(std::async(std::launch::async, &MotionAmplifier::Amplify, std::move(frame)));  // LEAK(unbounded-thread-creation)
  }

  size_t inFlight() const { return pending_.size(); }

 private:
  std::deque<std::future<double>> pending_;
};

static Frame Capture(int i) { return Frame{i, std::vector<unsigned char>(320 * 240, 0x80)}; }

int main() {
  FrameProcessor processor;
  int frames = 30;  // one second of camera input
  for (int i = 0; i < frames; ++i) processor.OnFrame(Capture(i));
  std::printf("frames queued: %zu\n", processor.inFlight());
  oracle_exit();
}
