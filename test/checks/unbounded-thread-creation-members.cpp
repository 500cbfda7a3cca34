// RUN: %check_clang_tidy -std=c++17-or-later %s threadleak-unbounded-thread-creation %t
// RUN: %check_clang_tidy -std=c++17 -check-suffixes=,FIXED %s threadleak-unbounded-thread-creation %t -- -config="{CheckOptions: {ReportFixedThreadCounts: true}}"

// A method that keeps its thread in a member holding one thread, called on
// each element of a loop: one thread per object that exists before the
// loop, not one per unit of load.

#include <atomic>
#include <memory>
#include <pthread.h>
#include <sys/socket.h>
#include <thread>
#include <vector>

void tick();
void *routine(void *Arg);

// ===== One thread per existing object: not reported ========================

class Service {
public:
  ~Service() { stop(); }
  void start() {
    T = std::thread([this] {
      while (!Stop)
        tick();
    });
  }
  void stop() {
    Stop = true;
    if (T.joinable())
      T.join();
  }

private:
  std::atomic<bool> Stop{false};
  std::thread T;
};

int main() {
  std::vector<std::unique_ptr<Service>> Services;
  Services.push_back(std::make_unique<Service>());
  Services.push_back(std::make_unique<Service>());
  for (auto &S : Services)
    S->start();
}

void startByReference(std::vector<Service> &Services) {
  for (Service &S : Services)
    S.start();
}

void startByIndex(std::vector<Service> &Services,
                  std::vector<std::unique_ptr<Service>> &Owned) {
  for (size_t I = 0; I < Services.size(); ++I)
    Services[I].start();
  for (size_t I = 0; I < Owned.size(); ++I)
    Owned.at(I)->start();
}

void startByIterator(std::vector<std::unique_ptr<Service>> &Services) {
  for (auto It = Services.begin(); It != Services.end(); ++It)
    (*It)->start();
}

void startByPointer(const std::vector<Service *> &Services) {
  for (Service *S : Services)
    S->start();
}

// Started through a helper the method calls on its own object.
class Indirect {
public:
  ~Indirect() {
    if (T.joinable())
      T.join();
  }
  void start() { launch(); }

private:
  void launch() { T = std::thread(tick); }
  std::thread T;
};

void startIndirect(std::vector<Indirect> &All) {
  for (auto &I : All)
    I.start();
}

// A std::unique_ptr<std::thread> member.
class Owner {
public:
  ~Owner() {
    if (T)
      T->join();
  }
  void start() { T = std::make_unique<std::thread>(tick); }

private:
  std::unique_ptr<std::thread> T;
};

void startOwners(std::vector<std::unique_ptr<Owner>> &Owners) {
  for (auto &O : Owners)
    O->start();
}

// A pthread_t member.
class Poller {
public:
  void start() { pthread_create(&Tid, nullptr, routine, this); }
  void stop() { pthread_join(Tid, nullptr); }

private:
  pthread_t Tid;
};

void startPollers(std::vector<std::unique_ptr<Poller>> &Pollers) {
  for (auto &P : Pollers)
    P->start();
}

// A template class.
template <class Fn> class Task {
public:
  explicit Task(Fn F) : F(F) {}
  ~Task() {
    if (T.joinable())
      T.join();
  }
  void run() { T = std::thread(F); }

private:
  Fn F;
  std::thread T;
};

using TickTask = Task<void (*)()>;

void runTasks(std::vector<std::unique_ptr<TickTask>> &Tasks) {
  for (auto &Svc : Tasks)
    Svc->run();
}

#if __cplusplus >= 202002L
// A std::jthread member: assigning the next one waits for the previous.
class Ticker {
public:
  void start() { T = std::jthread([] { tick(); }); }

private:
  std::jthread T;
};

void startTickers(std::vector<Ticker> &Tickers) {
  for (auto &T : Tickers)
    T.start();
}
#endif

// ===== A new thread per call, or a new object per iteration: reported ======

