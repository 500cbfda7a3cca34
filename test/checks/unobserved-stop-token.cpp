// RUN: %check_clang_tidy -std=c++20-or-later -fix-notes %s threadleak-unobserved-stop-token %t -- -- -pthread

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <mutex>
#include <pthread.h>
#include <queue>
#include <stop_token>
#include <thread>

void tick();
bool fatal();
void step(std::stop_token);

std::mutex M;
std::condition_variable Cv;
std::condition_variable_any CvAny;
std::queue<int> Jobs;

// ===== a token that is never consulted =====

void tokenIgnored() {
  std::jthread T([](std::stop_token St) {
    // CHECK-NOTES: :[[@LINE-1]]:37: warning: the std::jthread body never consults its stop token: it loops forever, so request_stop() cannot end it and the std::jthread destructor's join hangs [threadleak-unobserved-stop-token]
    while (true)
      // CHECK-NOTES: :[[@LINE-1]]:5: note: the thread loops forever here
      tick();
  });
  // CHECK-NOTES: :[[@LINE-6]]:16: note: std::jthread started here
}

void tokenConsulted() {
  std::jthread T([](std::stop_token St) {
    while (!St.stop_requested())
      tick();
  });
}

void tokenIgnoredWhileBlocking() {
  std::jthread T([](std::stop_token St) {
    // CHECK-NOTES: :[[@LINE-1]]:37: warning: the std::jthread body never consults its stop token: it blocks without a deadline
    std::unique_lock<std::mutex> Lock(M);
    CvAny.wait(Lock, [] { return !Jobs.empty(); });
    // CHECK-NOTES: :[[@LINE-1]]:11: note: the thread blocks here and a stop request cannot wake it
    // CHECK-FIXES: {{^}}    CvAny.wait(Lock, St, [] { return !Jobs.empty(); });{{$}}
  });
  // CHECK-NOTES: :[[@LINE-7]]:16: note: std::jthread started here
}

void tokenPassedToWait() {
  std::jthread T([](std::stop_token St) {
    std::unique_lock<std::mutex> Lock(M);
    CvAny.wait(Lock, St, [] { return !Jobs.empty(); });
  });
}

void consume(std::stop_token St) {
  while (true)
    tick();
}

void tokenIgnoredInFunction() {
  std::jthread T(consume);
}
// CHECK-NOTES: :[[@LINE-8]]:30: warning: the std::jthread body never consults its stop token: it loops forever
// CHECK-NOTES: :[[@LINE-8]]:3: note: the thread loops forever here
// CHECK-NOTES: :[[@LINE-4]]:16: note: std::jthread started here

void consumeChecked(std::stop_token St) {
  while (true) {
    step(St);
  }
}

void tokenHandedToCallee() { std::jthread T(consumeChecked); }

void deepLoop() {
  for (;;)
    tick();
}
void middle() { deepLoop(); }

void tokenIgnoredDeep() {
  std::jthread T([](std::stop_token) { middle(); });
  // CHECK-NOTES: :[[@LINE-1]]:36: warning: the std::jthread body never consults its stop token: it loops forever
  // CHECK-NOTES: :[[@LINE-8]]:3: note: loops forever here, in 'deepLoop' called from the thread
  // CHECK-NOTES: :[[@LINE-3]]:16: note: std::jthread started here
}

// A token that is referenced but never consulted: discarded, logged by a
// callee that only asks whether a stop is possible, copied into a struct.
void logToken(std::stop_token St) {
  std::printf("stop possible: %d\n", St.stop_possible());
}
struct TokenHolder {
  std::stop_token Tok;
};

void tokenDiscarded() {
  std::jthread T([](std::stop_token St) {
    // CHECK-NOTES: :[[@LINE-1]]:37: warning: the std::jthread body never consults its stop token: it loops forever
    (void)St;
    for (;;)
      // CHECK-NOTES: :[[@LINE-1]]:5: note: the thread loops forever here
      tick();
  });
  // CHECK-NOTES: :[[@LINE-7]]:16: note: std::jthread started here
}

