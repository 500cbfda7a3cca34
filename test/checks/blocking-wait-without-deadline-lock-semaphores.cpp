// RUN: %check_clang_tidy -std=c++20-or-later %s threadleak-blocking-wait-without-deadline %t -- -- -pthread

// A semaphore used as a lock or a limiter is not a wait for work: the wait
// lasts only while another holder has it, and each holder gives it back. It
// takes a unit (a semaphore's acquire, sem_wait, a wrapper of one, a
// hand-written semaphore's wait until a counter is positive), it does not
// start empty, and the code around the wait gives it back: the waiting
// function, a function it calls, or a caller that calls it on the same
// object. A semaphore that starts at zero is a channel, and a condition
// variable the waiter notifies itself is no lock. Each negative has its
// positive beside it.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <semaphore.h>
#include <semaphore>
#include <thread>
#include <vector>

void step();
void handle(int Item);
bool busy();

// --- A condition variable the worker notifies itself ----------------------

// The worker tells waitIdle() after each job, on the condition variable it
// waits on; the destructor neither pushes nor notifies: it waits forever.
class IdleNotifier {
public:
  IdleNotifier() : Worker([this] { run(); }) {}
  ~IdleNotifier() { Worker.join(); }
  void post(int Job) {
    {
      std::lock_guard<std::mutex> G(M);
      Jobs.push_back(Job);
    }
    Changed.notify_one();
  }

private:
  void run() {
    for (;;) {
      std::unique_lock<std::mutex> L(M);
      Changed.wait(L, [this] { return !Jobs.empty(); });
      // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'std::condition_variable::wait' can block this thread forever: it has no deadline and nothing wakes it for shutdown [threadleak-blocking-wait-without-deadline]
      int Job = Jobs.front();
      Jobs.pop_front();
      L.unlock();
      handle(Job);
      Changed.notify_all();
    }
  }
  std::mutex M;
  std::condition_variable Changed;
  std::deque<int> Jobs;
  std::thread Worker;
};

// The same shape as a counting lock written inline: the worker waits until
// a slot is free, takes it, and gives it back with a notify.
class InlineSlots {
public:
  InlineSlots() {
    for (int I = 0; I < 4; ++I)
      Workers.emplace_back([this] { run(); });
  }
  ~InlineSlots() {
    for (std::thread &T : Workers)
      T.join();
  }

private:
  void run() {
    for (int I = 0; I < 100; ++I) {
      std::unique_lock<std::mutex> L(M);
      Changed.wait(L, [this] { return Free > 0; });
      --Free;
      L.unlock();
      step();
      L.lock();
      ++Free;
      L.unlock();
      Changed.notify_one();
    }
  }
  std::mutex M;
  std::condition_variable Changed;
  int Free = 2;
  std::vector<std::thread> Workers;
};

// --- Released in a callee -------------------------------------------------

std::binary_semaphore Token{1};

void stepAndRelease() {
  step();
  Token.release();
}

void releaseInCallee() {
  std::thread T([] {
    for (int I = 0; I < 100; ++I) {
      Token.acquire();
      stepAndRelease();
    }
  });
  T.join();
}

// A channel: the worker's callee posts another semaphore.
std::binary_semaphore Ready{0};
std::binary_semaphore Taken{0};

void stepAndAnswer() {
  step();
  Taken.release();
}

void answerInCallee() {
  std::thread T([] {
    for (int I = 0; I < 100; ++I) {
      Ready.acquire();
      // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'std::counting_semaphore::acquire' can block this thread forever
      stepAndAnswer();
    }
  });
  T.join();
}

// --- Released at the loop's top, before the thread waits again ------------

std::binary_semaphore Baton{1};

void releaseAtTop() {
  std::thread T([] {
    Baton.acquire();
    for (int I = 0; I < 100; ++I) {
      Baton.release();
      step();
      Baton.acquire();
      step();
    }
    Baton.release();
  });
  T.join();
}

// --- lock() and unlock() wrappers, called from two functions --------------

class SemaphoreLock {
public:
  void lock() { S.acquire(); }
  void unlock() { S.release(); }

private:
  std::binary_semaphore S{1};
};

SemaphoreLock Journal;
std::atomic<bool> JournalStop{false};

void beginEntry() { Journal.lock(); }
void endEntry() { Journal.unlock(); }

void journalWriter() {
  std::thread T([] {
    while (!JournalStop) {
      beginEntry();
      step();
      endEntry();
    }
  });
  JournalStop = true;
  T.join();
}

