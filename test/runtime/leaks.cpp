// Three leaks, each next to its fix, checked with verifyNoNewThreads: a
// detached thread that loops forever, a consumer blocked on a queue nobody
// closes, a std::jthread whose body ignores its stop token. The leaked
// threads never end, so the failures do not depend on timing; the fixed
// versions get a grace period far longer than they need.
//
// RUN: %clangxx -std=c++20 -Wall -Wextra -Werror -pthread -I%threadleak_runtime_include %s -o %t
// RUN: not %t detached 2>&1 | FileCheck %s --check-prefix=DETACHED
// RUN: not %t consumer 2>&1 | FileCheck %s --check-prefix=CONSUMER
// RUN: not %t jthread 2>&1 | FileCheck %s --check-prefix=JTHREAD
// RUN: %t detached-fixed 2>&1 | FileCheck %s --check-prefix=FIXED
// RUN: %t consumer-fixed 2>&1 | FileCheck %s --check-prefix=FIXED
// RUN: %t jthread-fixed 2>&1 | FileCheck %s --check-prefix=FIXED
// RUN: not %t no-such-scenario 2>&1 | FileCheck %s --check-prefix=USAGE

// DETACHED: threadleak: 1 thread started since the snapshot is still running after waiting {{[0-9]+}} ms (grace period 100 ms):
// DETACHED-NEXT: {{^}}  thread {{[0-9]+}} "poller", {{[a-z ]+}}
// DETACHED-NEXT: threadleak: name each thread you start with pthread_setname_np(pthread_self(), "name") (15 characters at most) so that this report says which one leaked
// DETACHED-NEXT: waited long enough
// DETACHED-NOT: {{.}}

// CONSUMER: threadleak: 1 thread started since the snapshot is still running after waiting {{[0-9]+}} ms (grace period 100 ms):
// CONSUMER-NEXT: {{^}}  thread {{[0-9]+}} "consumer", {{[a-z ]+}}
// CONSUMER-NEXT: threadleak: name each thread

// JTHREAD: threadleak: 1 thread started since the snapshot is still running
// JTHREAD-NEXT: {{^}}  thread {{[0-9]+}} "watcher", {{[a-z ]+}}

// FIXED: threadleak: no thread started since the snapshot is left (waited {{[0-9]+}} ms)
// FIXED-NOT: {{.}}

// USAGE: usage: {{.*}} detached|consumer|jthread[-fixed]

#include "threadleak/verify.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <pthread.h>
#include <string>
#include <thread>

using namespace std::chrono_literals;

namespace {

// Named by the creator, before the thread may even have run: the report
// must not depend on how soon it is scheduled.
void name(std::thread &Thread, const char *Name) {
  pthread_setname_np(Thread.native_handle(), Name);
}

void startDetachedPoller() {
  std::thread Poller([] {
    for (;;)
      std::this_thread::sleep_for(10ms);
  });
  name(Poller, "poller");
  Poller.detach();
}

class Poller {
public:
  Poller() : Thread([this] { run(); }) { name(Thread, "poller"); }
  ~Poller() {
    Stop = true;
    Thread.join();
  }

private:
  void run() {
    while (!Stop)
      std::this_thread::sleep_for(10ms);
  }

  std::atomic<bool> Stop{false};
  std::thread Thread;
};

class Queue {
public:
  void push(int Item) {
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      Items.push_back(Item);
    }
    Ready.notify_one();
  }
  void close() {
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      Closed = true;
    }
    Ready.notify_all();
  }
  // False once the queue is closed and drained.
  bool pop(int &Item) {
    std::unique_lock<std::mutex> Lock(Mutex);
    Ready.wait(Lock, [this] { return Closed || !Items.empty(); });
    if (Items.empty())
      return false;
    Item = Items.front();
    Items.pop_front();
    return true;
  }

private:
  std::mutex Mutex;
  std::condition_variable Ready;
  std::deque<int> Items;
  bool Closed = false;
};

std::atomic<int> Consumed{0};

// The producer sends its items and forgets to close the queue: the consumer
// waits for the next item forever.
void consumeWithoutClose() {
  // Never destroyed: glibc's ~condition_variable would wait for the waiter.
  auto *Jobs = new Queue;
  std::thread Consumer([Jobs] {
    int Job;
    while (Jobs->pop(Job))
      Consumed += Job;
  });
  name(Consumer, "consumer");
  Consumer.detach();
  for (int I = 0; I < 3; ++I)
    Jobs->push(I);
}

void consumeAndClose() {
  Queue Jobs;
  std::thread Consumer([&Jobs] {
    int Job;
    while (Jobs.pop(Job))
      Consumed += Job;
  });
  name(Consumer, "consumer");
  for (int I = 0; I < 3; ++I)
    Jobs.push(I);
  Jobs.close();
  Consumer.join();
}

// request_stop() is sent, but the body never reads its token; detached so
// that the owner's shutdown does not hang in ~jthread's join.
void stopWatcherIgnoringToken() {
  std::jthread Watcher([](std::stop_token) {
    for (;;)
      std::this_thread::sleep_for(10ms);
  });
  pthread_setname_np(Watcher.native_handle(), "watcher");
  Watcher.request_stop();
  Watcher.detach();
}

void stopWatcherObservingToken() {
  std::jthread Watcher([](std::stop_token Stop) {
    while (!Stop.stop_requested())
      std::this_thread::sleep_for(10ms);
  });
  pthread_setname_np(Watcher.native_handle(), "watcher");
}

} // namespace

int main(int Argc, char **Argv) {
  const std::string Scenario = Argc == 2 ? Argv[1] : "";
  const threadleak::ThreadSnapshot Before = threadleak::ThreadSnapshot::take();
  bool Leaks = true;
  if (Scenario == "detached") {
    startDetachedPoller();
  } else if (Scenario == "consumer") {
    consumeWithoutClose();
  } else if (Scenario == "jthread") {
    stopWatcherIgnoringToken();
  } else if (Scenario == "detached-fixed") {
    Poller P;
    Leaks = false;
  } else if (Scenario == "consumer-fixed") {
    consumeAndClose();
    Leaks = false;
  } else if (Scenario == "jthread-fixed") {
    stopWatcherObservingToken();
    Leaks = false;
  } else {
    std::fprintf(stderr, "usage: %s detached|consumer|jthread[-fixed]\n",
                 Argv[0]);
    return 2;
  }

  const threadleak::VerifyResult Result =
      threadleak::verifyNoNewThreads(Before, Leaks ? 100ms : 10s);
  std::fputs(Result.message().c_str(), stderr);
  if (!Result && Result.Waited >= 100ms)
    std::fputs("waited long enough\n", stderr);
  return Result ? 0 : 1;
}
