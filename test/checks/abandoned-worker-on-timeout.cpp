// RUN: %check_clang_tidy -std=c++17-or-later %s threadleak-abandoned-worker-on-timeout %t -- -config="{CheckOptions: {ThreadLaunchers: 'Pool::submit'}}" -- -pthread

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <pthread.h>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

int lookup(const char *Host);
std::string download();
int slowQuery();
int connectOnce();
void report(const char *What);
void poll();
void recvMessage();

struct Pool {
  void enqueue(std::packaged_task<void()> Task);
  template <typename F> std::future<void> submit(F Task) {
    std::packaged_task<void()> T(std::move(Task));
    std::future<void> Result = T.get_future();
    enqueue(std::move(T));
    return Result;
  }
};

// ===== Positives =====

// The resolver with a deadline: on timeout the thread is detached while it
// still writes the result into this frame.
bool resolveWithDeadline(const char *Host, int &Out) {
  std::mutex M;
  std::condition_variable CV;
  bool Done = false;
  int Result = 0;
  std::thread T([&] {
    int R = lookup(Host);
    std::lock_guard<std::mutex> G(M);
    Result = R;
    Done = true;
    CV.notify_one();
  });
  std::unique_lock<std::mutex> L(M);
  if (!CV.wait_for(L, std::chrono::seconds(1), [&] { return Done; })) {
    T.detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: worker thread abandoned when 'wait_for' times out: it is detached without being asked to stop, and it still writes to 'Result', captured by reference ('[&]') from this function's stack frame, which is dead once the function returns [threadleak-abandoned-worker-on-timeout]
    return false;
  }
  L.unlock();
  T.join();
  Out = Result;
  return true;
}

// cv_status compared with timeout; the capture is explicit.
int resolveStatus(const char *Host) {
  std::mutex M;
  std::condition_variable CV;
  int Result = -1;
  std::thread T([&Result, &M, &CV, Host] {
    int R = lookup(Host);
    std::lock_guard<std::mutex> G(M);
    Result = R;
    CV.notify_one();
  });
  std::unique_lock<std::mutex> L(M);
  auto Deadline = std::chrono::steady_clock::now() + 2s;
  if (CV.wait_until(L, Deadline) == std::cv_status::timeout) {
    T.detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: worker thread abandoned when 'wait_until' times out: it is detached without being asked to stop, and it still writes to 'Result', captured by reference ('&Result') from this function's stack frame
    return -1;
  }
  T.join();
  return Result;
}

// Detached where it starts; the timeout path returns while the worker
// still writes the buffer.
int fetchOrDefault() {
  std::promise<int> P;
  std::future<int> F = P.get_future();
  std::string Buffer;
  std::thread([&] {
    Buffer = download();
    P.set_value(static_cast<int>(Buffer.size()));
  }).detach();
  if (F.wait_for(100ms) != std::future_status::ready)
    return -1;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: worker thread abandoned when 'wait_for' times out: it is left running without being asked to stop, and it still writes to 'Buffer', captured by reference ('[&]') from this function's stack frame
  return F.get();
}

// The wait's result stored, then tested.
bool resolveStored(const char *Host, int &Out) {
  std::mutex M;
  std::condition_variable CV;
  bool Done = false;
  std::thread T([&] {
    Out = lookup(Host);
    std::lock_guard<std::mutex> G(M);
    Done = true;
    CV.notify_all();
  });
  std::unique_lock<std::mutex> L(M);
  bool Ok = CV.wait_for(L, 500ms, [&] { return Done; });
  if (!Ok) {
    T.detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: worker thread abandoned when 'wait_for' times out: it is detached without being asked to stop, and it still writes to 'Done', captured by reference ('[&]')
    return false;
  }
  T.join();
  return true;
}

// Unchecked wait: the detach after it runs on timeout too.
int uncheckedWait() {
  std::mutex M;
  std::condition_variable CV;
  int Result = 0;
  std::thread T([&] {
    int R = slowQuery();
    std::lock_guard<std::mutex> G(M);
    Result = R;
    CV.notify_one();
  });
  {
    std::unique_lock<std::mutex> L(M);
    CV.wait_for(L, 1s);
  }
  T.detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: worker thread abandoned when 'wait_for' times out: it is detached without being asked to stop, and it still writes to 'Result'
  return Result;
}

