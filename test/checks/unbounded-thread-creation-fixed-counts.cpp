// RUN: %check_clang_tidy -std=c++17-or-later -check-suffixes=,DEFAULT %s threadleak-unbounded-thread-creation %t -- -- -pthread
// RUN: %check_clang_tidy -std=c++17 -check-suffixes=,FIXED %s threadleak-unbounded-thread-creation %t -- \
// RUN:   -config="{CheckOptions: {ReportFixedThreadCounts: true}}" -- -pthread
// RUN: %check_clang_tidy -std=c++17 -check-suffixes=,FIXED %s threadleak-unbounded-thread-creation %t -- \
// RUN:   -config="{CheckOptions: {threadleak-unbounded-thread-creation.ReportFixedThreadCounts: true}}" -- -pthread

// A number of threads the program fixes (a constant trip count, a count it
// chooses, the elements of a container it fills a fixed number of times) is
// a stress test, a demo or a pool: reported only with
// ReportFixedThreadCounts (the FIXED lines), globally or for the check. A
// thread per accepted connection, message, popped item or element of an
// input is reported whatever the option (the bare lines).

#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <functional>
#include <future>
#include <istream>
#include <memory>
#include <mutex>
#include <pthread.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

void handle(int Fd);
void work(int I);
void fetch(const std::string &Url);
void *routine(void *Arg);

// ===== One thread per event or input element: reported by default =========

void acceptLoop(int Sock) {
  while (true) {
    int Fd = accept(Sock, nullptr, nullptr);
    std::thread(handle, Fd).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread started once per accepted connection with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
  }
}

void receiveLoop(int Sock) {
  char Buf[64];
  while (recv(Sock, Buf, sizeof Buf, 0) > 0) {
    pthread_t Tid;
    pthread_create(&Tid, nullptr, routine, nullptr);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread started once per message received with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    pthread_detach(Tid);
  }
}

class Jobs {
public:
  int pop() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return !Items.empty(); });
    int Item = Items.front();
    Items.pop_front();
    return Item;
  }

private:
  std::mutex M;
  std::condition_variable Cv;
  std::deque<int> Items;
};

void dispatch(Jobs &Queue) {
  std::vector<std::future<void>> Running;
  for (;;) {
    int Item = Queue.pop();
    Running.push_back(std::async(std::launch::async, work, Item));
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: thread started once per item popped from 'Queue' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
  }
}

// Every thread is joined after the loop, but the input decides how many
// run at once.
void fetchAll(const std::vector<std::string> &Urls) {
  std::vector<std::thread> Threads;
  for (const std::string &Url : Urls)
    Threads.emplace_back(fetch, Url);
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: thread started once per element of 'Urls' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
  for (std::thread &T : Threads)
    T.join();
}

// A member that a member function other than the constructor fills.
class Batch {
public:
  void submit(std::string Url) { Urls.push_back(std::move(Url)); }
  void runAll() {
    std::vector<std::thread> Threads;
    for (const std::string &Url : Urls)
      Threads.emplace_back(fetch, Url);
      // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread started once per element of 'Urls' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    for (std::thread &T : Threads)
      T.join();
  }

private:
  std::vector<std::string> Urls;
};

// A local filled from a stream, and one a call returns.
void perLine(std::istream &In) {
  std::vector<std::string> Lines;
  std::string Line;
  while (std::getline(In, Line))
    Lines.push_back(Line);
  for (const std::string &L : Lines)
    std::thread(fetch, L).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread started once per element of 'Lines' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
}

struct Row {
  int Id;
};
std::vector<Row> loadRows(const char *Path);

void importRows(const char *Path) {
  std::vector<Row> Rows = loadRows(Path);
  std::vector<pthread_t> Tids(Rows.size());
  for (size_t I = 0; I < Rows.size(); ++I)
    pthread_create(&Tids[I], nullptr, routine, &Rows[I]);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread started once per element of 'Rows' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
  for (pthread_t Tid : Tids)
    pthread_join(Tid, nullptr);
}

// A static function handed the input by a function other files call.
static void startEach(const std::vector<std::string> &Items) {
  for (const std::string &Item : Items)
    std::thread(fetch, Item).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread started once per element of 'Items' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
}
void startRequested(const std::vector<std::string> &Requested) {
  startEach(Requested);
}

