// RUN: %check_clang_tidy -std=c++17-or-later %s threadleak-unjoined-thread %t -- -- -pthread

// A destructor whose join is skipped by a flag the thread writes itself: the
// thread clears "running" when it finishes on its own, the owner's stop()
// then returns early, and the member is destroyed joinable.

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

bool step();
void log(const char *);

// ===== Positives =====

class SafeThread {
public:
  void Start() {
    Running = true;
    T = std::thread([this] {
      while (step()) {
      }
      Running = false;
    });
  }
  void Stop() {
    if (!Running)
      return;
    Running = false;
    T.join();
  }
  ~SafeThread() { Stop(); }

private:
  std::atomic<bool> Running{false};
  std::thread T;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the destructor of 'SafeThread' skips the join of 'T' on 'Running', which the thread itself writes: once it has, 'T' is destroyed joinable and std::terminate is called; join 'T' whenever it is joinable, whatever 'Running' says [threadleak-unjoined-thread]
  // CHECK-MESSAGES: :[[@LINE-11]]:5: note: 'Stop' skips the join of 'T' here
  // CHECK-MESSAGES: :[[@LINE-16]]:15: note: the thread writes 'Running' here
};

// The guard in the destructor itself, the flag set by a callee of the
// thread body, read with load().
class Poller {
public:
  Poller() : Worker(&Poller::loop, this) {}
  ~Poller() {
    if (Finished.load())
      return;
    Quit = true;
    Worker.join();
  }

private:
  void loop() {
    while (!Quit && step()) {
    }
    finish();
  }
  void finish() { Finished.store(true); }
  std::atomic<bool> Quit{false};
  std::atomic<bool> Finished{false};
  std::thread Worker;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the destructor of 'Poller' skips the join of 'Worker' on 'Finished', which the thread itself writes: once it has, 'Worker' is destroyed joinable and std::terminate is called; join 'Worker' whenever it is joinable, whatever 'Finished' says [threadleak-unjoined-thread]
  // CHECK-MESSAGES: :[[@LINE-17]]:5: note: '~Poller' skips the join of 'Worker' here
  // CHECK-MESSAGES: :[[@LINE-6]]:28: note: the thread writes 'Finished' here
};

// The destructor calls the joining function only while the flag says so.
class Uploader {
public:
  Uploader() {
    Thread = std::thread([this] {
      if (!step())
        Active = false; // gives up on its own
    });
  }
  ~Uploader() {
    if (Active)
      shutdown();
  }

private:
  void shutdown() {
    Active = false;
    Thread.join();
  }
  bool Active = true;
  std::thread Thread;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the destructor of 'Uploader' skips the join of 'Thread' on 'Active', which the thread itself writes: once it has, 'Thread' is destroyed joinable and std::terminate is called; join 'Thread' whenever it is joinable, whatever 'Active' says [threadleak-unjoined-thread]
  // CHECK-MESSAGES: :[[@LINE-12]]:5: note: '~Uploader' skips the join of 'Thread' here
  // CHECK-MESSAGES: :[[@LINE-17]]:16: note: the thread writes 'Active' here
};

// A pool of workers, any of which may clear the flag; an enum state.
enum class State { Idle, Running, Failed };

class Pool {
public:
  explicit Pool(int N) {
    Current = State::Running;
    for (int I = 0; I < N; ++I)
      Workers.emplace_back([this] {
        if (!step())
          Current = State::Failed;
      });
  }
  ~Pool() { stop(); }

private:
  void stop() {
    if (Current != State::Running) {
      log("not running");
      return;
    }
    Current = State::Idle;
    for (std::thread &W : Workers)
      W.join();
  }
  State Current = State::Idle;
  std::vector<std::thread> Workers;
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: the destructor of 'Pool' skips the join of 'Workers' on 'Current', which the thread itself writes: once it has, 'Workers' is destroyed joinable and std::terminate is called; join 'Workers' whenever it is joinable, whatever 'Current' says [threadleak-unjoined-thread]
  // CHECK-MESSAGES: :[[@LINE-11]]:5: note: 'stop' skips the join of 'Workers' here
  // CHECK-MESSAGES: :[[@LINE-19]]:19: note: the thread writes 'Current' here
};

