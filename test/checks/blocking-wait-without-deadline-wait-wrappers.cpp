// RUN: %check_clang_tidy -std=c++17-or-later %s threadleak-blocking-wait-without-deadline %t -- -- -pthread

// A user wrapper of a wait (`CondVar::Wait()` around a condition variable
// or pthread_cond_wait, leveldb's port::CondVar) is judged at its call,
// where the loop and its exit condition are; a method that signals the
// wrapped member wakes the object it is called on. A free function whose
// parameter points or refers to the object (`void channelWait(Channel *C)`
// around `pthread_cond_wait(&C->Cond, &C->Mu)`) is a wrapper too, of the
// object passed for that parameter.

#include <condition_variable>
#include <deque>
#include <mutex>
#include <pthread.h>
#include <thread>

class Mutex {
public:
  void lock() { Mu.lock(); }
  void unlock() { Mu.unlock(); }

private:
  friend class CondVar;
  std::mutex Mu;
};

class CondVar {
public:
  explicit CondVar(Mutex *Mu) : Mu(Mu) {}
  void wait() {
    std::unique_lock<std::mutex> Lock(Mu->Mu, std::adopt_lock);
    Cond.wait(Lock);
    Lock.release();
  }
  void signal() { Cond.notify_one(); }
  void signalAll() { Cond.notify_all(); }

private:
  std::condition_variable Cond;
  Mutex *const Mu;
};

class Condition {
public:
  explicit Condition(pthread_mutex_t *Mu) : Mu(Mu) {
    pthread_cond_init(&Cond, nullptr);
  }
  ~Condition() { pthread_cond_destroy(&Cond); }
  void wait() { pthread_cond_wait(&Cond, Mu); }
  void signal() { pthread_cond_signal(&Cond); }

private:
  pthread_cond_t Cond;
  pthread_mutex_t *Mu;
};

// C-style wrappers: free functions of what a parameter points or refers to.
struct Channel {
  pthread_mutex_t Mu = PTHREAD_MUTEX_INITIALIZER;
  pthread_cond_t Cond = PTHREAD_COND_INITIALIZER;
  int Items = 0;
  bool Closed = false;
};
void channelWait(Channel *C) { pthread_cond_wait(&C->Cond, &C->Mu); }
void channelBroadcast(Channel &C) { pthread_cond_broadcast(&C.Cond); }

struct Mailbox {
  std::mutex Mu;
  std::condition_variable Cv;
  std::deque<int> Items;
  bool Closed = false;
};
void awaitMail(Mailbox &Box, std::unique_lock<std::mutex> &Lock) {
  Box.Cv.wait(Lock);
}
void wakeAll(Mailbox *Box) { Box->Cv.notify_all(); }

// ===== Positives =====

// The destructor signals, but the loop only waits for work: the worker
// wakes, finds the queue empty and waits again.
class SignalsWithoutStop {
public:
  SignalsWithoutStop() : Thread(&SignalsWithoutStop::run, this) {}
  ~SignalsWithoutStop() {
    Mu.lock();
    Stop = true;
    Cond.signalAll();
    Mu.unlock();
    Thread.join();
  }

private:
  void run() {
    Mu.lock();
    while (Queue.empty())
      Cond.wait();
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'CondVar::wait' can block this thread forever: it has no deadline and nothing wakes it for shutdown [threadleak-blocking-wait-without-deadline]
    // CHECK-MESSAGES: :[[@LINE-2]]:12: note: give it a deadline, or a way to be woken for shutdown
    // CHECK-MESSAGES: :[[@LINE-16]]:26: note: thread started here
    Queue.pop_front();
    Mu.unlock();
  }

  Mutex Mu;
  CondVar Cond{&Mu};
  std::deque<int> Queue;
  bool Stop = false;
  std::thread Thread;
};