// A template: the input is its caller's.
template <typename Container> void asyncEach(const Container &Items) {
  std::vector<std::future<void>> Futures;
  for (const auto &Item : Items)
    Futures.push_back(std::async(std::launch::async, [&Item] { work(Item); }));
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: thread started once per element of 'Items' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
  for (auto &F : Futures)
    F.wait();
}
template void asyncEach(const std::vector<int> &);

// A fixed count inside an accept loop: the accept loop piles them up. With
// the option, the innermost loop is named, as without the distinction.
void fanOutPerConnection(int Sock, int Copies) {
  while (true) {
    int Fd = accept(Sock, nullptr, nullptr);
    for (int I = 0; I < Copies; ++I)
      std::thread(handle, Fd).detach();
      // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:7: warning: thread started once per accepted connection with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
      // CHECK-MESSAGES-DEFAULT: :[[@LINE-5]]:3: note: in this accept loop
      // CHECK-MESSAGES-FIXED: :[[@LINE-3]]:7: warning: thread started once per iteration up to 'Copies' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
      // CHECK-MESSAGES-FIXED: :[[@LINE-5]]:5: note: in this loop up to 'Copies'
  }
}

// ===== A number the program fixes: only with ReportFixedThreadCounts =======

// A stress test: a constant 64 threads, all joined.
void stress64() {
  std::vector<std::thread> Threads;
  for (int I = 0; I < 64; ++I)
    Threads.emplace_back(work, I);
    // CHECK-MESSAGES-FIXED: :[[@LINE-1]]:13: warning: thread started 64 times by this loop, more than MaxThreadsPerLoop (16), with nothing bounding how many run at once [threadleak-unbounded-thread-creation]
  for (std::thread &T : Threads)
    T.join();
}

// Two threads per iteration, 100 iterations.
void pairs() {
  std::vector<std::thread> Threads;
  for (auto I = 0; I < 100; I++) {
    Threads.push_back(std::thread(work, I));
    // CHECK-MESSAGES-FIXED: :[[@LINE-1]]:23: warning: thread started 100 times by this loop, more than MaxThreadsPerLoop (16), with nothing bounding how many run at once [threadleak-unbounded-thread-creation]
    Threads.push_back(std::thread(work, -I));
    // CHECK-MESSAGES-FIXED: :[[@LINE-1]]:23: warning: thread started 100 times by this loop, more than MaxThreadsPerLoop (16), with nothing bounding how many run at once [threadleak-unbounded-thread-creation]
  }
  for (std::thread &T : Threads)
    T.join();
}

// std::async futures, all waited for.
void crashDemo(void (*Func)()) {
  std::vector<std::future<void>> Asyncs;
  for (auto Idx = 0; Idx < 10000; ++Idx)
    Asyncs.push_back(std::async(std::launch::async, Func));
    // CHECK-MESSAGES-FIXED: :[[@LINE-1]]:22: warning: thread started 10000 times by this loop, more than MaxThreadsPerLoop (16), with nothing bounding how many run at once [threadleak-unbounded-thread-creation]
  for (const auto &A : Asyncs)
    A.wait();
}

// A count the test chooses, in a template instantiated per count.
template <typename T> void roundTrip(size_t W) {
  std::vector<std::thread> Threads;
  for (size_t I = 0; I < W; ++I)
    Threads.emplace_back([I] { work(static_cast<int>(sizeof(T) + I)); });
    // CHECK-MESSAGES-FIXED: :[[@LINE-1]]:13: warning: thread started once per iteration up to 'W' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
  for (std::thread &T2 : Threads)
    T2.join();
}
template void roundTrip<int>(size_t);
template void roundTrip<long>(size_t);

// A count from the command line, pthreads that run for the process's life.
int main(int Argc, char **Argv) {
  int Count = Argc > 1 ? std::atoi(Argv[1]) : 4;
  std::vector<pthread_t> Tids(Count);
  for (int I = 0; I < Count; ++I)
    pthread_create(&Tids[I], nullptr, routine, nullptr);
    // CHECK-MESSAGES-FIXED: :[[@LINE-1]]:5: warning: thread started once per iteration up to 'Count' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
  for (int I = 0; I < Count; ++I)
    pthread_join(Tids[I], nullptr);
  for (;;)
    sleep(1);
}

