// RUN: %check_clang_tidy -std=c++20-or-later %s threadleak-exception-unsafe-completion %t -- -config="{CheckOptions: {ThreadLaunchers: 'Pool::submit', threadleak-exception-unsafe-completion.CompletionSignals: 'ext::WaitGroup::done'}}" -- -pthread

#include <atomic>
#include <barrier>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <future>
#include <latch>
#include <memory>
#include <mutex>
#include <semaphore>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

void parse(const std::string &File);
void log(const char *What);
void work();
int compute();
void quick() noexcept;
void step();
void prepare();

struct Pool {
  void enqueue(std::packaged_task<void()> Task);
  template <typename F> std::future<void> submit(F Task) {
    std::packaged_task<void()> T(std::move(Task));
    std::future<void> Result = T.get_future();
    enqueue(std::move(T));
    return Result;
  }
};

namespace ext {
struct WaitGroup {
  void add(int N);
  void done();
  void wait();
};
} // namespace ext

// ===== Positives =====

// A latch counted down inside the try: a parse error skips it and the
// catch lets the thread finish normally.
void parseAll(const std::vector<std::string> &Files) {
  std::latch Done(static_cast<std::ptrdiff_t>(Files.size()));
  std::vector<std::thread> Threads;
  for (const std::string &F : Files)
    Threads.emplace_back([&Done, F] {
      try {
        parse(F);
        Done.count_down();
        // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: completion signal 'count_down' on 'Done' is skipped when 'parse' throws: the exception is caught and the thread goes on, and whoever waits for 'Done' then waits forever (or until its own timeout) [threadleak-exception-unsafe-completion]
      } catch (const std::exception &E) {
        log(E.what());
      }
    });
  Done.wait();
  for (std::thread &T : Threads)
    T.join();
}

// A web framework's run_async: the server is built after a validation that
// throws, before the start-up notification waitForServerStart waits for,
// without a deadline (with one, the skipped signal would cost it only its
// timeout: exception-unsafe-completion-deadlines.cpp).
class App {
public:
  std::future<void> runAsync() {
    return std::async(std::launch::async, [&] { this->run(); });
  }
  void waitForServerStart() {
    std::unique_lock<std::mutex> L(StartMutex);
    Started.wait(L, [this] { return ServerStarted; });
  }

private:
  void validate() {
    if (Routes.empty())
      throw std::runtime_error("no routes");
  }
  void run() {
    validate();
    notifyServerStart();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the call to 'notifyServerStart', which signals completion (the write of 'ServerStarted' and its notify), is skipped when 'validate' throws: std::async stores the exception in the future, and whoever waits for 'ServerStarted' then waits forever (or until its own timeout)
    serve();
  }
  void notifyServerStart() {
    std::unique_lock<std::mutex> L(StartMutex);
    ServerStarted = true;
    Started.notify_all();
  }
  void serve();
  std::vector<std::string> Routes;
  std::mutex StartMutex;
  std::condition_variable Started;
  bool ServerStarted = false;
};

void startApp(App &A) {
  auto F = A.runAsync();
  A.waitForServerStart();
}

// A promise member set after the load, from std::async.
class Loader {
public:
  void start() {
    Task = std::async(std::launch::async, [this] {
      load();
      Ready.set_value();
      // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: completion signal 'set_value' on 'Ready' is skipped when 'load' throws: std::async stores the exception in the future, and whoever waits for 'Ready' then waits forever
    });
  }

private:
  void load();
  std::promise<void> Ready;
  std::future<void> Task;
};

// A barrier phase in a loop whose catch-all swallows the error.
void phases(std::barrier<> &Sync, int Rounds, std::atomic<int> &Errors) {
  std::thread T([&] {
    for (int I = 0; I < Rounds; ++I) {
      try {
        step();
        Sync.arrive_and_wait();
        // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: completion signal 'arrive_and_wait' on 'Sync' is skipped when 'step' throws: the exception is caught and the thread goes on
      } catch (...) {
        ++Errors;
      }
    }
  });
  T.join();
}

// A semaphore released once, by a std::async task.
void semaphoreHandoff(std::binary_semaphore &Ready) {
  auto F = std::async(std::launch::async, [&Ready] {
    prepare();
    Ready.release();
    // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: completion signal 'release' on 'Ready' is skipped when 'prepare' throws: std::async stores the exception in the future
  });
  Ready.acquire();
}

// A pool task decrementing a pending count, then notifying.
struct Batch {
  std::mutex M;
  std::condition_variable AllDone;
  int Pending = 0;
};

