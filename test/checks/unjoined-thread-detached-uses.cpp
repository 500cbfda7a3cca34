// RUN: %check_clang_tidy -std=c++20-or-later %s threadleak-unjoined-thread %t -- -- -pthread

#include <chrono>
#include <condition_variable>
#include <coroutine>
#include <functional>
#include <future>
#include <latch>
#include <memory>
#include <mutex>
#include <semaphore>
#include <thread>
#include <utility>
#include <vector>

int compute();
void sleepFor(std::chrono::milliseconds D);

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

// ===== The thread ends by running the continuation it was handed =====
// Whoever handed the continuation waits for it: a coroutine awaiter lives in
// the suspended coroutine's frame until the thread resumes it, an executor's
// caller waits for the callable it scheduled. Not reported.

struct ComputeAwaiter {
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<> H) {
    std::thread([this, H] {
      Value = compute();
      H.resume();
    }).detach();
  }
  int await_resume() { return Value; }
  int Value = 0;
};

template <typename T> struct SleepAwaiter {
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<> Continuation) noexcept {
    std::thread([this, C = std::move(Continuation)]() mutable {
      sleepFor(Delay);
      C();
    }).detach();
  }
  T await_resume() { return Value; }
  T Value{};
  std::chrono::milliseconds Delay{1};
};
template struct SleepAwaiter<int>;

// The handle is bound to a parameter of a member function the thread runs.
struct MemberFunctionAwaiter {
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<> H) {
    std::thread(&MemberFunctionAwaiter::complete, this, H).detach();
  }
  void await_resume() {}
  void complete(std::coroutine_handle<> H) {
    Value = compute();
    H.resume();
  }
  int Value = 0;
};

// The handle is kept in a member first.
struct StoredHandleAwaiter {
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<> H) {
    Handle = H;
    std::thread([this] {
      Value = compute();
      Handle.resume();
    }).detach();
  }
  int await_resume() { return Value; }
  std::coroutine_handle<> Handle;
  int Value = 0;
};

// The handle is handed on to an executor, inside a lambda.
struct Executor {
  void post(std::function<void()> Fn);
};
struct HandOffAwaiter {
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<> H) {
    std::thread([this, H] {
      Value = compute();
      Ex->post([H] { H.resume(); });
    }).detach();
  }
  void await_resume() {}
  Executor *Ex = nullptr;
  int Value = 0;
};

// A std::jthread, detached; the resume written by a macro.
#define RESUME(Handle) Handle.resume()
struct JThreadAwaiter {
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<> H) {
    std::jthread([this, H] {
      Value = compute();
      RESUME(H);
    }).detach();
  }
  int await_resume() { return Value; }
  int Value = 0;
};

class TimerExecutor {
public:
  using Func = std::function<void()>;
  void schedule(Func Fn) {
    std::thread([this, Fn = std::move(Fn)] {
      ++Scheduled;
      Fn();
    }).detach();
  }
  // Handed on to another member function.
  void scheduleAfter(Func Fn, std::chrono::milliseconds D) {
    std::thread([this, Fn = std::move(Fn), D]() mutable {
      sleepFor(D);
      schedule(std::move(Fn));
    }).detach();
  }
  // A callable of any type, invoked.
  template <typename F> void after(F Fn) {
    std::thread([this, Fn] {
      ++Scheduled;
      Fn();
    }).detach();
  }
  // A function pointer, called with what the thread computed.
  void compute(void (*Done)(int)) {
    std::thread([this, Done] {
      Result = ::compute();
      Done(Result);
    }).detach();
  }
  // A continuation whose result the thread returns.
  void query(std::function<int(int)> Fn) {
    std::thread([this, Fn] { return Fn(Result); }).detach();
  }

private:
  int Scheduled = 0;
  int Result = 0;
};
void useTimers(TimerExecutor &Ex) {
  Ex.after([] {});
}

// ===== The continuation is not the thread's last use of the object =====

struct ResumesThenCounts {
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<> H) {
    std::thread([this, H] {
      H.resume();
      ++Resumed;
    }).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: detached thread uses 'this' of 'ResumesThenCounts', whose implicit destructor does not wait for it: {{.*}}
  }
  void await_resume() {}
  int Resumed = 0;
};

// The handle by reference: the parameter is gone when await_suspend
// returns, and nothing is resumed for sure.
struct HandleByReference {
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<> H) {
    std::thread([this, &H] {
      Value = compute();
      H.resume();
    }).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: detached thread uses 'this' of 'HandleByReference', {{.*}}
  }
  void await_resume() {}
  int Value = 0;
};

class CallsBackThenRecords {
public:
  void fetch(std::function<void(int)> Done) {
    std::thread([this, Done] {
      Done(compute());
      Finished = true;
    }).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: detached thread uses 'this' of 'CallsBackThenRecords', {{.*}}
  }

private:
  bool Finished = false;
};

// A callback the object keeps is not one its caller waits for.
class CallsItsOwnCallback {
public:
  void setCallback(std::function<void()> Fn) { OnDone = std::move(Fn); }
  void start() {
    std::thread([this] {
      Value = compute();
      OnDone();
    }).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: detached thread uses 'this' of 'CallsItsOwnCallback', {{.*}}
  }

private:
  std::function<void()> OnDone;
  int Value = 0;
};