// A class template, a std::unique_ptr<std::thread>.
template <typename Task> class Runner {
public:
  void start(Task T) {
    Job = T;
    Thread = std::make_unique<std::thread>([this] {
      Job();
      Busy = false;
    });
    Busy = true;
  }
  ~Runner() {
    if (!Busy)
      return;
    Thread->join();
  }

private:
  Task Job;
  std::atomic<bool> Busy{false};
  std::unique_ptr<std::thread> Thread;
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: the destructor of 'Runner<void (*)()>' skips the join of 'Thread' on 'Busy', which the thread itself writes: once it has, 'Thread' is destroyed joinable and std::terminate is called; join 'Thread' whenever it is joinable, whatever 'Busy' says [threadleak-unjoined-thread]
  // CHECK-MESSAGES: :[[@LINE-10]]:5: note: '~Runner' skips the join of 'Thread' here
  // CHECK-MESSAGES: :[[@LINE-16]]:12: note: the thread writes 'Busy' here
};

void task();
void useRunner() {
  Runner<void (*)()> R;
  R.start(task);
}

// ===== Negatives =====

// Only the owner writes the flag: it is false only before start() and after
// a stop() that joined.
class OwnerFlag {
public:
  void start() {
    Running = true;
    T = std::thread([this] {
      while (Running && step()) {
      }
    });
  }
  void stop() {
    if (!Running)
      return;
    Running = false;
    T.join();
  }
  ~OwnerFlag() { stop(); }

private:
  std::atomic<bool> Running{false};
  std::thread T;
};

// The guard tests the thread itself.
class JoinableGuard {
public:
  JoinableGuard() : T([this] { Done = true; }) {}
  ~JoinableGuard() {
    if (!T.joinable())
      return;
    T.join();
  }

private:
  std::atomic<bool> Done{false};
  std::thread T;
};

// The early exit joins too.
class EarlyExitJoins {
public:
  EarlyExitJoins() : T([this] { Running = false; }) {}
  ~EarlyExitJoins() {
    if (!Running) {
      if (T.joinable())
        T.join();
      return;
    }
    Running = false;
    T.join();
  }

private:
  std::atomic<bool> Running{true};
  std::thread T;
};

// The flag only decides whether to signal; the join always comes.
class SignalOnly {
public:
  SignalOnly() : T([this] {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Quit; });
    Running = false;
  }) {}
  ~SignalOnly() {
    if (Running) {
      std::lock_guard<std::mutex> Lock(M);
      Quit = true;
      Cv.notify_all();
    }
    T.join();
  }

private:
  std::mutex M;
  std::condition_variable Cv;
  bool Quit = false;
  std::atomic<bool> Running{true};
  std::thread T;
};

// The thread only reads the flag the guard tests.
class ReadOnlyFlag {
public:
  ReadOnlyFlag() : T([this] {
    while (!Stopped) {
    }
  }) {}
  ~ReadOnlyFlag() {
    if (Stopped)
      return;
    Stopped = true;
    T.join();
  }

private:
  std::atomic<bool> Stopped{false};
  std::thread T;
};

// The if does not leave the function: the join after it always runs.
class LogsOnly {
public:
  LogsOnly() : T([this] { Done = true; }) {}
  ~LogsOnly() {
    if (Done)
      log("already done");
    T.join();
  }

private:
  std::atomic<bool> Done{false};
  std::thread T;
};

// The other branch joins.
class ElseJoins {
public:
  ElseJoins() : T([this] { Active = false; }) {}
  ~ElseJoins() {
    if (Active)
      shutdown();
    else if (T.joinable())
      T.join();
  }

private:
  void shutdown() {
    Active = false;
    T.join();
  }
  std::atomic<bool> Active{true};
  std::thread T;
};

// The thread writes the flag of another object, not its owner's.
struct Status {
  std::atomic<bool> Running{true};
};

class OtherObject {
public:
  explicit OtherObject(Status &S) : Shared(&S), T([&S] { S.Running = false; }) {}
  ~OtherObject() {
    if (!Running)
      return;
    T.join();
  }

private:
  Status *Shared;
  std::atomic<bool> Running{true};
  std::thread T;
};

#if __cplusplus >= 202002L
// std::jthread joins when it is destroyed, whatever stop() does.
class JThreadOwner {
public:
  JThreadOwner() : T([this] { Running = false; }) {}
  ~JThreadOwner() {
    if (!Running)
      return;
    T.join();
  }

private:
  std::atomic<bool> Running{true};
  std::jthread T;
};
#endif