void tokenOnlyLogged() {
  std::jthread T([](std::stop_token St) {
    // CHECK-NOTES: :[[@LINE-1]]:37: warning: the std::jthread body never consults its stop token: it loops forever
    for (;;) {
      // CHECK-NOTES: :[[@LINE-1]]:5: note: the thread loops forever here
      logToken(St);
      tick();
    }
  });
  // CHECK-NOTES: :[[@LINE-8]]:16: note: std::jthread started here
}

void tokenOnlyCopied() {
  std::jthread T([](std::stop_token St) {
    // CHECK-NOTES: :[[@LINE-1]]:37: warning: the std::jthread body never consults its stop token: it loops forever
    TokenHolder Held{St};
    std::stop_token Copy = St;
    Held.Tok = Copy;
    for (;;) {
      // CHECK-NOTES: :[[@LINE-1]]:5: note: the thread loops forever here
      if (Held.Tok == St)
        tick();
    }
  });
  // CHECK-NOTES: :[[@LINE-11]]:16: note: std::jthread started here
}

// Consulted by a callee: a stop-aware wait, two calls deep.
void waitForJob(std::stop_token St) {
  std::unique_lock<std::mutex> Lock(M);
  CvAny.wait(Lock, St, [] { return !Jobs.empty(); });
}
void nextJob(std::stop_token St) { waitForJob(St); }

void tokenConsultedByCallee() {
  std::jthread T([](std::stop_token St) {
    for (;;)
      nextJob(St);
  });
}

// Consulted, but a loop elsewhere never ends: "never consults its stop
// token" would be false; the loop is infinite-loop-without-cancellation's.
void tokenConsultedOnce() {
  std::jthread T([](std::stop_token St) {
    if (St.stop_requested())
      return;
    for (;;)
      tick();
  });
}

// Consulted through a struct the token was copied into.
void tokenConsultedThroughCopy() {
  std::jthread T([](std::stop_token St) {
    TokenHolder Held{St};
    while (!Held.Tok.stop_requested())
      tick();
  });
}

// A body that finishes does not need its token.
void tokenIgnoredFinite() {
  std::jthread T([](std::stop_token St) { tick(); });
}

// Any other stop flag keeps the thread stoppable.
std::atomic<bool> Quit{false};
void requestQuit() { Quit = true; }

void otherStopFlag() {
  std::jthread T([](std::stop_token St) {
    while (!Quit.load())
      tick();
  });
}

// ===== a jthread body without a token that runs forever =====

void noToken() {
  std::jthread T([] {
    // CHECK-NOTES: :[[@LINE-1]]:16: warning: std::jthread body takes no std::stop_token and loops forever: request_stop() cannot reach it, so the std::jthread destructor's join hangs [threadleak-unobserved-stop-token]
    // CHECK-NOTES: :[[@LINE+2]]:5: note: the thread loops forever here
    // CHECK-NOTES: :[[@LINE-3]]:18: note: take a std::stop_token and end the loop when a stop is requested
    while (true) {
      tick();
    }
    // CHECK-FIXES: {{^}}  std::jthread T([](std::stop_token StopToken) {{{$}}
    // CHECK-FIXES: {{^}}    while (!StopToken.stop_requested()) {{{$}}
  });
}

void noTokenEmptyParens() {
  std::jthread T([]() {
    // CHECK-NOTES: :[[@LINE-1]]:16: warning: std::jthread body takes no std::stop_token and loops forever
    // CHECK-NOTES: :[[@LINE+2]]:5: note: the thread loops forever here
    // CHECK-NOTES: :[[@LINE-3]]:18: note: take a std::stop_token and end the loop
    for (;;)
      tick();
    // CHECK-FIXES: {{^}}  std::jthread T([](std::stop_token StopToken) {{{$}}
    // CHECK-FIXES: {{^}}    for (; !StopToken.stop_requested();){{$}}
  });
}

void noTokenFinite() {
  std::jthread T([] {
    for (int I = 0; I < 10; ++I)
      tick();
  });
}

void noTokenLoopWithBreak() {
  std::jthread T([] {
    while (true) {
      if (fatal())
        break;
      tick();
    }
  });
}

void noTokenBlocks() {
  std::jthread T([] {
    // CHECK-NOTES: :[[@LINE-1]]:16: warning: std::jthread body takes no std::stop_token and blocks without a deadline
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock);
    // CHECK-NOTES: :[[@LINE-1]]:8: note: the thread blocks here and a stop request cannot wake it
  });
}

