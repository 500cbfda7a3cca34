// RUN: %check_clang_tidy -std=c++17-or-later %s threadleak-infinite-loop-without-cancellation %t -- -- -pthread

// Thread wrappers: functions and constructors of the translation unit that
// start a thread running one of their callable parameters. Their calls are
// launches, and the argument is the thread body.

#include <atomic>
#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <pthread.h>
#include <thread>
#include <utility>
#include <vector>

void tick();
std::atomic<bool> Stop{false};

// ===== Positives =====

void spawn(std::function<void()> Fn) { std::thread(std::move(Fn)).detach(); }

void useSpawn() {
  spawn([] {
    for (;;) {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits and checks no stop token or stop flag: the thread running it can never finish or be stopped, so it leaks [threadleak-infinite-loop-without-cancellation]
      // CHECK-NOTES: :[[@LINE-3]]:3: note: thread started here
      tick();
    }
  });
}

template <typename F> void runInBackground(F &&Fn) {
  std::thread T(std::forward<F>(Fn));
  T.detach();
}

void pollForever() {
  while (true)
    // CHECK-NOTES: :[[@LINE-1]]:3: warning: loop never exits and checks no stop token or stop flag: the thread running it can never finish or be stopped, so it leaks [threadleak-infinite-loop-without-cancellation]
    tick();
}

void useTemplateWrapper() {
  runInBackground(pollForever);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: thread started here
}

// A thread class: the constructor stores the callable, a pthread
// trampoline calls it.
class Thread {
public:
  explicit Thread(std::function<void()> Fn) : Body(std::move(Fn)) {
    pthread_create(&Handle, nullptr, &Thread::entry, this);
  }
  ~Thread() { pthread_join(Handle, nullptr); }

private:
  static void *entry(void *Self) {
    static_cast<Thread *>(Self)->Body();
    return nullptr;
  }
  std::function<void()> Body;
  pthread_t Handle;
};

void useThreadClass() {
  Thread Poller([] {
    while (true) {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits and checks no stop token or stop flag: the thread running it can never finish or be stopped, so it leaks [threadleak-infinite-loop-without-cancellation]
      // CHECK-NOTES: :[[@LINE-3]]:10: note: thread started here
      tick();
    }
  });
}

// The parameter moved into the lambda the thread runs; a member function.
class Workers {
public:
  void add(std::function<void()> Task) {
    Threads.emplace_back([Task = std::move(Task)] { Task(); });
  }
  ~Workers() {
    for (std::thread &T : Threads)
      T.join();
  }

private:
  std::vector<std::thread> Threads;
};

void useWorkers(Workers &W) {
  W.add([] {
    while (true)
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits and checks no stop token or stop flag: the thread running it can never finish or be stopped, so it leaks [threadleak-infinite-loop-without-cancellation]
      // CHECK-NOTES: :[[@LINE-3]]:3: note: thread started here
      tick();
  });
}

// A wrapper of a wrapper: it hands its own parameter on, by value, moved,
// or in a lambda that calls it; a member of a class, and a chain of three.
void spawnNamed(const char *Name, std::function<void()> Fn) {
  (void)Name;
  spawn(std::move(Fn));
}

void useSpawnNamed() {
  spawnNamed("poller", [] {
    for (;;)
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits and checks no stop token or stop flag: the thread running it can never finish or be stopped, so it leaks [threadleak-infinite-loop-without-cancellation]
      // CHECK-NOTES: :[[@LINE-3]]:3: note: thread started here
      tick();
  });
}

class Service {
public:
  void startWorker(std::function<void()> Fn) {
    Worker.reset(new Thread([Fn] { Fn(); }));
  }
  void startLogged(std::function<void()> Fn) { startWorker(Fn); }

private:
  std::unique_ptr<Thread> Worker;
};

void useService(Service &S) {
  S.startLogged([] {
    while (true)
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits and checks no stop token or stop flag: the thread running it can never finish or be stopped, so it leaks [threadleak-infinite-loop-without-cancellation]
      // CHECK-NOTES: :[[@LINE-3]]:3: note: thread started here
      tick();
  });
}

// The library constructs the wrapper from the arguments: make_unique, a
// container's emplace_back, an optional's emplace; also with more
// arguments than the callable.
class Named {
public:
  Named(const char *Name, std::function<void()> Fn) : T(std::move(Fn)) {
    (void)Name;
  }
  ~Named() { T.join(); }

private:
  std::thread T;
};

