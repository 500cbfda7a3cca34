// RUN: %check_clang_tidy -std=c++20-or-later %s threadleak-unjoined-thread %t -- -- -pthread

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

// ===== Detached threads that outlive what they use =====

class Simulator {
public:
  void onStateChange() {
    std::thread([this] { step(); }).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: detached thread uses 'this' of 'Simulator', whose implicit destructor does not wait for it: the thread may use the object after it is destroyed; keep the thread and join it in the destructor, or let the thread own the object through a std::shared_ptr [threadleak-unjoined-thread]
    // CHECK-MESSAGES: :[[@LINE-2]]:18: note: the thread gets 'this' here
  }

private:
  void step() { ++Steps; }
  int Steps = 0;
};

class Exporter {
public:
  void start() {
    std::thread T(&Exporter::exportOnce, this);
    T.detach();
  }
  ~Exporter() { Closed = true; }
  // CHECK-MESSAGES: :[[@LINE-3]]:7: warning: detached thread uses 'this' of 'Exporter', whose destructor does not wait for it: the thread may use the object after it is destroyed; keep the thread and join it in the destructor, or let the thread own the object through a std::shared_ptr [threadleak-unjoined-thread]
  // CHECK-MESSAGES: :[[@LINE-5]]:42: note: the thread gets 'this' here
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the destructor of 'Exporter' neither joins nor waits for the thread

private:
  void exportOnce() {}
  bool Closed = false;
};

void launchWithLocal() {
  int Counter = 0;
  std::thread([&Counter] { ++Counter; }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:42: warning: detached thread uses 'Counter', a local of 'launchWithLocal', by reference, and nothing makes 'launchWithLocal' wait for the thread: it may use 'Counter' after 'launchWithLocal' returns; pass it by value, or join the thread before returning [threadleak-unjoined-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:17: note: 'Counter' is passed to the thread by reference here
}

void launchWithRef() {
  std::vector<int> Data;
  std::thread T([](std::vector<int> &D) { D.clear(); }, std::ref(Data));
  T.detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: detached thread uses 'Data', a local of 'launchWithRef', by reference, and nothing makes 'launchWithRef' wait for the thread: it may use 'Data' after 'launchWithRef' returns; pass it by value, or join the thread before returning [threadleak-unjoined-thread]
  // CHECK-MESSAGES: :[[@LINE-3]]:57: note: 'Data' is passed to the thread by reference here
}

// ===== Detached threads: not reported =====

class WaitsInDestructor {
public:
  void start() {
    std::thread([this] {
      std::lock_guard<std::mutex> Lock(M);
      Done = true;
      Cv.notify_one();
    }).detach();
  }
  ~WaitsInDestructor() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Done; });
  }

private:
  std::mutex M;
  std::condition_variable Cv;
  bool Done = false;
};

class SharedSelf : public std::enable_shared_from_this<SharedSelf> {
public:
  void start() {
    std::thread([Self = shared_from_this()] { Self->step(); }).detach();
  }
  void step() {}
};

class KeepsAliveByCopy {
public:
  void start(std::shared_ptr<KeepsAliveByCopy> Self) {
    std::thread([this, Self] { step(); }).detach();
  }
  void step() {}
};

void byValue() {
  int Counter = 0;
  std::thread([Counter] { (void)Counter; }).detach();
}

void launcherWaits() {
  std::mutex M;
  std::condition_variable Cv;
  bool Done = false;
  std::thread([&] {
    std::lock_guard<std::mutex> Lock(M);
    Done = true;
    Cv.notify_one();
  }).detach();
  std::unique_lock<std::mutex> Lock(M);
  Cv.wait(Lock, [&] { return Done; });
}

class Daemon {
public:
  static Daemon &instance() {
    static Daemon D;
    return D;
  }
  void start() {
    std::thread([this] { tick(); }).detach();
  }

private:
  void tick() {}
};
