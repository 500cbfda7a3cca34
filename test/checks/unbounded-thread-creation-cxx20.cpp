// RUN: %check_clang_tidy -std=c++20-or-later %s threadleak-unbounded-thread-creation %t

// C++20: semaphores, latches, std::jthread, std::span.

#include <algorithm>
#include <latch>
#include <semaphore.h>
#include <semaphore>
#include <span>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

void handle(int Fd);
void work(int I);

// ===== A semaphore acquired in the loop bounds it: not reported =============

std::counting_semaphore<8> Slots(8);

void semaphoreReleasedByThread(int Sock) {
  while (true) {
    int Fd = accept(Sock, nullptr, nullptr);
    Slots.acquire();
    std::thread([Fd] {
      handle(Fd);
      Slots.release();
    }).detach();
  }
}

void finished() { Slots.release(); }
void semaphoreReleasedThroughCallee(int Sock) {
  for (;;) {
    int Fd = accept(Sock, nullptr, nullptr);
    Slots.acquire();
    std::thread([Fd] {
      handle(Fd);
      finished();
    }).detach();
  }
}

class Limiter {
public:
  void enter() { Sem.acquire(); }
  void leave() { Sem.release(); }

private:
  std::counting_semaphore<16> Sem{16};
};
Limiter Limit;
void semaphoreAcquiredThroughHelper(const std::vector<int> &Ids) {
  for (int Id : Ids) {
    Limit.enter();
    std::thread([Id] {
      work(Id);
      Limit.leave();
    }).detach();
  }
}

void tryAcquireOrReject(int Sock) {
  while (true) {
    int Fd = accept(Sock, nullptr, nullptr);
    if (!Slots.try_acquire()) {
      close(Fd);
      continue;
    }
    std::thread([Fd] {
      handle(Fd);
      Slots.release();
    }).detach();
  }
}

sem_t PosixSlots;
void posixSemaphore(int Sock) {
  while (true) {
    int Fd = accept(Sock, nullptr, nullptr);
    sem_wait(&PosixSlots);
    std::thread([Fd] {
      handle(Fd);
      sem_post(&PosixSlots);
    }).detach();
  }
}

// ===== Joined by the loop: not reported ====================================

void latchPerBatch(const std::vector<std::vector<int>> &Batches) {
  std::vector<std::thread> Threads;
  for (const auto &Batch : Batches) {
    std::latch Done(4);
    for (int I = 0; I < 4; ++I)
      std::thread([&Done, &Batch, I] {
        work(Batch[I]);
        Done.count_down();
      }).detach();
    Done.wait();
  }
}

void localJThread(const std::vector<int> &Ids) {
  for (int Id : Ids) {
    std::jthread T(work, Id);
  }
}

void jthreadAssigned(int Sock) {
  std::jthread Current;
  while (true) {
    int Fd = accept(Sock, nullptr, nullptr);
    Current = std::jthread(handle, Fd);
  }
}

void jthreadsClearedEveryBatch(const std::vector<int> &Ids) {
  std::vector<std::jthread> Threads;
  for (int Id : Ids) {
    Threads.emplace_back(work, Id);
    if (Threads.size() == 8)
      Threads.clear();
  }
}

void staticSpan(std::span<const int, 4> Ids) {
  for (int Id : Ids)
    std::thread(work, Id).detach();
}

void minWithConstant(std::span<const int> Ids) {
  for (size_t I = 0; I < std::min<size_t>(Ids.size(), 8); ++I)
    std::thread(work, Ids[I]).detach();
}

// ===== Reported ============================================================

class Acceptor {
public:
  void run() {
    while (Listening) {
      int Fd = accept(Sock, nullptr, nullptr);
      Connections.emplace_back([Fd](std::stop_token) { handle(Fd); });
      // CHECK-NOTES: :[[@LINE-1]]:19: warning: thread started once per accepted connection with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
      // CHECK-NOTES: :[[@LINE-4]]:5: note: in this accept loop
      // CHECK-NOTES: :[[@LINE-3]]:19: note: bound it: acquire a std::counting_semaphore before starting each thread and release it when the thread ends, or queue the work to a fixed pool of threads
    }
  }

private:
  bool Listening = true;
  int Sock = -1;
  std::vector<std::jthread> Connections;
};

// A semaphore acquired once, before the loop, bounds nothing.
void acquiredOutsideTheLoop(std::span<const int> Ids) {
  Slots.acquire();
  std::vector<std::jthread> Threads;
  for (int Id : Ids)
    Threads.emplace_back(work, Id);
    // CHECK-NOTES: :[[@LINE-1]]:13: warning: thread started once per element of 'Ids' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    // CHECK-NOTES: :[[@LINE-3]]:3: note: in this loop over 'Ids'
    // CHECK-NOTES: :[[@LINE-3]]:13: note: bound it: acquire a std::counting_semaphore before starting each thread and release it when the thread ends, or queue the work to a fixed pool of threads
  Slots.release();
}