// A value handed on is not a continuation.
class HandsOnAValue {
public:
  void start(int Id) {
    std::thread([this, Id] { record(Id); }).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:45: warning: detached thread uses 'this' of 'HandsOnAValue', {{.*}}
  }

private:
  void record(int Id) { Last = Id; }
  int Last = 0;
};

// ===== The thread ends by telling a waiter that it is done =====
// A member function the owner calls waits for the completion signal the
// thread gives as its last action: the object lives until then. Not
// reported.

class Uploader {
public:
  void start() {
    std::thread([this] {
      Bytes = compute();
      Finished.count_down();
    }).detach();
  }
  void wait() { Finished.wait(); }

private:
  int Bytes = 0;
  std::latch Finished{1};
};

class Poller {
public:
  void start() {
    std::thread([this] {
      while (!Stop)
        Polls = Polls + 1;
      Exited.release();
    }).detach();
  }
  void stop() {
    Stop = true;
    Exited.acquire();
  }

private:
  std::atomic<bool> Stop{false};
  std::atomic<int> Polls{0};
  std::binary_semaphore Exited{0};
};

// A promise whose future a member function waits on.
class Indexer {
public:
  Indexer() : Indexed(Done.get_future()) {}
  void start() { std::thread(&Indexer::run, this).detach(); }
  void close() {
    Stop = true;
    Indexed.wait();
  }

private:
  void run() {
    while (!Stop)
      Entries = Entries + 1;
    Done.set_value();
  }
  std::atomic<bool> Stop{false};
  std::atomic<int> Entries{0};
  std::promise<void> Done;
  std::future<void> Indexed;
};

// A promise whose future the owner gets and waits on.
class Resolver {
public:
  std::future<int> resolve() {
    std::thread([this] {
      Answers = compute();
      Answer.set_value(Answers);
    }).detach();
    return Answer.get_future();
  }

private:
  int Answers = 0;
  std::promise<int> Answer;
};

// A counter then a notify, under the waiter's mutex, in a helper.
class Crawler {
public:
  void start() {
    std::thread([this] {
      Pages = compute();
      leave();
    }).detach();
  }
  void shutdown() {
    std::unique_lock<std::mutex> Lock(M);
    Stop = true;
    Left.wait(Lock, [this] { return Running == 0; });
  }

private:
  void leave() {
    std::lock_guard<std::mutex> Lock(M);
    --Running;
    Left.notify_all();
  }
  std::mutex M;
  std::condition_variable Left;
  bool Stop = false;
  int Running = 1;
  int Pages = 0;
};

void owner() {
  Uploader U;
  U.start();
  U.wait();
  Poller P;
  P.start();
  P.stop();
  Indexer I;
  I.start();
  I.close();
  Resolver R;
  std::future<int> F = R.resolve();
  F.get();
  Crawler C;
  C.start();
  C.shutdown();
}

// ===== Still reported =====

// The shutdown that would wait is never called.
class NeverShutDown {
public:
  void start() {
    std::thread([this] {
      Value = compute();
      Finished.count_down();
    }).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: detached thread uses 'this' of 'NeverShutDown', {{.*}}
  }
  void wait() { Finished.wait(); }

private:
  int Value = 0;
  std::latch Finished{1};
};

// Stop() waits for something the thread does not signal.
class WaitsForTheWrongFlag {
public:
  void start() {
    std::thread([this] {
      Value = compute();
      std::lock_guard<std::mutex> Lock(M);
      Exited = true;
      Cv.notify_all();
    }).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: detached thread uses 'this' of 'WaitsForTheWrongFlag', {{.*}}
  }
  void stop() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Drained; });
  }

private:
  std::mutex M;
  std::condition_variable Cv;
  bool Exited = false;
  bool Drained = false;
  int Value = 0;
};

// The thread uses the object after it said it was done.
class CountsAfterSignal {
public:
  void start() {
    std::thread([this] {
      Done.release();
      ++Runs;
    }).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: detached thread uses 'this' of 'CountsAfterSignal', {{.*}}
  }
  void stop() { Done.acquire(); }

private:
  std::binary_semaphore Done{0};
  int Runs = 0;
};

// The notify comes after the mutex is given back: the waiter can see the
// flag, return and destroy the condition variable before it.
class NotifiesAfterUnlock {
public:
  void start() {
    std::thread([this] {
      {
        std::lock_guard<std::mutex> Lock(M);
        Exited = true;
      }
      Cv.notify_all();
    }).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: detached thread uses 'this' of 'NotifiesAfterUnlock', {{.*}}
  }
  void stop() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Exited; });
  }

private:
  std::mutex M;
  std::condition_variable Cv;
  bool Exited = false;
};

// The waiter gives up after a deadline and the owner goes on.
class GivesUpWaiting {
public:
  void start() {
    std::thread([this] {
      Value = compute();
      std::lock_guard<std::mutex> Lock(M);
      Exited = true;
      Cv.notify_all();
    }).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: detached thread uses 'this' of 'GivesUpWaiting', {{.*}}
  }
  void stop() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait_for(Lock, std::chrono::seconds(1), [this] { return Exited; });
  }

private:
  std::mutex M;
  std::condition_variable Cv;
  bool Exited = false;
  int Value = 0;
};

void owner2() {
  NeverShutDown N;
  N.start();
  WaitsForTheWrongFlag W;
  W.start();
  W.stop();
  CountsAfterSignal S;
  S.start();
  S.stop();
  NotifiesAfterUnlock U;
  U.start();
  U.stop();
  GivesUpWaiting G;
  G.start();
  G.stop();
}