// A fan-out that takes the first answer: the others are abandoned.
std::optional<int> firstAnswer(const std::vector<const char *> &Hosts) {
  std::mutex M;
  std::condition_variable CV;
  std::optional<int> Answer;
  std::vector<std::thread> Threads;
  for (const char *H : Hosts)
    Threads.emplace_back([&, H] {
      int R = lookup(H);
      std::lock_guard<std::mutex> G(M);
      if (!Answer) {
        Answer = R;
        CV.notify_one();
      }
    });
  std::unique_lock<std::mutex> L(M);
  CV.wait_for(L, 2s, [&] { return Answer.has_value(); });
  for (std::thread &T : Threads)
    T.detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: worker thread abandoned when 'wait_for' times out: it is detached without being asked to stop, and it still writes to 'Answer'
  return Answer;
}

// Passed by std::ref to a function body.
void fill(std::string &Out, std::condition_variable &CV) {
  Out = download();
  CV.notify_one();
}

std::string fetchByRef() {
  std::mutex M;
  std::condition_variable CV;
  std::string Out;
  std::thread T(fill, std::ref(Out), std::ref(CV));
  std::unique_lock<std::mutex> L(M);
  if (CV.wait_for(L, 1s) == std::cv_status::no_timeout) {
    T.join();
    return Out;
  }
  T.detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: worker thread abandoned when 'wait_for' times out: it is detached without being asked to stop, and it still writes to 'Out', passed by reference from this function's stack frame
  return {};
}

// A pool task waited with a deadline; the pool keeps running it.
bool pooled(Pool &Workers, std::string &Result) {
  std::string Local;
  std::future<void> F = Workers.submit([&] { Local = download(); });
  if (F.wait_for(1s) == std::future_status::timeout)
    return false;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: worker thread abandoned when 'wait_for' times out: it is left running in the pool without being asked to stop, and it still writes to 'Local'
  Result = Local;
  return true;
}

// A worker that never ends, started for one answer.
bool waitForFirstTick() {
  static std::mutex M;
  static std::condition_variable CV;
  std::thread([] {
    while (true) {
      poll();
      CV.notify_all();
    }
  }).detach();
  std::unique_lock<std::mutex> L(M);
  if (CV.wait_for(L, 1s) == std::cv_status::timeout)
    return false;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: worker thread abandoned when 'wait_for' times out: it is left running without being asked to stop, and it never finishes on its own
  return true;
}

// pthread: the context lives in this frame.
struct Context {
  pthread_mutex_t Mutex;
  pthread_cond_t Cond;
  int Value;
};

void *produce(void *Arg) {
  auto *C = static_cast<Context *>(Arg);
  pthread_mutex_lock(&C->Mutex);
  C->Value = slowQuery();
  pthread_cond_signal(&C->Cond);
  pthread_mutex_unlock(&C->Mutex);
  return nullptr;
}

int pthreadWithDeadline(const timespec &Deadline) {
  Context C{PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0};
  pthread_t T;
  pthread_create(&T, nullptr, produce, &C);
  pthread_mutex_lock(&C.Mutex);
  if (pthread_cond_timedwait(&C.Cond, &C.Mutex, &Deadline) == ETIMEDOUT) {
    pthread_mutex_unlock(&C.Mutex);
    pthread_detach(T);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: worker thread abandoned when 'pthread_cond_timedwait' times out: it is detached without being asked to stop, and it still uses 'C', passed by reference from this function's stack frame
    return -1;
  }
  pthread_mutex_unlock(&C.Mutex);
  pthread_join(T, nullptr);
  return C.Value;
}

// The std::async trap: the timeout path destroys the future, whose
// destructor waits for the task anyway.
int queryWithTimeout() {
  std::future<int> F = std::async(std::launch::async, slowQuery);
  if (F.wait_for(1s) == std::future_status::timeout)
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'wait_for' does not bound the wait for the std::async task: when it times out, the future 'F' is destroyed and its destructor blocks until the task finishes [threadleak-abandoned-worker-on-timeout]
    return -1;
  return F.get();
}

// In a loop of retries, each attempt's future is destroyed at the end of
// the iteration.
int connectWithRetries() {
  for (int Attempt = 0; Attempt < 3; ++Attempt) {
    auto F = std::async(std::launch::async, connectOnce);
    if (F.wait_for(200ms) == std::future_status::ready)
      return F.get();
    // CHECK-MESSAGES: :[[@LINE-2]]:11: warning: 'wait_for' does not bound the wait for the std::async task: when it times out, the future 'F' is destroyed
  }
  return -1;
}

