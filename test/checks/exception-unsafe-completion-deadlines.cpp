// RUN: %check_clang_tidy -std=c++20-or-later %s threadleak-exception-unsafe-completion %t -- -- -pthread

// A completion signal whose every waiter in the translation unit waits with
// a deadline is not reported: a skipped signal costs the waiter its
// timeout, not a hang. A wait has a deadline when its timeout ends the
// waiting: it is in no loop, or each loop around it can end once it timed
// out (the wait's result tested, a clock, a counted retry). A loop that only
// waits again until the flag is set waits as long as a wait without one.
// One waiter without a deadline, or no waiter in sight, keeps the report.

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <future>
#include <mutex>
#include <optional>
#include <pthread.h>
#include <semaphore.h>
#include <semaphore>
#include <thread>

using namespace std::chrono_literals;

void validate();
void serve();
int compute();
void report(const char *What);

// ===== A flag and its notify ==============================================

// A server's start-up notification, waited for with a deadline: the loop
// ends when wait_until times out (a web framework's wait_for_server_start).
class Server {
public:
  std::future<void> runAsync() {
    return std::async(std::launch::async, [this] { run(); });
  }
  std::cv_status waitForStart(std::chrono::milliseconds Timeout = 3000ms) {
    std::cv_status Status = std::cv_status::no_timeout;
    auto Deadline = std::chrono::steady_clock::now() + Timeout;
    std::unique_lock<std::mutex> L(StartMutex);
    while (!Started && Status == std::cv_status::no_timeout)
      Status = StartCv.wait_until(L, Deadline);
    return Status;
  }

private:
  void run() {
    validate();
    notifyStart();
    serve();
  }
  void notifyStart() {
    std::lock_guard<std::mutex> G(StartMutex);
    Started = true;
    StartCv.notify_all();
  }
  std::mutex StartMutex;
  std::condition_variable StartCv;
  bool Started = false;
};

// The same in a class template whose waiter the translation unit never
// instantiates.
template <typename Handler> class Listener {
public:
  std::future<void> runAsync() {
    return std::async(std::launch::async, [this] { run(); });
  }
  bool waitForStart() {
    std::unique_lock<std::mutex> L(M);
    while (!Started)
      if (Cv.wait_for(L, 3s) == std::cv_status::timeout)
        return false;
    return true;
  }

private:
  void run() {
    validate();
    {
      std::lock_guard<std::mutex> G(M);
      Started = true;
    }
    Cv.notify_all();
    Handler::serve();
  }
  std::mutex M;
  std::condition_variable Cv;
  bool Started = false;
};

struct Echo {
  static void serve();
};

std::future<void> startEcho(Listener<Echo> &L) { return L.runAsync(); }

// A second waiter without a deadline: it waits forever.
class TwoWaiters {
public:
  std::future<void> runAsync() {
    return std::async(std::launch::async, [this] {
      validate();
      ready();
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: the call to 'ready', which signals completion (the write of 'Ready' and its notify), is skipped when 'validate' throws: std::async stores the exception in the future, and whoever waits for 'Ready' then waits forever (or until its own timeout) [threadleak-exception-unsafe-completion]
    });
  }
  bool waitBriefly() {
    std::unique_lock<std::mutex> L(M);
    return Cv.wait_for(L, 1s, [this] { return Ready; });
  }
  void waitForever() {
    std::unique_lock<std::mutex> L(M);
    Cv.wait(L, [this] { return Ready; });
  }

private:
  void ready() {
    std::lock_guard<std::mutex> G(M);
    Ready = true;
    Cv.notify_all();
  }
  std::mutex M;
  std::condition_variable Cv;
  bool Ready = false;
};

// A loop of wait_for that never gives up: the timeout only makes it wait
// again, so it waits as long as a wait without a deadline.
class Rewaits {
public:
  std::future<void> runAsync() {
    return std::async(std::launch::async, [this] {
      validate();
      ready();
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: the call to 'ready', which signals completion (the write of 'Ready' and its notify), is skipped when 'validate' throws
    });
  }
  void waitReady() {
    std::unique_lock<std::mutex> L(M);
    while (!Ready)
      Cv.wait_for(L, 1s);
  }

private:
  void ready() {
    std::lock_guard<std::mutex> G(M);
    Ready = true;
    Cv.notify_all();
  }
  std::mutex M;
  std::condition_variable Cv;
  bool Ready = false;
};