// The pthread wrapper: nothing signals at shutdown.
class NeverSignalled {
public:
  NeverSignalled() : Thread([this] { run(); }) {}
  ~NeverSignalled() {
    pthread_mutex_lock(&Mu);
    Done = true;
    pthread_mutex_unlock(&Mu);
    Thread.join();
  }
  void post(int Job) {
    pthread_mutex_lock(&Mu);
    Jobs.push_back(Job);
    Cond.signal();
    pthread_mutex_unlock(&Mu);
  }

private:
  void run() {
    pthread_mutex_lock(&Mu);
    while (Jobs.empty())
      Cond.wait();
      // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'Condition::wait' can block this thread forever
      // CHECK-MESSAGES: :[[@LINE-2]]:12: note: give it a deadline, or a way to be woken for shutdown
      // CHECK-MESSAGES: :[[@LINE-21]]:22: note: thread started here
    pthread_mutex_unlock(&Mu);
  }

  pthread_mutex_t Mu = PTHREAD_MUTEX_INITIALIZER;
  Condition Cond{&Mu};
  std::deque<int> Jobs;
  bool Done = false;
  std::thread Thread;
};

// The destructor closes the channel and broadcasts, but the loop only waits
// for items.
class ChannelReader {
public:
  ChannelReader() : Thread([this] { run(); }) {}
  ~ChannelReader() {
    pthread_mutex_lock(&Ch.Mu);
    Ch.Closed = true;
    channelBroadcast(Ch);
    pthread_mutex_unlock(&Ch.Mu);
    Thread.join();
  }

private:
  void run() {
    pthread_mutex_lock(&Ch.Mu);
    while (Ch.Items == 0)
      channelWait(&Ch);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'channelWait' can block this thread forever
      // CHECK-MESSAGES: :[[@LINE-2]]:7: note: give it a deadline, or a way to be woken for shutdown
      // CHECK-MESSAGES: :[[@LINE-16]]:21: note: thread started here
    pthread_mutex_unlock(&Ch.Mu);
  }

  Channel Ch;
  std::thread Thread;
};

// The same with a std::condition_variable in a struct, waited on in the
// thread's own function.
class MailReader {
public:
  MailReader() : Thread(&MailReader::run, this) {}
  ~MailReader() {
    {
      std::lock_guard<std::mutex> Lock(Box.Mu);
      Box.Closed = true;
    }
    wakeAll(&Box);
    Thread.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(Box.Mu);
    while (Box.Items.empty())
      awaitMail(Box, Lock);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'awaitMail' can block this thread forever: it has no deadline and nothing wakes it for shutdown [threadleak-blocking-wait-without-deadline]
    // CHECK-MESSAGES: :[[@LINE-2]]:7: note: give it a deadline, or a way to be woken for shutdown
    // CHECK-MESSAGES: :[[@LINE-17]]:18: note: thread started here
  }

  Mailbox Box;
  std::thread Thread;
};

// ===== Negatives =====

// The destructor sets the flag the loop tests, and signals.
class StopsAndSignals {
public:
  StopsAndSignals() : Thread(&StopsAndSignals::run, this) {}
  ~StopsAndSignals() {
    Mu.lock();
    Stop = true;
    Cond.signalAll();
    Mu.unlock();
    Thread.join();
  }

private:
  void run() {
    Mu.lock();
    while (Queue.empty() && !Stop)
      Cond.wait();
    Mu.unlock();
  }

  Mutex Mu;
  CondVar Cond{&Mu};
  std::deque<int> Queue;
  bool Stop = false;
  std::thread Thread;
};

// The same through a function the destructor calls.
class StopsInShutdown {
public:
  StopsInShutdown() : Thread([this] { run(); }) {}
  ~StopsInShutdown() { shutdown(); }

private:
  void shutdown() {
    pthread_mutex_lock(&Mu);
    Done = true;
    Cond.signal();
    pthread_mutex_unlock(&Mu);
    Thread.join();
  }
  void run() {
    pthread_mutex_lock(&Mu);
    while (!Done)
      Cond.wait();
    pthread_mutex_unlock(&Mu);
  }