// The same wrapper around a semaphore that starts at zero is a gate: the
// worker waits for someone to open it, and nothing does at shutdown.
class Gate {
public:
  void wait() { S.acquire(); }
  void open() { S.release(); }

private:
  std::binary_semaphore S{0};
};

Gate Start;

void gateRelay() {
  std::thread T([] {
    for (int I = 0; I < 100; ++I) {
      Start.wait();
      // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'Gate::wait' can block this thread forever
      step();
      Start.open();
    }
  });
  T.join();
}

// --- A POSIX semaphore initialized to one ---------------------------------

class PosixLock {
public:
  PosixLock() { sem_init(&S, 0, 1); }
  ~PosixLock() { sem_destroy(&S); }
  void lock() { sem_wait(&S); }
  void unlock() { sem_post(&S); }

private:
  sem_t S;
};

PosixLock Table;

void posixLockUser() {
  std::thread T([] {
    for (int I = 0; I < 100; ++I) {
      Table.lock();
      step();
      Table.unlock();
    }
  });
  T.join();
}

sem_t Mutex;

void posixDirect() {
  sem_init(&Mutex, 0, 1);
  std::thread T([] {
    for (int I = 0; I < 100; ++I) {
      sem_wait(&Mutex);
      step();
      sem_post(&Mutex);
    }
  });
  T.join();
}

// sem_init(&S, 0, 0) makes a channel, even when the consumer puts an item
// back.
class PosixQueue {
public:
  PosixQueue() : Worker([this] { run(); }) { sem_init(&Items, 0, 0); }
  ~PosixQueue() { Worker.join(); }
  void push() { sem_post(&Items); }

private:
  void run() {
    for (;;) {
      sem_wait(&Items);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'sem_wait' can block this thread forever
      if (busy())
        sem_post(&Items);
      else
        step();
    }
  }
  sem_t Items;
  std::thread Worker;
};

// --- A hand-written semaphore, taken in one member function and given back
// in another that the same thread calls ------------------------------------

class Semaphore {
public:
  explicit Semaphore(int Count) : Count(Count) {}
  void wait() {
    std::unique_lock<std::mutex> L(M);
    Changed.wait(L, [this] { return Count > 0; });
    --Count;
  }
  void post() {
    {
      std::lock_guard<std::mutex> G(M);
      ++Count;
    }
    Changed.notify_one();
  }

private:
  std::mutex M;
  std::condition_variable Changed;
  int Count;
};

class Uploader {
public:
  Uploader() : Connection(1), Worker([this] { run(); }) {}
  ~Uploader() {
    Stop = true;
    Worker.join();
  }

private:
  void enter() { Connection.wait(); }
  void leave() { Connection.post(); }
  void run() {
    while (!Stop) {
      enter();
      step();
      leave();
    }
  }
  Semaphore Connection;
  std::atomic<bool> Stop{false};
  std::thread Worker;
};

// The same class as a channel: it starts at zero and only kick() posts it.
class Kicked {
public:
  Kicked() : Ready(0), Worker([this] { run(); }) {}
  ~Kicked() {
    Stop = true;
    Worker.join();
  }
  void kick() { Ready.post(); }

private:
  void enter() { Ready.wait(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: call to 'Semaphore::wait' can block this thread forever
  void run() {
    while (!Stop) {
      enter();
      step();
    }
  }
  Semaphore Ready;
  std::atomic<bool> Stop{false};
  std::thread Worker;
};

// --- A limiter: a counting semaphore that starts at N ---------------------

std::counting_semaphore<4> Uploads{4};

struct UploadSlot {
  explicit UploadSlot(std::counting_semaphore<4> &S) : S(S) { S.acquire(); }
  ~UploadSlot() { S.release(); }
  std::counting_semaphore<4> &S;
};

void limitedUploads() {
  std::vector<std::thread> Threads;
  for (int I = 0; I < 8; ++I)
    Threads.emplace_back([] {
      for (int J = 0; J < 10; ++J) {
        UploadSlot Slot(Uploads);
        step();
      }
    });
  for (std::thread &T : Threads)
    T.join();
}

std::counting_semaphore<8> Downloads{8};

void limitedDownloads() {
  std::vector<std::thread> Threads;
  for (int I = 0; I < 16; ++I)
    Threads.emplace_back([] {
      Downloads.acquire();
      step();
      Downloads.release();
    });
  for (std::thread &T : Threads)
    T.join();
}