// A poll that reports progress and waits again.
class Polls {
public:
  std::future<void> runAsync() {
    return std::async(std::launch::async, [this] {
      validate();
      ready();
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: the call to 'ready', which signals completion (the write of 'Ready' and its notify), is skipped when 'validate' throws
    });
  }
  void waitReady() {
    std::unique_lock<std::mutex> L(M);
    while (!Cv.wait_for(L, 100ms, [this] { return Ready; }))
      report("still starting");
  }

private:
  void ready() {
    std::lock_guard<std::mutex> G(M);
    Ready = true;
    Cv.notify_all();
  }
  std::mutex M;
  std::condition_variable Cv;
  bool Ready = false;
};

// Loops that end on their own: a counted retry, a clock, a timeout that
// returns.
class Retries {
public:
  std::future<void> runAsync() {
    return std::async(std::launch::async, [this] {
      validate();
      ready();
    });
  }
  bool waitCounted() {
    std::unique_lock<std::mutex> L(M);
    for (int Attempt = 0; Attempt < 3 && !Ready; ++Attempt)
      Cv.wait_for(L, 1s);
    return Ready;
  }
  bool waitClock() {
    auto Deadline = std::chrono::steady_clock::now() + 2s;
    std::unique_lock<std::mutex> L(M);
    while (!Ready && std::chrono::steady_clock::now() < Deadline)
      Cv.wait_until(L, Deadline);
    return Ready;
  }
  bool waitReturns() {
    std::unique_lock<std::mutex> L(M);
    while (!Ready)
      if (Cv.wait_for(L, 1s) == std::cv_status::timeout)
        return false;
    return true;
  }

private:
  void ready() {
    std::lock_guard<std::mutex> G(M);
    Ready = true;
    Cv.notify_all();
  }
  std::mutex M;
  std::condition_variable Cv;
  bool Ready = false;
};

// No waiter in the translation unit: it may be anywhere, so the report
// stays.
class Unseen {
public:
  std::future<void> runAsync() {
    return std::async(std::launch::async, [this] {
      validate();
      std::lock_guard<std::mutex> G(M);
      Ready = true;
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: completion signal (the write of 'Ready' and its notify) is skipped when 'validate' throws
      Cv.notify_all();
    });
  }
  std::condition_variable Cv;

private:
  std::mutex M;
  bool Ready = false;
};

// ===== A waiter reached through a helper ==================================

bool waitFlag(std::condition_variable &Cv, std::mutex &M, const bool &Flag) {
  std::unique_lock<std::mutex> L(M);
  return Cv.wait_for(L, 1s, [&] { return Flag; });
}

void waitFlagForever(std::condition_variable &Cv, std::mutex &M,
                     const bool &Flag) {
  std::unique_lock<std::mutex> L(M);
  Cv.wait(L, [&] { return Flag; });
}

std::mutex LoadMutex;
std::condition_variable LoadCv;
bool Loaded = false;

bool loadWithHelper() {
  auto Task = std::async(std::launch::async, [] {
    validate();
    std::lock_guard<std::mutex> G(LoadMutex);
    Loaded = true;
    LoadCv.notify_all();
  });
  return waitFlag(LoadCv, LoadMutex, Loaded);
}

std::mutex SaveMutex;
std::condition_variable SaveCv;
bool Saved = false;

void saveWithHelper() {
  auto Task = std::async(std::launch::async, [] {
    validate();
    std::lock_guard<std::mutex> G(SaveMutex);
    Saved = true;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: completion signal (the write of 'Saved' and its notify) is skipped when 'validate' throws
    SaveCv.notify_all();
  });
  waitFlagForever(SaveCv, SaveMutex, Saved);
}

// ===== A promise and its future ===========================================