void submitAll(Pool &P, Batch &B, const std::vector<std::string> &Items) {
  for (const std::string &Item : Items)
    P.submit([&B, Item] {
      parse(Item);
      std::lock_guard<std::mutex> G(B.M);
      if (--B.Pending == 0)
        // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: completion signal (the decrement of 'Pending' and its notify) is skipped when 'parse' throws: the launcher catches the exception, and whoever waits for 'Pending' then waits forever
        B.AllDone.notify_all();
    });
}

// fetch_sub, then a notify, inside a try that swallows.
void fetchSub(std::atomic<int> &Remaining, std::condition_variable &CV) {
  std::thread T([&] {
    try {
      work();
      if (Remaining.fetch_sub(1) == 1)
        // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: completion signal (the decrement of 'Remaining' and its notify) is skipped when 'work' throws: the exception is caught and the thread goes on
        CV.notify_one();
    } catch (const std::exception &) {
    }
  });
  T.join();
}

// A WaitGroup defined elsewhere, named in CompletionSignals.
void externalWaitGroup(ext::WaitGroup &WG) {
  WG.add(1);
  auto F = std::async(std::launch::async, [&WG] {
    work();
    WG.done();
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: completion signal 'done' on 'WG' is skipped when 'work' throws: std::async stores the exception in the future
  });
  WG.wait();
}

// A hand-written WaitGroup defined here: reached through the call.
class WaitGroup {
public:
  void done() {
    std::lock_guard<std::mutex> G(M);
    if (--Count == 0)
      CV.notify_all();
  }
  void wait() {
    std::unique_lock<std::mutex> L(M);
    CV.wait(L, [this] { return Count == 0; });
  }
  int Count = 0;

private:
  std::mutex M;
  std::condition_variable CV;
};

void localWaitGroup(WaitGroup &WG) {
  std::thread T([&WG] {
    try {
      work();
      WG.done();
      // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: the call to 'done', which signals completion (the decrement of 'Count' and its notify), is skipped when 'work' throws: the exception is caught and the thread goes on
    } catch (...) {
      log("failed");
    }
  });
  T.join();
}

// A functor body.
struct Job {
  std::latch &L;
  void operator()() const {
    try {
      work();
      L.count_down();
      // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: completion signal 'count_down' on 'L' is skipped when 'work' throws
    } catch (...) {
    }
  }
};

void functor(std::latch &L) {
  std::thread T(Job{L});
  T.detach();
}

// A template thread body, instantiated twice: one warning.
template <typename Item> void processOne(Item &I, std::latch &L) {
  try {
    I.process();
    L.count_down();
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: completion signal 'count_down' on 'L' is skipped when 'process' throws
  } catch (...) {
  }
}

struct Image {
  void process();
};
struct Sound {
  void process();
};

void templates(Image &A, Sound &B, std::latch &L) {
  std::thread TA(processOne<Image>, std::ref(A), std::ref(L));
  std::thread TB(processOne<Sound>, std::ref(B), std::ref(L));
  TA.join();
  TB.join();
}

// The signal in a callee, the throw in the body.
void finish(std::latch &L) { L.count_down(); }

void callee(std::latch &L) {
  std::thread T([&L] {
    try {
      work();
      finish(L);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: the call to 'finish', which signals completion ('count_down' on 'L'), is skipped when 'work' throws
    } catch (...) {
    }
  });
  T.join();
}

// The argument of set_value throws; the promise is the caller's.
void setValueArgument(std::promise<int> &P) {
  auto F = std::async(std::launch::async, [&P] { P.set_value(compute()); });
  // CHECK-MESSAGES: :[[@LINE-1]]:52: warning: completion signal 'set_value' on 'P' is skipped when 'compute' throws: std::async stores the exception in the future
  F.wait();
}

// A throw expression; a handler that rethrows into one that swallows.
void rethrown(std::latch &L, bool Ok) {
  std::thread T([&] {
    try {
      try {
        if (!Ok)
          throw std::runtime_error("bad input");
        L.count_down();
        // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: completion signal 'count_down' on 'L' is skipped by the throw: the exception is caught and the thread goes on
      } catch (...) {
        log("rethrowing");
        throw;
      }
    } catch (...) {
    }
  });
  T.join();
}

// ===== Negatives =====

// std::thread without a catch: the exception ends the program, no waiter
// is left waiting.
void terminates(std::latch &L) {
  std::thread T([&L] {
    work();
    L.count_down();
  });
  T.join();
}

