// RUN: %check_clang_tidy -std=c++17-or-later -fix-notes %s threadleak-detached-thread,threadleak-infinite-loop-without-cancellation,threadleak-lost-wakeup,threadleak-unbounded-thread-creation %t -- -- -pthread

// A thread constructed by std::make_unique or std::make_shared (the library
// constructs it, in a system header) is started where make_unique is
// called, and its body is judged as that of a std::thread member or local;
// `P->detach()`, `(*P).detach()` and `P->join()` act on the thread the smart
// pointer (or a raw pointer from `new`) holds. Each positive has its correct
// form beside it.

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
  // CHECK-MESSAGES: :[[@LINE+7]]:6: warning: detached thread can never finish: it loops forever and the loop never checks for a stop request, so nothing can stop or join it and it leaks until the process exits [threadleak-detached-thread]
  // CHECK-MESSAGES: :[[@LINE+2]]:5: note: the thread loops forever here: no break, return or throw leaves the loop and nothing in it checks a stop token or flag
  auto T = std::make_shared<std::thread>([] {
    while (true)
      tick();
  });
  // CHECK-MESSAGES: :[[@LINE-4]]:12: note: thread started here
  T->detach();
}

void spinAssigned() {
  std::unique_ptr<std::thread> T;
  // CHECK-MESSAGES: :[[@LINE+7]]:8: warning: detached thread can never finish: {{.*}} [threadleak-detached-thread]
  // CHECK-MESSAGES: :[[@LINE+2]]:5: note: the thread loops forever here: {{.*}}
  T = std::make_unique<std::thread>([] {
    for (;;)
      tick();
  });
  // CHECK-MESSAGES: :[[@LINE-4]]:7: note: thread started here
  (*T).detach();
}

void spinRaw() {
  // CHECK-MESSAGES: :[[@LINE+7]]:6: warning: detached thread can never finish: {{.*}} [threadleak-detached-thread]
  // CHECK-MESSAGES: :[[@LINE+2]]:5: note: the thread loops forever here: {{.*}}
  std::thread *T = new std::thread([] {
    for (;;)
      tick();
  });
  // CHECK-MESSAGES: :[[@LINE-4]]:24: note: thread started here
  T->detach();
  delete T;
}

class DetachedMember {
public:
  // CHECK-MESSAGES: :[[@LINE+4]]:8: warning: detached thread can never finish: {{.*}} [threadleak-detached-thread]
  // CHECK-MESSAGES: :[[@LINE+8]]:5: note: the thread loops forever here: {{.*}}
  // CHECK-MESSAGES: :[[@LINE+1]]:24: note: thread started here
  DetachedMember() : T(std::make_unique<std::thread>(&DetachedMember::run, this)) {
    T->detach();
  }

private:
  void run() {
    for (;;)
      tick();
  }
  std::unique_ptr<std::thread> T;
};

// The destructor joins without asking the thread to stop; stop() would.
class Poller {
public:
  Poller() : T(std::make_unique<std::thread>([this] { poll(); })) {}
  void stop() {
    std::lock_guard<std::mutex> Lock(M);
    Quit = true;
    Cv.notify_one();
  }
  ~Poller() { T->join(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'Poller::~Poller' joins a thread that finishes only once 'Quit' is true and 'Cv' is notified, and does neither before the join: the join waits forever [threadleak-lost-wakeup]
  // CHECK-MESSAGES: :[[@LINE+6]]:8: note: the thread checks 'Quit' under 'M' and waits here for it to become true
  // CHECK-MESSAGES: :[[@LINE-8]]:8: note: 'Poller::stop' sets 'Quit'; call it before the join

private:
  void poll() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Quit; });
  }
  std::mutex M;
  std::condition_variable Cv;
  bool Quit = false;
  std::unique_ptr<std::thread> T;
};

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

void detachPerRequest(const std::vector<int> &Requests) {
  for (int R : Requests) {
    auto T = std::make_unique<std::thread>([R] { (void)R; tick(); });
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: thread started once per element of 'Requests' with nothing bounding how many run at once: {{.*}} [threadleak-unbounded-thread-creation]
    T->detach();
  }
}