// The future is waited for with a deadline; get() runs only once the wait
// saw the value arrive.
int fetchWithDeadline() {
  std::promise<int> P;
  std::future<int> F = P.get_future();
  auto Task = std::async(std::launch::async, [&P] { P.set_value(compute()); });
  if (F.wait_for(1s) != std::future_status::ready)
    return -1;
  return F.get();
}

// The timeout only reports, and get() waits anyway.
int fetchThenGet() {
  std::promise<int> P;
  std::future<int> F = P.get_future();
  auto Task = std::async(std::launch::async, [&P] { P.set_value(compute()); });
  // CHECK-MESSAGES: :[[@LINE-1]]:55: warning: completion signal 'set_value' on 'P' is skipped when 'compute' throws
  if (F.wait_for(1s) == std::future_status::timeout)
    report("slow");
  return F.get();
}

// The future leaves: its waiters are not seen.
class Handoff {
public:
  std::future<int> start() {
    Task = std::async(std::launch::async, [this] {
      validate();
      Result.set_value(1);
      // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: completion signal 'set_value' on 'Result' is skipped when 'validate' throws
    });
    return Result.get_future();
  }

private:
  std::promise<int> Result;
  std::future<void> Task;
};

// ===== A semaphore ========================================================

bool semaphoreWithDeadline(std::binary_semaphore &Done) {
  auto Task = std::async(std::launch::async, [&Done] {
    validate();
    Done.release();
  });
  return Done.try_acquire_for(1s);
}

void semaphoreForever(std::binary_semaphore &Done) {
  auto Task = std::async(std::launch::async, [&Done] {
    validate();
    Done.release();
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: completion signal 'release' on 'Done' is skipped when 'validate' throws
  });
  Done.acquire();
}

sem_t Finished;

bool posixSemaphoreWithDeadline() {
  sem_init(&Finished, 0, 0);
  auto Task = std::async(std::launch::async, [] {
    validate();
    sem_post(&Finished);
  });
  timespec Deadline{};
  clock_gettime(CLOCK_REALTIME, &Deadline);
  Deadline.tv_sec += 1;
  return sem_timedwait(&Finished, &Deadline) == 0;
}

sem_t Stored;

void posixSemaphoreForever() {
  sem_init(&Stored, 0, 0);
  auto Task = std::async(std::launch::async, [] {
    validate();
    sem_post(&Stored);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: completion signal 'sem_post' on 'Stored' is skipped when 'validate' throws
  });
  sem_wait(&Stored);
}

// ===== A pthread condition variable =======================================

pthread_mutex_t IndexMutex = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t IndexCv = PTHREAD_COND_INITIALIZER;
bool Indexed = false;

bool indexWithDeadline() {
  auto Task = std::async(std::launch::async, [] {
    validate();
    pthread_mutex_lock(&IndexMutex);
    Indexed = true;
    pthread_cond_broadcast(&IndexCv);
    pthread_mutex_unlock(&IndexMutex);
  });
  timespec Deadline{};
  clock_gettime(CLOCK_REALTIME, &Deadline);
  Deadline.tv_sec += 1;
  pthread_mutex_lock(&IndexMutex);
  while (!Indexed) {
    int Rc = pthread_cond_timedwait(&IndexCv, &IndexMutex, &Deadline);
    if (Rc == ETIMEDOUT)
      break;
  }
  bool Done = Indexed;
  pthread_mutex_unlock(&IndexMutex);
  return Done;
}

pthread_mutex_t CacheMutex = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t CacheCv = PTHREAD_COND_INITIALIZER;
bool Cached = false;

void cacheForever() {
  auto Task = std::async(std::launch::async, [] {
    validate();
    pthread_mutex_lock(&CacheMutex);
    Cached = true;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: completion signal (the write of 'Cached' and its notify) is skipped when 'validate' throws
    pthread_cond_broadcast(&CacheCv);
    pthread_mutex_unlock(&CacheMutex);
  });
  pthread_mutex_lock(&CacheMutex);
  while (!Cached)
    pthread_cond_wait(&CacheCv, &CacheMutex);
  pthread_mutex_unlock(&CacheMutex);
}