void noTokenWaitsOnStopFlag() {
  std::jthread T([] {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [] { return Quit.load() || !Jobs.empty(); });
  });
}

struct Loop {
  void run() {
    while (1)
      tick();
  }
  void runChecked() {
    while (!Quit)
      tick();
  }
};

void memberBody(Loop &L) {
  std::jthread T(&Loop::run, &L);
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: std::jthread body takes no std::stop_token and loops forever
  // CHECK-NOTES: :[[@LINE-12]]:5: note: the thread loops forever here
  std::jthread U(&Loop::runChecked, &L);
}

// A std::thread has no stop token to offer; that is for other checks.
void plainThread() {
  std::thread T([] {
    while (true)
      tick();
  });
  T.detach();
}

// ===== condition variable waits in a body that has a token =====

void plainCvWait() {
  std::jthread T([](std::stop_token St) {
    while (!St.stop_requested()) {
      std::unique_lock<std::mutex> Lock(M);
      Cv.wait(Lock, [&St] { return St.stop_requested() || !Jobs.empty(); });
      // CHECK-NOTES: :[[@LINE-1]]:10: warning: std::condition_variable wait cannot be woken by a stop request on 'St': request_stop() notifies no std::condition_variable; use std::condition_variable_any and wait with the token [threadleak-unobserved-stop-token]
      // CHECK-NOTES: :[[@LINE-5]]:16: note: thread started here
      Jobs.pop();
    }
  });
}

void plainCvWaitOnOtherFlag() {
  std::jthread T([](std::stop_token St) {
    while (!St.stop_requested()) {
      std::unique_lock<std::mutex> Lock(M);
      Cv.wait(Lock, [] { return Quit.load() || !Jobs.empty(); });
      if (!Jobs.empty())
        Jobs.pop();
    }
  });
}

// A std::stop_callback on the token that notifies the condition variable
// waited on: request_stop() runs it, and the wait wakes.
std::mutex CbM;
std::condition_variable CbCv, OtherCv, WaitedCv, BareCv;
int Pending = 0;

void plainCvWokenByStopCallback() {
  std::jthread T([](std::stop_token St) {
    std::stop_callback Wake(St, [] {
      std::lock_guard<std::mutex> Lock(CbM);
      CbCv.notify_all();
    });
    std::unique_lock<std::mutex> Lock(CbM);
    while (!St.stop_requested()) {
      CbCv.wait(Lock, [&] { return St.stop_requested() || Pending > 0; });
      Pending = 0;
    }
  });
}

class CallbackMailbox {
public:
  CallbackMailbox() : T([this](std::stop_token St) { run(St); }) {}

private:
  void run(std::stop_token St) {
    std::stop_callback Wake(St, [this] {
      std::lock_guard<std::mutex> Lock(Mu);
      Cv.notify_all();
    });
    std::unique_lock<std::mutex> Lock(Mu);
    Cv.wait(Lock, [&] { return St.stop_requested() || Ready; });
  }
  std::mutex Mu;
  std::condition_variable Cv;
  bool Ready = false;
  std::jthread T;
};

// The callback notifies another condition variable: still reported.
void plainCvStopCallbackNotifiesOther() {
  std::jthread T([](std::stop_token St) {
    std::stop_callback Wake(St, [] { OtherCv.notify_all(); });
    std::unique_lock<std::mutex> Lock(CbM);
    while (!St.stop_requested()) {
      WaitedCv.wait(Lock, [&] { return St.stop_requested() || Pending > 0; });
      // CHECK-NOTES: :[[@LINE-1]]:16: warning: std::condition_variable wait cannot be woken by a stop request on 'St': request_stop() notifies no std::condition_variable; use std::condition_variable_any and wait with the token [threadleak-unobserved-stop-token]
      // CHECK-NOTES: :[[@LINE-6]]:16: note: thread started here
      Pending = 0;
    }
  });
}

// No callback at all: reported.
void plainCvNoStopCallback() {
  std::jthread T([](std::stop_token St) {
    std::unique_lock<std::mutex> Lock(CbM);
    while (!St.stop_requested()) {
      BareCv.wait(Lock, [&] { return St.stop_requested() || Pending > 0; });
      // CHECK-NOTES: :[[@LINE-1]]:14: warning: std::condition_variable wait cannot be woken by a stop request on 'St'
      // CHECK-NOTES: :[[@LINE-5]]:16: note: thread started here
      Pending = 0;
    }
  });
}