  pthread_mutex_t Mu = PTHREAD_MUTEX_INITIALIZER;
  Condition Cond{&Mu};
  bool Done = false;
  std::thread Thread;
};

// A wrapper with its own loop and stop flag is judged inside, as before.
class Queue {
public:
  int pop() {
    std::unique_lock<std::mutex> Lock(Mu);
    while (Items.empty() && !Closed)
      Ready.wait(Lock);
    if (Items.empty())
      return -1;
    int Item = Items.front();
    Items.pop_front();
    return Item;
  }
  void close() {
    std::lock_guard<std::mutex> Lock(Mu);
    Closed = true;
    Ready.notify_all();
  }

private:
  std::mutex Mu;
  std::condition_variable Ready;
  std::deque<int> Items;
  bool Closed = false;
};

class Consumer {
public:
  Consumer() : Thread([this] {
                 while (Jobs.pop() >= 0) {
                 }
               }) {}
  ~Consumer() {
    Jobs.close();
    Thread.join();
  }

private:
  Queue Jobs;
  std::thread Thread;
};

// A wrapper handed in by pointer: woken under another name.
void waitOn(CondVar *Cond, Mutex *Mu, const bool *Stop) {
  Mu->lock();
  while (!*Stop)
    Cond->wait();
  Mu->unlock();
}

void startWaiter(CondVar *Cond, Mutex *Mu, const bool *Stop) {
  std::thread T(waitOn, Cond, Mu, Stop);
  T.join();
}

void wakeWaiter(CondVar *Cond) { Cond->signalAll(); }

// The free-function wrappers with a loop that ends on the flag the shutdown
// sets before it wakes the object.
class ClosingChannelReader {
public:
  ClosingChannelReader() : Thread([this] { run(); }) {}
  ~ClosingChannelReader() {
    pthread_mutex_lock(&Ch.Mu);
    Ch.Closed = true;
    channelBroadcast(Ch);
    pthread_mutex_unlock(&Ch.Mu);
    Thread.join();
  }

private:
  void run() {
    pthread_mutex_lock(&Ch.Mu);
    while (Ch.Items == 0 && !Ch.Closed)
      channelWait(&Ch);
    pthread_mutex_unlock(&Ch.Mu);
  }

  Channel Ch;
  std::thread Thread;
};

class ClosingMailReader {
public:
  ClosingMailReader() : Thread(&ClosingMailReader::run, this) {}
  ~ClosingMailReader() {
    {
      std::lock_guard<std::mutex> Lock(Box.Mu);
      Box.Closed = true;
    }
    wakeAll(&Box);
    Thread.join();
  }

private:
  void run() {
    std::unique_lock<std::mutex> Lock(Box.Mu);
    while (Box.Items.empty() && !Box.Closed)
      awaitMail(Box, Lock);
  }

  Mailbox Box;
  std::thread Thread;
};

// A free function with its own loop and predicate is judged inside: the
// close it waits for is set and notified.
int popMail(Mailbox &Box) {
  std::unique_lock<std::mutex> Lock(Box.Mu);
  Box.Cv.wait(Lock, [&Box] { return !Box.Items.empty() || Box.Closed; });
  if (Box.Items.empty())
    return -1;
  int Item = Box.Items.front();
  Box.Items.pop_front();
  return Item;
}

void closeMail(Mailbox &Box) {
  std::lock_guard<std::mutex> Lock(Box.Mu);
  Box.Closed = true;
  Box.Cv.notify_all();
}

class MailConsumer {
public:
  MailConsumer() : Thread([this] {
                     while (popMail(Box) >= 0) {
                     }
                   }) {}
  ~MailConsumer() {
    closeMail(Box);
    Thread.join();
  }

private:
  Mailbox Box;
  std::thread Thread;
};