// A RAII struct whose destructor counts down.
struct CountDownOnExit {
  std::latch &L;
  ~CountDownOnExit() { L.count_down(); }
};

void raiiGuard(std::latch &L) {
  auto F = std::async(std::launch::async, [&L] {
    CountDownOnExit Guard{L};
    work();
  });
  L.wait();
}

// A scope_exit-like template holding a lambda.
template <typename Fn> struct ScopeExit {
  Fn F;
  ~ScopeExit() { F(); }
};
template <typename Fn> ScopeExit<Fn> makeScopeExit(Fn F) { return {F}; }

void scopeGuard(std::latch &L) {
  auto F = std::async(std::launch::async, [&L] {
    auto Guard = makeScopeExit([&L] { L.count_down(); });
    work();
  });
  L.wait();
}

// A shared_ptr whose deleter signals.
void deleterGuard(std::counting_semaphore<> &Done) {
  auto F = std::async(std::launch::async, [&Done] {
    std::shared_ptr<void> Guard(nullptr, [&Done](void *) { Done.release(); });
    work();
  });
  Done.acquire();
}

// A catch-all that signals, then rethrows.
void catchAllSignals(std::latch &L) {
  auto F = std::async(std::launch::async, [&L] {
    try {
      work();
      L.count_down();
    } catch (...) {
      L.count_down();
      throw;
    }
  });
  L.wait();
}

// A promise completed with set_exception in a catch-all.
void setException(std::promise<int> &P) {
  auto F = std::async(std::launch::async, [&P] {
    try {
      P.set_value(compute());
    } catch (...) {
      P.set_exception(std::current_exception());
    }
  });
  F.wait();
}

// The signal before the call that may throw.
void signalFirst(std::latch &L) {
  std::thread T([&L] {
    try {
      L.count_down();
      work();
    } catch (...) {
    }
  });
  T.join();
}

// The signal after the try that swallows.
void signalAfterTry(std::latch &L) {
  std::thread T([&L] {
    try {
      work();
    } catch (...) {
      log("failed");
    }
    L.count_down();
  });
  T.join();
}

// Only noexcept and C calls before the signal.
void noThrow(std::latch &L, char *Dst, const char *Src) {
  auto F = std::async(std::launch::async, [&] {
    quick();
    std::memcpy(Dst, Src, 4);
    L.count_down();
  });
  L.wait();
}

// A promise the task owns: unwinding destroys it, the future gets
// broken_promise.
std::future<int> ownedPromise() {
  std::promise<int> P;
  std::future<int> Result = P.get_future();
  std::thread([P = std::move(P)]() mutable {
    try {
      P.set_value(compute());
    } catch (const std::logic_error &) {
      log("bad");
    }
  }).detach();
  return Result;
}

// A producer's flag and notify in a loop: a hand-off, not a completion.
struct Queue {
  std::mutex M;
  std::condition_variable CV;
  std::vector<int> Items;
  bool HasData = false;
  std::atomic<bool> Running{true};
};

void producer(Queue &Q) {
  std::thread T([&Q] {
    while (Q.Running) {
      try {
        int X = compute();
        {
          std::lock_guard<std::mutex> G(Q.M);
          Q.Items.push_back(X);
          Q.HasData = true;
        }
        Q.CV.notify_one();
      } catch (...) {
      }
    }
  });
  T.join();
}

// The throw and the signal on different branches.
void branches(std::latch &L, bool Fast) {
  std::thread T([&] {
    try {
      if (Fast)
        L.count_down();
      else
        work();
    } catch (...) {
    }
  });
  T.join();
}

// A handler that aborts: nobody waits afterwards.
void aborts(std::latch &L) {
  std::thread T([&L] {
    try {
      work();
      L.count_down();
    } catch (...) {
      std::abort();
    }
  });
  T.join();
}

// A function defined here that cannot throw.
int add(int A, int B) { return A + B; }

void definedNoThrow(std::latch &L, int &Out) {
  auto F = std::async(std::launch::async, [&] {
    Out = add(1, 2);
    L.count_down();
  });
  L.wait();
}

// A semaphore released in a loop: a producer, not a completion.
void releaseLoop(std::counting_semaphore<> &Items) {
  std::thread T([&Items] {
    for (int I = 0; I < 10; ++I) {
      try {
        work();
        Items.release();
      } catch (...) {
      }
    }
  });
  T.join();
}