void anyCvWaitWithoutToken() {
  std::jthread T([](std::stop_token St) {
    while (!St.stop_requested()) {
      std::unique_lock<std::mutex> Lock(M);
      CvAny.wait(Lock, [] { return !Jobs.empty(); });
      // CHECK-NOTES: :[[@LINE-1]]:13: warning: condition_variable_any wait ignores the stop token 'St' in scope: a stop request cannot wake it [threadleak-unobserved-stop-token]
      // CHECK-NOTES: :[[@LINE-2]]:13: note: pass 'St' so that the wait returns when a stop is requested; the predicate may then be false
      // CHECK-FIXES: {{^}}      CvAny.wait(Lock, St, [] { return !Jobs.empty(); });{{$}}
      // CHECK-NOTES: :[[@LINE-7]]:16: note: thread started here
      if (!Jobs.empty())
        Jobs.pop();
    }
  });
}

void anyCvWaitWithToken() {
  std::jthread T([](std::stop_token St) {
    while (!St.stop_requested()) {
      std::unique_lock<std::mutex> Lock(M);
      if (CvAny.wait(Lock, St, [] { return !Jobs.empty(); }))
        Jobs.pop();
    }
  });
}

void waitInCallee(std::stop_token St) {
  std::unique_lock<std::mutex> Lock(M);
  CvAny.wait(Lock);
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: condition_variable_any wait ignores the stop token 'St' in scope
  // CHECK-NOTES: :[[@LINE+4]]:16: note: thread started here
}

void callsWaitInCallee() {
  std::jthread T([](std::stop_token St) {
    while (!St.stop_requested())
      waitInCallee(St);
  });
}

// Without a token in scope the wait is blocking-wait-without-deadline's.
void waitWithoutTokenInScope() {
  std::unique_lock<std::mutex> Lock(M);
  Cv.wait(Lock);
}

void asyncTask() {
  auto F = std::async(std::launch::async, [] { waitWithoutTokenInScope(); });
}

void suppressed() {
  std::jthread T([] { // NOLINT(threadleak-unobserved-stop-token)
    while (true)
      tick();
  });
}

// ===== more callable shapes =====

void lambdaInVariable() {
  auto Body = [](std::stop_token St) {
    for (;;)
      tick();
  };
  std::jthread T(Body);
  // CHECK-NOTES: :[[@LINE-5]]:34: warning: the std::jthread body never consults its stop token: it loops forever
  // CHECK-NOTES: :[[@LINE-5]]:5: note: the thread loops forever here
  // CHECK-NOTES: :[[@LINE-3]]:16: note: std::jthread started here
}

struct Poller {
  void operator()(std::stop_token St) const {
    do
      tick();
    while (true);
  }
};
struct CheckedPoller {
  void operator()(std::stop_token St) const {
    do
      tick();
    while (!St.stop_requested());
  }
};

void functors() {
  std::jthread T{Poller{}};
  // CHECK-NOTES: :[[@LINE-16]]:35: warning: the std::jthread body never consults its stop token: it loops forever
  // CHECK-NOTES: :[[@LINE-16]]:5: note: the thread loops forever here
  // CHECK-NOTES: :[[@LINE-3]]:16: note: std::jthread started here
  std::jthread U{CheckedPoller{}};
}

// With an argument besides the callable, no parameter is added.
void extraArgument() {
  std::jthread T(
      [](int N) {
        while (true)
          tick();
      },
      3);
  // CHECK-NOTES: :[[@LINE-6]]:16: warning: std::jthread body takes no std::stop_token and loops forever
  // CHECK-NOTES: :[[@LINE-5]]:9: note: the thread loops forever here
}

#define FOREVER for (;;)

void macroLoop() {
  std::jthread T([] {
    FOREVER tick();
  });
  // CHECK-NOTES: :[[@LINE-3]]:16: warning: std::jthread body takes no std::stop_token and loops forever
  // CHECK-NOTES: :[[@LINE-3]]:5: note: the thread loops forever here
  // CHECK-NOTES: :[[@LINE-8]]:17: note: expanded from macro 'FOREVER'
}
