// RUN: %check_clang_tidy -std=c++20 -fix-notes %s threadleak-unjoined-thread %t -- -- -pthread

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

void work();
void mayThrow();

// ===== Members whose destructor never joins =====

class ImplicitDestructor {
public:
  ImplicitDestructor() : Worker([this] { run(); }) {}

private:
  void run() {}
  std::thread Worker;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the implicit destructor of 'ImplicitDestructor' never joins or detaches the std::thread in member 'Worker'; destroying a joinable std::thread calls std::terminate; join 'Worker' in the destructor [threadleak-unjoined-thread]
  // CHECK-MESSAGES: :[[@LINE-6]]:26: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: use std::jthread, which joins when it is destroyed; the destructor then waits for the thread to finish
  // CHECK-FIXES: {{^}}  std::jthread Worker;{{$}}
};

class DefaultedDestructor {
public:
  void start() { Worker = std::thread(&DefaultedDestructor::run, this); }
  ~DefaultedDestructor() = default;

private:
  void run() {}
  std::thread Worker;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the defaulted destructor of 'DefaultedDestructor' never joins or detaches the std::thread in member 'Worker'; destroying a joinable std::thread calls std::terminate; join 'Worker' in the destructor [threadleak-unjoined-thread]
  // CHECK-MESSAGES: :[[@LINE-7]]:18: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-7]]:3: note: the defaulted destructor destroys 'Worker' while it is joinable; define a destructor that joins it
  int State = 0;
};

class SignalsButNeverJoins {
public:
  void start() { Worker = std::thread([this] { loop(); }); }
  ~SignalsButNeverJoins() {
    Stop = true;
    Wake.notify_all();
  }

private:
  void loop() {}
  std::atomic<bool> Stop{false};
  std::condition_variable Wake;
  std::thread Worker;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the destructor of 'SignalsButNeverJoins' asks the thread in 'Worker' to stop but never joins it; destroying the still joinable std::thread calls std::terminate, and the thread may still be using the object; join 'Worker' after the stop request [threadleak-unjoined-thread]
  // CHECK-MESSAGES: :[[@LINE-12]]:18: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-9]]:3: note: join 'Worker' here, before it is destroyed
};

class JoinedOnlyInStop {
public:
  void start() { Worker = std::thread(work); }
  void stop() { Worker.join(); }
  ~JoinedOnlyInStop() {}

private:
  std::thread Worker;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the destructor of 'JoinedOnlyInStop' never joins or detaches the std::thread in member 'Worker'; destroying a joinable std::thread calls std::terminate; join 'Worker' in the destructor [threadleak-unjoined-thread]
  // CHECK-MESSAGES: :[[@LINE-7]]:18: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-7]]:8: note: 'Worker' is joined only in 'stop', which the destructor does not call
  // CHECK-MESSAGES: :[[@LINE-7]]:24: note: join 'Worker' here, before it is destroyed
};

class ThreadList {
public:
  void add() { Threads.emplace_back(work); }
  ~ThreadList() {}

private:
  std::vector<std::thread> Threads;
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: the destructor of 'ThreadList' never joins or detaches the threads in member 'Threads'; destroying a joinable std::thread calls std::terminate; join 'Threads' in the destructor [threadleak-unjoined-thread]
  // CHECK-MESSAGES: :[[@LINE-6]]:16: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-6]]:18: note: join 'Threads' here, before it is destroyed
};

class OwnedThroughUniquePtr {
public:
  void start() { Worker.reset(new std::thread(work)); }

private:
  std::unique_ptr<std::thread> Worker;
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: the implicit destructor of 'OwnedThroughUniquePtr' never joins or detaches the std::thread in member 'Worker'; destroying a joinable std::thread calls std::terminate; join 'Worker' in the destructor [threadleak-unjoined-thread]
  // CHECK-MESSAGES: :[[@LINE-5]]:18: note: thread started here
};