class Pool {
public:
  ~Pool() {
    for (auto &W : Workers)
      W.join();
  }
  void start() { Workers.emplace_back(tick); }

private:
  std::vector<std::thread> Workers;
};

void startPools(std::vector<std::unique_ptr<Pool>> &Pools) {
  for (auto &P : Pools)
    P->start();
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'start' starts a thread once per element of 'Pools' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: in this loop over 'Pools'
    // CHECK-MESSAGES: :[[@LINE-11]]:26: note: 'start' starts the thread here and does not wait for it
}

class Detaching {
public:
  void start() { std::thread(tick).detach(); }
};

void startDetaching(std::vector<Detaching> &All) {
  for (auto &D : All)
    D.start();
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'start' starts a thread once per element of 'All' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: in this loop over 'All'
    // CHECK-MESSAGES: :[[@LINE-8]]:18: note: 'start' starts the thread here and does not wait for it
}

// Kept in a member, but detached: a new thread on every call.
class DetachesMember {
public:
  void start() {
    T = std::thread(tick);
    T.detach();
  }

private:
  std::thread T;
};

void startDetachesMember(std::vector<DetachesMember> &All) {
  for (size_t I = 0; I < All.size(); ++I)
    All[I].start();
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'start' starts a thread once per element of 'All' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: in this loop over 'All'
    // CHECK-MESSAGES: :[[@LINE-13]]:9: note: 'start' starts the thread here and does not wait for it
}

class DetachedPoller {
public:
  void start() {
    pthread_create(&Tid, nullptr, routine, this);
    pthread_detach(Tid);
  }

private:
  pthread_t Tid;
};

void startDetachedPollers(std::vector<DetachedPoller> &All) {
  for (auto &P : All)
    P.start();
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'start' starts a thread once per element of 'All' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: in this loop over 'All'
    // CHECK-MESSAGES: :[[@LINE-13]]:5: note: 'start' starts the thread here and does not wait for it
}

// Kept in a member, then moved into a container: a new thread per call.
class Spawner {
public:
  void start() {
    T = std::thread(tick);
    Workers.push_back(std::move(T));
  }

private:
  std::thread T;
  std::vector<std::thread> Workers;
};

void startSpawners(std::vector<Spawner> &All) {
  for (auto &S : All)
    S.start();
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'start' starts a thread once per element of 'All' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    // CHECK-MESSAGES: :[[@LINE-3]]:3: note: in this loop over 'All'
    // CHECK-MESSAGES: :[[@LINE-14]]:9: note: 'start' starts the thread here and does not wait for it
}

// An accept loop that makes a new Service per connection and starts it.
void acceptSessions(int Sock) {
  std::vector<std::unique_ptr<Service>> Sessions;
  while (true) {
    int Fd = accept(Sock, nullptr, nullptr);
    if (Fd < 0)
      continue;
    auto S = std::make_unique<Service>();
    S->start();
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'start' starts a thread once per accepted connection with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    // CHECK-MESSAGES: :[[@LINE-7]]:3: note: in this accept loop
    Sessions.push_back(std::move(S));
  }
}

// A new object per iteration, in the container the loop indexes; a count
// the program chooses, so only with ReportFixedThreadCounts.
void growAndStart(size_t N) {
  std::vector<std::unique_ptr<Service>> All;
  for (size_t I = 0; I < N; ++I) {
    All.push_back(std::make_unique<Service>());
    All[I]->start();
    // CHECK-MESSAGES-FIXED: :[[@LINE-1]]:13: warning: 'start' starts a thread once per iteration up to 'N' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    // CHECK-MESSAGES-FIXED: :[[@LINE-4]]:3: note: in this loop up to 'N'
  }
}

// One new object per element of the input.
void sessionPerId(const std::vector<int> &Ids) {
  std::vector<std::unique_ptr<Service>> Sessions;
  for (int Id : Ids) {
    auto S = std::make_unique<Service>();
    S->start();
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'start' starts a thread once per element of 'Ids' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    // CHECK-MESSAGES: :[[@LINE-4]]:3: note: in this loop over 'Ids'
    Sessions.push_back(std::move(S));
  }
}