void useMakeUnique() {
  auto W = std::make_unique<Thread>([] {
    for (;;)
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits and checks no stop token or stop flag: the thread running it can never finish or be stopped, so it leaks [threadleak-infinite-loop-without-cancellation]
      // CHECK-NOTES: :[[@LINE-3]]:12: note: thread started here
      tick();
  });
}

void useEmplace(std::list<Named> &Threads, std::optional<Named> &One) {
  Threads.emplace_back("poller", [] {
    while (true)
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits and checks no stop token or stop flag: the thread running it can never finish or be stopped, so it leaks [threadleak-infinite-loop-without-cancellation]
      // CHECK-NOTES: :[[@LINE-3]]:3: note: thread started here
      tick();
  });
  One.emplace("ticker", [] {
    for (;;)
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits and checks no stop token or stop flag: the thread running it can never finish or be stopped, so it leaks [threadleak-infinite-loop-without-cancellation]
      // CHECK-NOTES: :[[@LINE-3]]:3: note: thread started here
      tick();
  });
}

// ===== Negatives =====

// The same constructions with bodies that end or check a stop flag.
void useEmplaceStoppable(std::list<Named> &Threads) {
  Threads.emplace_back("poller", [] {
    while (!Stop)
      tick();
  });
  auto W = std::make_shared<Thread>([] { tick(); });
}

// A class that stores the callable and never starts a thread, built by
// make_unique and emplace_back: the loop runs on the caller's thread.
class Deferred {
public:
  explicit Deferred(std::function<void()> Fn) : Body(std::move(Fn)) {}
  void run() { Body(); }

private:
  std::function<void()> Body;
};

void useDeferred(std::vector<Deferred> &Jobs) {
  auto D = std::make_unique<Deferred>([] {
    for (;;)
      tick();
  });
  Jobs.emplace_back([] {
    for (;;)
      tick();
  });
}

// Two constructors take one argument: which one the library calls is not
// decided from the count, so neither is followed (a miss, not a report).
class Overloaded {
public:
  explicit Overloaded(std::function<void()> Fn) : T(std::move(Fn)) {}
  explicit Overloaded(int Priority) : T(tick) { (void)Priority; }
  ~Overloaded() { T.join(); }

private:
  std::thread T;
};

void useOverloaded() {
  auto O = std::make_unique<Overloaded>([] {
    for (;;)
      tick();
  });
}

// A function that calls a wrapper, but not with its own parameter: the
// parameter runs on the caller's thread.
void startTicker(std::function<void()> OnStart) {
  spawn([] {
    while (!Stop)
      tick();
  });
  OnStart();
}

void useStartTicker() {
  startTicker([] {
    for (;;)
      tick();
  });
}

// A wrapper of a wrapper whose body checks a stop flag.
void stoppableNamed() {
  spawnNamed("ticker", [] {
    while (!Stop)
      tick();
  });
}

// The body the wrapper runs checks a stop flag.
void stoppable() {
  spawn([] {
    while (!Stop)
      tick();
  });
}

// Stored into a queue, not run by a thread of this function.
std::vector<std::function<void()>> Queue;
void post(std::function<void()> Fn) { Queue.push_back(std::move(Fn)); }

void usePost() {
  post([] {
    for (;;)
      tick();
  });
}

// The function starts a thread, but not with its parameter: the argument
// runs on the caller's thread.
void logLoop();
void withLogger(std::function<void()> Fn) {
  std::thread(logLoop).detach();
  Fn();
}

void useWithLogger() {
  withLogger([] {
    for (;;)
      tick();
  });
}

// The thread calls another member than the one the parameter is stored in.
class Notifier {
public:
  explicit Notifier(std::function<void()> OnExit) : OnExit(std::move(OnExit)) {
    pthread_create(&Handle, nullptr, &Notifier::entry, this);
  }
  ~Notifier() {
    pthread_join(Handle, nullptr);
    OnExit();
  }

private:
  static void *entry(void *Self) {
    static_cast<Notifier *>(Self)->Work();
    return nullptr;
  }
  std::function<void()> OnExit;
  std::function<void()> Work = [] { tick(); };
  pthread_t Handle;
};

void useNotifier() {
  Notifier N([] {
    for (;;)
      tick();
  });
}

// A finite body.
void finite() {
  spawn([] { tick(); });
}