class DeletesRawPointer {
public:
  void start() { Worker = new std::thread(work); }
  ~DeletesRawPointer() { delete Worker; }

private:
  std::thread *Worker = nullptr;
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: the destructor of 'DeletesRawPointer' deletes the std::thread 'Worker' points to without joining it; deleting a joinable std::thread calls std::terminate; join it before the delete [threadleak-unjoined-thread]
  // CHECK-MESSAGES: :[[@LINE-6]]:18: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-6]]:26: note: join 'Worker' here, before it is destroyed
};

class InClassInitializer {
  std::thread Worker{[] { work(); }};
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the implicit destructor of 'InClassInitializer' never joins or detaches the std::thread in member 'Worker'; destroying a joinable std::thread calls std::terminate; join 'Worker' in the destructor [threadleak-unjoined-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:21: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: use std::jthread, which joins when it is destroyed; the destructor then waits for the thread to finish
  // CHECK-FIXES: {{^}}  std::jthread Worker{[] { work(); }};{{$}}
};

template <typename T> class Holder {
public:
  explicit Holder(T Value) : Value(Value), Worker([this] { use(); }) {}

private:
  void use() {}
  T Value;
  std::thread Worker;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the implicit destructor of 'Holder<int>' never joins or detaches the std::thread in member 'Worker'; destroying a joinable std::thread calls std::terminate; join 'Worker' in the destructor [threadleak-unjoined-thread]
  // CHECK-MESSAGES: :[[@LINE-7]]:44: note: thread started here
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: use std::jthread, which joins when it is destroyed; the destructor then waits for the thread to finish
  // CHECK-FIXES: {{^}}  std::jthread Worker;{{$}}
};
Holder<int> HoldsInt(1);
Holder<long> HoldsLong(2);

// ===== Members: not reported =====

class JoinsInDestructor {
public:
  JoinsInDestructor() : Worker(work) {}
  ~JoinsInDestructor() {
    if (Worker.joinable())
      Worker.join();
  }

private:
  std::thread Worker;
};

class DestructorCallsStop {
public:
  void start() { Worker = std::thread(work); }
  void stop() {
    Running = false;
    if (Worker.joinable())
      Worker.join();
  }
  ~DestructorCallsStop() { stop(); }

private:
  bool Running = true;
  std::thread Worker;
};

class JoinsAll {
public:
  JoinsAll() {
    try {
      for (int I = 0; I < 4; ++I)
        Threads.emplace_back(work);
    } catch (...) {
      joinAll();
      throw;
    }
  }
  ~JoinsAll() { joinAll(); }

private:
  void joinAll() {
    for (std::thread &T : Threads)
      if (T.joinable())
        T.join();
  }
  std::vector<std::thread> Threads;
};

class DetachesInConstructor {
public:
  DetachesInConstructor() : Worker(work) { Worker.detach(); }

private:
  std::thread Worker;
};

class UsesJThread {
public:
  UsesJThread() : Worker([] { work(); }) {}

private:
  std::jthread Worker;
};

class NeverStarted {
  std::thread Worker;
};

class DestructorElsewhere {
public:
  DestructorElsewhere() : Worker(work) {}
  ~DestructorElsewhere();

private:
  std::thread Worker;
};

class Singleton {
public:
  static Singleton &instance() {
    static Singleton Instance;
    return Instance;
  }

private:
  Singleton() : Worker(work) {}
  std::thread Worker;
};

class RawPointerNotDeleted {
public:
  void start() { Worker = new std::thread(work); }

private:
  std::thread *Worker = nullptr;
};

class MovesItAway {
public:
  MovesItAway() : Worker(work) {}
  std::thread release() { return std::move(Worker); }

private:
  std::thread Worker;
};

class SharedThread {
public:
  void start() { Worker = std::make_shared<std::thread>(work); }

private:
  std::shared_ptr<std::thread> Worker;
};

struct PlainHolder {
  std::thread Worker;
};
void joinedByItsUser() {
  PlainHolder H;
  H.Worker = std::thread(work);
  H.Worker.join();
}