// The status kept in a variable; default launch policy.
bool statusVariable() {
  auto F = std::async(slowQuery);
  std::future_status S = F.wait_for(50ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'wait_for' does not bound the wait for the std::async task
  if (S != std::future_status::ready) {
    report("slow");
    return false;
  }
  return F.get() > 0;
}

// A generic timed wrapper: one warning for every instantiation.
template <typename Fn>
auto callWithTimeout(Fn Task, std::chrono::milliseconds Limit)
    -> std::optional<decltype(Task())> {
  auto F = std::async(std::launch::async, std::move(Task));
  if (F.wait_for(Limit) != std::future_status::ready)
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'wait_for' does not bound the wait for the std::async task
    return std::nullopt;
  return F.get();
}

// A generic timed wrapper on a thread: the worker holds the wrapper's
// frame.
template <typename Fn> bool runWithTimeout(Fn Task, std::chrono::milliseconds D) {
  std::mutex M;
  std::condition_variable CV;
  bool Done = false;
  std::thread T([&] {
    Task();
    std::lock_guard<std::mutex> G(M);
    Done = true;
    CV.notify_one();
  });
  std::unique_lock<std::mutex> L(M);
  if (!CV.wait_for(L, D, [&] { return Done; })) {
    T.detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: worker thread abandoned when 'wait_for' times out: it is detached without being asked to stop, and it still writes to 'Done', captured by reference ('[&]')
    return false;
  }
  L.unlock();
  T.join();
  return true;
}

bool useRunWithTimeout() {
  return runWithTimeout([] { poll(); }, 10ms) &&
         runWithTimeout([] { recvMessage(); }, 10ms);
}

int useWrappers() {
  auto A = callWithTimeout([] { return slowQuery(); }, 10ms);
  auto B = callWithTimeout([] { return std::string("x"); }, 10ms);
  return A.value_or(0) + static_cast<int>(B ? B->size() : 0);
}

// A timed join helper written with std::async is the trap itself, and the
// destructor that uses it detaches a thread that still uses the object.
bool timedJoin(std::thread &T, std::chrono::milliseconds Limit) {
  auto F = std::async(std::launch::async, [&T] { T.join(); });
  return F.wait_for(Limit) == std::future_status::ready;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'wait_for' does not bound the wait for the std::async task
}

class ChatClient {
public:
  ChatClient() : Reader([this] { readLoop(); }) {}
  ~ChatClient() {
    if (!timedJoin(Reader, 1s))
      Reader.detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: worker thread abandoned when 'timedJoin' times out: it is detached without being asked to stop, and it still uses the object this destructor destroys
  }

private:
  void readLoop() {
    for (int I = 0; I < Messages; ++I)
      recvMessage();
  }
  int Messages = 10;
  std::thread Reader;
};

// ===== Negatives =====

// The timeout path sets a flag the worker checks.
bool resolveCancellable(const char *Host, int &Out) {
  std::mutex M;
  std::condition_variable CV;
  bool Done = false;
  std::atomic<bool> Cancelled{false};
  int Result = 0;
  std::thread T([&] {
    int R = lookup(Host);
    std::lock_guard<std::mutex> G(M);
    if (Cancelled)
      return;
    Result = R;
    Done = true;
    CV.notify_one();
  });
  std::unique_lock<std::mutex> L(M);
  if (!CV.wait_for(L, 1s, [&] { return Done; })) {
    Cancelled = true;
    L.unlock();
    T.join();
    return false;
  }
  L.unlock();
  T.join();
  Out = Result;
  return true;
}

// Shared state the worker owns a share of: detaching it is safe.
bool resolveShared(const char *Host, int &Out) {
  struct State {
    std::mutex M;
    std::condition_variable CV;
    bool Done = false;
    int Result = 0;
  };
  auto S = std::make_shared<State>();
  std::thread T([S, Host] {
    int R = lookup(Host);
    std::lock_guard<std::mutex> G(S->M);
    S->Result = R;
    S->Done = true;
    S->CV.notify_one();
  });
  std::unique_lock<std::mutex> L(S->M);
  if (!S->CV.wait_for(L, 1s, [&] { return S->Done; })) {
    T.detach();
    return false;
  }
  T.join();
  Out = S->Result;
  return true;
}

// The timeout path joins the worker: nothing is abandoned.
int joinAfterTimeout() {
  std::mutex M;
  std::condition_variable CV;
  int Result = 0;
  std::thread T([&] {
    Result = slowQuery();
    CV.notify_one();
  });
  std::unique_lock<std::mutex> L(M);
  if (CV.wait_for(L, 1s) == std::cv_status::timeout) {
    report("slow");
    L.unlock();
    T.join();
    return -1;
  }
  L.unlock();
  T.join();
  return Result;
}

// The detach is only on the success path.
int detachOnSuccess() {
  std::mutex M;
  std::condition_variable CV;
  bool Done = false;
  std::thread T([&] {
    std::lock_guard<std::mutex> G(M);
    Done = true;
    CV.notify_one();
  });
  std::unique_lock<std::mutex> L(M);
  if (CV.wait_for(L, 1s, [&] { return Done; })) {
    L.unlock();
    T.detach();
    return 1;
  }
  L.unlock();
  T.join();
  return 0;
}

// The future is kept past the timeout.
std::vector<std::future<int>> Pending;
int keepFuture() {
  auto F = std::async(std::launch::async, slowQuery);
  if (F.wait_for(1s) == std::future_status::timeout) {
    Pending.push_back(std::move(F));
    return -1;
  }
  return F.get();
}

// Deferred: no thread runs until get().
int deferredTask() {
  auto F = std::async(std::launch::deferred, slowQuery);
  if (F.wait_for(0s) == std::future_status::timeout)
    return -1;
  return F.get();
}

// A progress loop: it waits until the task is done.
int progressLoop() {
  auto F = std::async(std::launch::async, slowQuery);
  while (F.wait_for(100ms) != std::future_status::ready)
    report("still waiting");
  return F.get();
}

// Returning the future hands the wait to the caller (run_async).
std::future<int> runAsync() { return std::async(std::launch::async, slowQuery); }

// The timed wait is on a condition variable the worker never notifies.
int unrelatedWait(std::condition_variable &Other, std::mutex &M) {
  int Result = 0;
  std::thread T([&] { Result = slowQuery(); });
  std::unique_lock<std::mutex> L(M);
  if (Other.wait_for(L, 1s) == std::cv_status::timeout)
    report("nothing yet");
  L.unlock();
  T.join();
  return Result;
}

// A timed wait in a loop that goes on waiting.
int waitUntilDone() {
  std::mutex M;
  std::condition_variable CV;
  bool Done = false;
  std::thread T([&] {
    std::lock_guard<std::mutex> G(M);
    Done = true;
    CV.notify_one();
  });
  std::unique_lock<std::mutex> L(M);
  while (!Done)
    if (CV.wait_for(L, 1s) == std::cv_status::timeout)
      report("still waiting");
  L.unlock();
  T.join();
  return 0;
}

// Only a timed wait and no worker: a start-up wait like a server's.
class Server {
public:
  bool waitForStart() {
    std::unique_lock<std::mutex> L(M);
    return Started.wait_for(L, 3s, [this] { return Running; });
  }

private:
  std::mutex M;
  std::condition_variable Started;
  bool Running = false;
};

// The destructor asks the reader to stop before its timed join.
class StoppableClient {
public:
  StoppableClient() : Reader([this] { readLoop(); }) {}
  ~StoppableClient() {
    Running = false;
    if (!timedJoin(Reader, 1s))
      Reader.detach();
  }

private:
  void readLoop() {
    while (Running)
      recvMessage();
  }
  std::atomic<bool> Running{true};
  std::thread Reader;
};

// A wrapper that shares its state with the worker.
template <typename Fn> bool runDetached(Fn Task, std::chrono::milliseconds D) {
  auto P = std::make_shared<std::promise<void>>();
  std::future<void> F = P->get_future();
  std::thread([P, Task] {
    Task();
    P->set_value();
  }).detach();
  return F.wait_for(D) == std::future_status::ready;
}

bool useRunDetached() {
  return runDetached([] { poll(); }, 10ms);
}

// A pool task that copies what it needs.
bool pooledByValue(Pool &Workers) {
  std::future<void> F = Workers.submit([] { poll(); });
  return F.wait_for(1s) == std::future_status::ready;
}

// The timeout path waits for the result after all.
int waitAfterTimeout() {
  std::promise<int> P;
  std::future<int> F = P.get_future();
  int Scratch = 0;
  std::thread([&] {
    Scratch = slowQuery();
    P.set_value(Scratch);
  }).detach();
  if (F.wait_for(1s) == std::future_status::timeout)
    report("slow");
  return F.get();
}

// The wait's result goes to a function: no timeout path is known.
void record(bool Ok);
void resultPassedOn() {
  std::mutex M;
  std::condition_variable CV;
  int Result = 0;
  std::thread T([&] {
    Result = slowQuery();
    CV.notify_one();
  });
  std::unique_lock<std::mutex> L(M);
  record(CV.wait_for(L, 1s) == std::cv_status::no_timeout);
  L.unlock();
  T.join();
}

// A std::jthread worker is stopped and joined by its destructor.
#if __cplusplus >= 202002L
int jthreadWorker() {
  std::mutex M;
  std::condition_variable_any CV;
  int Result = 0;
  std::jthread T([&](std::stop_token Stop) {
    while (!Stop.stop_requested())
      poll();
    Result = 1;
    CV.notify_one();
  });
  std::unique_lock<std::mutex> L(M);
  if (CV.wait_for(L, 1s) == std::cv_status::timeout)
    return -1;
  return Result;
}
#endif
