// RUN: %check_clang_tidy -std=c++17-or-later -fix-notes %s threadleak-infinite-loop-without-cancellation,threadleak-lost-wakeup,threadleak-unbounded-thread-creation %t -- -- -pthread

// A thread constructed by std::make_unique or std::make_shared (the library
// constructs it, in a system header) is started where make_unique is
// called, and its body is judged as that of a std::thread member or local.
// Each positive has its correct form beside it.

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <queue>
#include <thread>
#include <utility>
#include <vector>

void tick();

// ===== Positives =====

class Spinner {
public:
  Spinner() : T(std::make_unique<std::thread>([] {
    for (;;)
      // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: loop never exits and checks no stop token or stop flag: the thread running it can never finish or be stopped, so it leaks [threadleak-infinite-loop-without-cancellation]
      // CHECK-MESSAGES: :[[@LINE-3]]:17: note: thread started here
      tick();
  })) {}
  ~Spinner() { T->join(); }

private:
  std::unique_ptr<std::thread> T;
};

void spinShared() {
  auto T = std::make_shared<std::thread>([] {
    while (true)
      // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: loop never exits and checks no stop token or stop flag: the thread running it can never finish or be stopped, so it leaks [threadleak-infinite-loop-without-cancellation]
      // CHECK-MESSAGES: :[[@LINE-3]]:12: note: thread started here
      tick();
  });
  T->detach();
}

class LostWake {
public:
  LostWake() { T = std::make_unique<std::thread>(&LostWake::run, this); }
  ~LostWake() {
    Stop = true;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'Stop' is set without holding 'M', and 'Cv' is notified before 'M' is taken again: a thread that has just checked 'Stop' and is about to wait misses the wake-up and sleeps forever [threadleak-lost-wakeup]
    // CHECK-MESSAGES: :[[@LINE+11]]:8: note: the thread checks 'Stop' under 'M' and waits here for it to become true
    // CHECK-MESSAGES: :[[@LINE+3]]:5: note: 'Cv' is notified here, with 'M' not taken since 'Stop' was set
    // CHECK-MESSAGES: :[[@LINE-4]]:5: note: set 'Stop' while holding 'M' (or lock and unlock 'M' before notifying)
    // CHECK-FIXES: { std::lock_guard<std::mutex> Lock(M); Stop = true; }
    Cv.notify_all();
    T->join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> L(M);
    Cv.wait(L, [this] { return Stop; });
  }
  std::mutex M;
  std::condition_variable Cv;
  bool Stop = false;
  std::unique_ptr<std::thread> T;
};

void handleAll(const std::vector<int> &Connections) {
  std::vector<std::unique_ptr<std::thread>> Threads;
  for (int C : Connections)
    Threads.push_back(std::make_unique<std::thread>([C] { (void)C; tick(); }));
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: thread started once per element of 'Connections' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
  for (auto &T : Threads)
    T->join();
}

// A thread wrapper that makes its thread with make_unique: the argument of
// each call is a thread body.
class Runner {
public:
  void start(std::function<void()> Fn) {
    T = std::make_unique<std::thread>(std::move(Fn));
  }
  ~Runner() {
    if (T)
      T->join();
  }

private:
  std::unique_ptr<std::thread> T;
};

void useRunner(Runner &R) {
  R.start([] {
    for (;;)
      // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: loop never exits and checks no stop token or stop flag: the thread running it can never finish or be stopped, so it leaks [threadleak-infinite-loop-without-cancellation]
      // CHECK-MESSAGES: :[[@LINE-3]]:3: note: thread started here
      tick();
  });
}

// ===== Hard negatives =====

std::atomic<bool> Quit{false};

void useRunnerStoppable(Runner &R) {
  R.start([] {
    while (!Quit)
      tick();
  });
}

class Stoppable {
public:
  Stoppable() { T = std::make_unique<std::thread>(&Stoppable::run, this); }
  ~Stoppable() {
    Stop = true;
    T->join();
  }

private:
  void run() {
    while (!Stop)
      tick();
  }
  std::atomic<bool> Stop{false};
  std::unique_ptr<std::thread> T;
};

class LockedWake {
public:
  LockedWake() { T = std::make_unique<std::thread>(&LockedWake::run, this); }
  ~LockedWake() {
    {
      std::lock_guard<std::mutex> Lock(M);
      Stop = true;
    }
    Cv.notify_all();
    T->join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> L(M);
    Cv.wait(L, [this] { return Stop; });
  }
  std::mutex M;
  std::condition_variable Cv;
  bool Stop = false;
  std::unique_ptr<std::thread> T;
};

// A fixed number of workers: bounded.
class Pool {
public:
  explicit Pool(int N) {
    for (int I = 0; I < N; ++I)
      Workers.push_back(std::make_unique<std::thread>([this] { run(); }));
  }
  ~Pool() {
    {
      std::lock_guard<std::mutex> L(M);
      Stop = true;
    }
    Cv.notify_all();
    for (auto &W : Workers)
      W->join();
  }

private:
  void run() {
    for (;;) {
      std::function<void()> Task;
      {
        std::unique_lock<std::mutex> L(M);
        Cv.wait(L, [this] { return Stop || !Tasks.empty(); });
        if (Stop && Tasks.empty())
          return;
        Task = std::move(Tasks.front());
        Tasks.pop();
      }
      Task();
    }
  }
  std::vector<std::unique_ptr<std::thread>> Workers;
  std::queue<std::function<void()>> Tasks;
  std::mutex M;
  std::condition_variable Cv;
  bool Stop = false;
};

// Moving a thread into a smart pointer starts nothing; other classes are
// no threads.
void adopt(std::thread &&Running) {
  auto P = std::make_unique<std::thread>(std::move(Running));
  P->join();
}

void notAThread() {
  auto Loop = std::make_unique<std::function<void()>>([] {
    for (;;)
      tick();
  });
  (void)Loop;
}