// A pool of contexts sized when it is built: one thread per context, all
// joined.
struct Context {
  void run();
};
class ContextPool {
public:
  explicit ContextPool(size_t Size) {
    for (size_t I = 0; I < Size; ++I)
      Contexts.push_back(std::make_shared<Context>());
  }
  void run() {
    std::vector<std::shared_ptr<std::thread>> Threads;
    for (size_t I = 0; I < Contexts.size(); ++I)
      Threads.emplace_back(std::make_shared<std::thread>(
          [](std::shared_ptr<Context> C) { C->run(); }, Contexts[I]));
      // CHECK-MESSAGES-FIXED: :[[@LINE-2]]:28: warning: thread started once per element of 'Contexts' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    for (auto &T : Threads)
      T->join();
  }
  void stop() { Contexts.clear(); }
  Context &next() { return *Contexts[Next++ % Contexts.size()]; }

private:
  std::vector<std::shared_ptr<Context>> Contexts;
  size_t Next = 0;
};

// Filled by a private helper that only the constructor calls.
class Shards {
public:
  explicit Shards(const std::vector<std::string> &Names) { addAll(Names); }
  void startAll() {
    for (const std::string &Name : Names)
      std::thread(fetch, Name).detach();
      // CHECK-MESSAGES-FIXED: :[[@LINE-1]]:7: warning: thread started once per element of 'Names' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
  }

private:
  void addAll(const std::vector<std::string> &From) {
    for (const std::string &Name : From)
      Names.push_back(Name);
  }
  std::vector<std::string> Names;
};

// Closures the program builds: 10 + 2, handed to a static function.
struct Closure {
  virtual void exec() = 0;
};
struct Step : Closure {
  explicit Step(int I) : I(I) {}
  void exec() override { work(I); }
  int I;
};
static void *runClosure(void *Arg) {
  static_cast<Closure *>(Arg)->exec();
  return nullptr;
}
static void batchExec(std::vector<Closure *> &V) {
  std::vector<pthread_t> Threads;
  for (size_t I = 0; I < V.size(); I++) {
    pthread_t Tid;
    pthread_create(&Tid, nullptr, runClosure, V[I]);
    // CHECK-MESSAGES-FIXED: :[[@LINE-1]]:5: warning: thread started once per element of 'V' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
    Threads.push_back(Tid);
  }
  for (size_t I = 0; I < V.size(); I++)
    pthread_join(Threads[I], nullptr);
}
void closures() {
  std::vector<Closure *> V;
  for (int I = 0; I < 10; I++)
    V.push_back(new Step(I));
  for (int I = 0; I < 2; I++)
    V.push_back(new Step(100 + I));
  batchExec(V);
}

// A braced list of stages, in a local.
void pipeline() {
  std::vector<std::function<void()>> Stages = {[] { work(1); },
                                               [] { work(2); }};
  std::vector<std::thread> Threads;
  for (auto &Stage : Stages)
    Threads.emplace_back(Stage);
    // CHECK-MESSAGES-FIXED: :[[@LINE-1]]:13: warning: thread started once per element of 'Stages' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
  for (std::thread &T : Threads)
    T.join();
}

// ===== The twins that stay input =========================================

// Filled in the constructor, but also by add(): input.
class Registry {
public:
  explicit Registry(std::vector<std::string> Initial)
      : Names(std::move(Initial)) {}
  void add(const std::string &Name) { Names.push_back(Name); }
  void startAll() {
    for (const std::string &Name : Names)
      std::thread(fetch, Name).detach();
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: thread started once per element of 'Names' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
  }

private:
  std::vector<std::string> Names;
};

// A public member: anyone can fill it.
struct Targets {
  std::vector<std::string> Hosts;
  void startAll() {
    for (const std::string &Host : Hosts)
      std::thread(fetch, Host).detach();
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: thread started once per element of 'Hosts' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
  }
};

// The local is handed to a function that may fill it.
void readAll(std::vector<std::string> &Out);
void startRead() {
  std::vector<std::string> Names;
  readAll(Names);
  for (const std::string &Name : Names)
    std::thread(fetch, Name).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread started once per element of 'Names' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
}

// A local built from the command line's arguments.
void startArgs(int Argc, char **Argv) {
  std::vector<std::string> Files(Argv + 1, Argv + Argc);
  for (const std::string &File : Files)
    std::thread(fetch, File).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread started once per element of 'Files' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
}
