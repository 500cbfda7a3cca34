// RUN: %check_clang_tidy -std=c++17-or-later %s threadleak-infinite-loop-without-cancellation %t -- -- -pthread

// A read observes stop only when an exit depends on it: a flag logged, summed
// or tested only to skip a step does not end the loop. A test whose branch
// calls a function the translation unit does not show may end the thread
// there, and is not reported.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <pthread.h>
#include <thread>

void tick();
void log(bool Value);
void shutdownProcess();

std::atomic<bool> Stopping{false};
bool Paused = false;
volatile bool Quit = false;

void requestStop() {
  Stopping = true;
  Paused = true;
  Quit = true;
}

// ===== Positives =====

void logsTheFlag() {
  std::thread T([] {
    while (true) {
      // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: loop never exits: it reads a stop flag, but nothing leaves the loop when the flag is set, so the thread running it can never finish or be stopped and it leaks [threadleak-infinite-loop-without-cancellation]
      log(Stopping.load());
      // CHECK-MESSAGES: :[[@LINE-1]]:11: note: the stop flag is read here; leave the loop (break or return) when it is set
      tick();
    }
  });
  // CHECK-MESSAGES: :[[@LINE-8]]:15: note: thread started here
  T.join();
}

// The flag only skips a step.
void skipsAStep() {
  std::thread T([] {
    for (;;) {
      // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: loop never exits: it reads a stop flag, {{.*}} [threadleak-infinite-loop-without-cancellation]
      if (Paused)
        // CHECK-MESSAGES: :[[@LINE-1]]:11: note: the stop flag is read here; leave the loop (break or return) when it is set
        continue;
      tick();
    }
  });
  // CHECK-MESSAGES: :[[@LINE-9]]:15: note: thread started here
  T.join();
}

// Counted, in a callee's loop.
int Observed = 0;

void countQuits() {
  do {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: loop never exits: it reads a stop flag, {{.*}} [threadleak-infinite-loop-without-cancellation]
    Observed += Quit;
    // CHECK-MESSAGES: :[[@LINE-1]]:17: note: the stop flag is read here; leave the loop (break or return) when it is set
    tick();
  } while (true);
}

void startCounter() {
  std::thread T(countQuits);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: note: thread started here
  T.join();
}

// The wait's predicate reads the flag, but the loop goes back to waiting
// (and then spins) once it is set.
std::mutex M;
std::condition_variable Cv;
std::deque<int> Jobs;

void waitsThenLoops() {
  std::thread T([] {
    for (;;) {
      // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: loop never exits: it reads a stop flag, {{.*}} [threadleak-infinite-loop-without-cancellation]
      std::unique_lock<std::mutex> Lock(M);
      Cv.wait(Lock, [] { return Stopping || !Jobs.empty(); });
      // CHECK-MESSAGES: :[[@LINE-1]]:33: note: the stop flag is read here; leave the loop (break or return) when it is set
      if (!Jobs.empty())
        Jobs.pop_front();
    }
  });
  // CHECK-MESSAGES: :[[@LINE-10]]:15: note: thread started here
  T.join();
}

// ===== A counter or a measurement is not a stop flag =====
// Both loops are endless, but what they read is their own state: the message
// says they check no stop flag, and no note blames the read.

volatile int Ticks = 0;

void countsTicks() {
  std::thread T([] {
    while (true) {
      // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: loop never exits and checks no stop token or stop flag: the thread running it can never finish or be stopped, so it leaks [threadleak-infinite-loop-without-cancellation]
      ++Ticks;
      if (Ticks > 1000)
        Ticks = 0;
      tick();
    }
  });
  // CHECK-MESSAGES: :[[@LINE-9]]:15: note: thread started here
  T.join();
}

long now();

class Heartbeat {
public:
  void start() { Worker = std::thread(&Heartbeat::beat, this); }
  ~Heartbeat() { Worker.join(); }

private:
  void beat() {
    for (;;) {
      // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: loop never exits and checks no stop token or stop flag: {{.*}} [threadleak-infinite-loop-without-cancellation]
      if (now() - LastBeat.load() > 100)
        Beats.fetch_add(1);
      LastBeat.store(now());
      log(Beats > 0);
    }
  }
  std::atomic<long> LastBeat{0};
  std::atomic<int> Beats{0};
  std::thread Worker;
};
// CHECK-MESSAGES: :[[@LINE-17]]:27: note: thread started here

// The same kind of integer set to a constant by a stop function is a stop
// flag, and the loop that only logs it is told so.
volatile int State = 0;
enum { Running, Draining };

void drain() { State = Draining; }

void logsTheState() {
  std::thread T([] {
    while (true) {
      // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: loop never exits: it reads a stop flag, {{.*}} [threadleak-infinite-loop-without-cancellation]
      log(State == Draining);
      // CHECK-MESSAGES: :[[@LINE-1]]:11: note: the stop flag is read here; leave the loop (break or return) when it is set
      tick();
    }
  });
  // CHECK-MESSAGES: :[[@LINE-8]]:15: note: thread started here
  T.join();
}

// ===== Negatives =====

// A counter that ends the loop is an exit like any other.
void stopsAtALimit() {
  std::thread T([] {
    while (true) {
      if (++Ticks > 1000)
        break;
      tick();
    }
  });
  T.join();
}

// The loop leaves when the flag is set.
void breaksOnFlag() {
  std::thread T([] {
    while (true) {
      if (Stopping)
        break;
      tick();
    }
  });
  T.join();
}

// The branch calls a function defined elsewhere, which may exit.
void exitsElsewhere() {
  std::thread T([] {
    while (true) {
      if (Stopping.load())
        shutdownProcess();
      tick();
    }
  });
  T.join();
}

// The same through a function pointer and a conditional operator.
void (*OnQuit)() = nullptr;

void exitsThroughPointer() {
  std::thread T([] {
    for (;;)
      Quit ? OnQuit() : tick();
  });
  T.join();
}

// A short-circuit: the call runs only when the flag is set.
void exitsOnShortCircuit() {
  std::thread T([] {
    for (;;) {
      (void)(Paused && (shutdownProcess(), true));
      tick();
    }
  });
  T.join();
}

// A cancellation point acts on the request itself.
void cancellationPoint() {
  std::thread T([] {
    for (;;) {
      pthread_testcancel();
      tick();
    }
  });
  T.join();
}

// Returns from the thread's function on the flag.
void returnsOnFlag() {
  do {
    if (Quit)
      return;
    tick();
  } while (true);
}

void startReturning() {
  std::thread T(returnsOnFlag);
  T.join();
}
