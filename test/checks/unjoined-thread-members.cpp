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

// ===== Detached threads that outlive what they use =====

class Simulator {
public:
  void onStateChange() {
    std::thread([this] { step(); }).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: detached thread uses 'this' of 'Simulator', whose implicit destructor does not wait for it: the thread may use the object after it is destroyed; keep the thread and join it in the destructor, or let the thread own the object through a std::shared_ptr [threadleak-unjoined-thread]
    // CHECK-MESSAGES: :[[@LINE-2]]:18: note: the thread gets 'this' here
  }

private:
  void step() { ++Steps; }
  int Steps = 0;
};

class Exporter {
public:
  void start() {
    std::thread T(&Exporter::exportOnce, this);
    T.detach();
  }
  ~Exporter() { Closed = true; }
  // CHECK-MESSAGES: :[[@LINE-3]]:7: warning: detached thread uses 'this' of 'Exporter', whose destructor does not wait for it: the thread may use the object after it is destroyed; keep the thread and join it in the destructor, or let the thread own the object through a std::shared_ptr [threadleak-unjoined-thread]
  // CHECK-MESSAGES: :[[@LINE-5]]:42: note: the thread gets 'this' here
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: the destructor of 'Exporter' neither joins nor waits for the thread

private:
  void exportOnce() {}
  bool Closed = false;
};

void launchWithLocal() {
  int Counter = 0;
  std::thread([&Counter] { ++Counter; }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:42: warning: detached thread uses 'Counter', a local of 'launchWithLocal', by reference, and nothing makes 'launchWithLocal' wait for the thread: it may use 'Counter' after 'launchWithLocal' returns; pass it by value, or join the thread before returning [threadleak-unjoined-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:17: note: 'Counter' is passed to the thread by reference here
}

void launchWithRef() {
  std::vector<int> Data;
  std::thread T([](std::vector<int> &D) { D.clear(); }, std::ref(Data));
  T.detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: detached thread uses 'Data', a local of 'launchWithRef', by reference, and nothing makes 'launchWithRef' wait for the thread: it may use 'Data' after 'launchWithRef' returns; pass it by value, or join the thread before returning [threadleak-unjoined-thread]
  // CHECK-MESSAGES: :[[@LINE-3]]:57: note: 'Data' is passed to the thread by reference here
}

// ===== Detached threads: not reported =====

class WaitsInDestructor {
public:
  void start() {
    std::thread([this] {
      std::lock_guard<std::mutex> Lock(M);
      Done = true;
      Cv.notify_one();
    }).detach();
  }
  ~WaitsInDestructor() {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Done; });
  }

private:
  std::mutex M;
  std::condition_variable Cv;
  bool Done = false;
};

class SharedSelf : public std::enable_shared_from_this<SharedSelf> {
public:
  void start() {
    std::thread([Self = shared_from_this()] { Self->step(); }).detach();
  }
  void step() {}
};

class KeepsAliveByCopy {
public:
  void start(std::shared_ptr<KeepsAliveByCopy> Self) {
    std::thread([this, Self] { step(); }).detach();
  }
  void step() {}
};

void byValue() {
  int Counter = 0;
  std::thread([Counter] { (void)Counter; }).detach();
}

void launcherWaits() {
  std::mutex M;
  std::condition_variable Cv;
  bool Done = false;
  std::thread([&] {
    std::lock_guard<std::mutex> Lock(M);
    Done = true;
    Cv.notify_one();
  }).detach();
  std::unique_lock<std::mutex> Lock(M);
  Cv.wait(Lock, [&] { return Done; });
}

class Daemon {
public:
  static Daemon &instance() {
    static Daemon D;
    return D;
  }
  void start() {
    std::thread([this] { tick(); }).detach();
  }

private:
  void tick() {}
};