// The pointer gets its thread after its declaration: reset(new ...) and an
// assignment of new.
void spinReset() {
  std::unique_ptr<std::thread> T;
  // CHECK-MESSAGES: :[[@LINE+7]]:6: warning: detached thread can never finish: {{.*}} [threadleak-detached-thread]
  // CHECK-MESSAGES: :[[@LINE+2]]:5: note: the thread loops forever here: {{.*}}
  T.reset(new std::thread([] {
    for (;;)
      tick();
  }));
  // CHECK-MESSAGES: :[[@LINE-4]]:15: note: thread started here
  T->detach();
}

class RawMember {
public:
  // CHECK-MESSAGES: :[[@LINE+3]]:8: warning: detached thread can never finish: {{.*}} [threadleak-detached-thread]
  RawMember() {
    T = new std::thread(&RawMember::run, this);
    T->detach();
    // CHECK-MESSAGES: :[[@LINE+7]]:5: note: the thread loops forever here: {{.*}}
    // CHECK-MESSAGES: :[[@LINE-3]]:13: note: thread started here
  }
  ~RawMember() { delete T; }

private:
  void run() {
    while (true)
      tick();
  }
  std::thread *T = nullptr;
};

class SharedReset {
public:
  void start() {
    // CHECK-MESSAGES: :[[@LINE+7]]:15: warning: detached thread can never finish: {{.*}} [threadleak-detached-thread]
    // CHECK-MESSAGES: :[[@LINE+2]]:7: note: the thread loops forever here: {{.*}}
    Worker.reset(new std::thread([] {
      for (;;)
        tick();
    }));
    // CHECK-MESSAGES: :[[@LINE-4]]:22: note: thread started here
    (*Worker).detach();
  }

private:
  std::shared_ptr<std::thread> Worker;
};

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

void detachStoppable() {
  auto T = std::make_unique<std::thread>([] {
    while (!Quit)
      tick();
  });
  T->detach();
}

// Each request's thread is joined before the next starts.
void joinPerRequest(const std::vector<int> &Requests) {
  for (int R : Requests) {
    auto T = std::make_unique<std::thread>([R] { (void)R; tick(); });
    T->join();
  }
}

class StoppingPoller {
public:
  StoppingPoller() : T(std::make_unique<std::thread>([this] { poll(); })) {}
  void stop() {
    std::lock_guard<std::mutex> Lock(M);
    Quit = true;
    Cv.notify_one();
  }
  ~StoppingPoller() {
    stop();
    T->join();
  }

private:
  void poll() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Quit; });
  }
  std::mutex M;
  std::condition_variable Cv;
  bool Quit = false;
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

// reset(new ...) and an assignment of new with a body that stops, or a
// thread that is joined rather than detached.
void detachResetStoppable() {
  std::unique_ptr<std::thread> T;
  T.reset(new std::thread([] {
    while (!Quit)
      tick();
  }));
  T->detach();
}

void joinReset() {
  std::unique_ptr<std::thread> T;
  T.reset(new std::thread([] {
    while (!Quit)
      tick();
  }));
  T->join();
}

class RawStoppable {
public:
  RawStoppable() {
    T = new std::thread(&RawStoppable::run, this);
    T->detach();
  }

private:
  void run() {
    while (!Stop)
      tick();
  }
  std::atomic<bool> Stop{false};
  std::thread *T = nullptr;
};

// The spinning thread is reset into another pointer than the one detached.
void detachOtherPointer() {
  std::unique_ptr<std::thread> Spinning;
  std::unique_ptr<std::thread> Stopping;
  Spinning.reset(new std::thread([] {
    for (;;)
      // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: loop never exits and checks no stop token or stop flag: {{.*}} [threadleak-infinite-loop-without-cancellation]
      // CHECK-MESSAGES: :[[@LINE-3]]:22: note: thread started here
      tick();
  }));
  Stopping.reset(new std::thread([] {
    while (!Quit)
      tick();
  }));
  Stopping->detach();
  Spinning->join();
}

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
