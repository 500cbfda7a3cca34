// RUN: %check_clang_tidy -std=c++17-or-later %s threadleak-infinite-loop-without-cancellation %t -- -- -pthread

#include <array>
#include <atomic>
#include <functional>
#include <pthread.h>
#include <thread>
#include <utility>

void tick();
std::atomic<bool> Stop{false};

// ===== pthread_create with a captureless lambda as the start routine =====

void lambdaRoutine() {
  pthread_t T;
  pthread_create(&T, nullptr, [](void *) -> void * {
    for (;;)
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits and checks no stop token or stop flag: the thread running it can never finish or be stopped, so it leaks [threadleak-infinite-loop-without-cancellation]
      // CHECK-NOTES: :[[@LINE-3]]:3: note: thread started here
      tick();
  }, nullptr);
  pthread_join(T, nullptr);
}

void lambdaRoutineStops() {
  pthread_t T;
  pthread_create(&T, nullptr, [](void *) -> void * {
    for (;;) {
      if (Stop)
        break;
      tick();
    }
    return nullptr;
  }, nullptr);
  Stop = true;
  pthread_join(T, nullptr);
}

void lambdaRoutineCancellable() {
  pthread_t T;
  pthread_create(&T, nullptr, [](void *) -> void * {
    for (;;) {
      pthread_testcancel();
      tick();
    }
  }, nullptr);
  pthread_cancel(T);
  pthread_join(T, nullptr);
}

void unaryPlusRoutine() {
  pthread_t T;
  pthread_create(&T, nullptr, +[](void *) -> void * {
    while (true)
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits and checks no stop token or stop flag: the thread running it can never finish or be stopped, so it leaks [threadleak-infinite-loop-without-cancellation]
      // CHECK-NOTES: :[[@LINE-3]]:3: note: thread started here
      tick();
  }, nullptr);
  pthread_join(T, nullptr);
}

void unaryPlusRoutineReturns() {
  pthread_t T;
  pthread_create(&T, nullptr, +[](void *) -> void * {
    tick();
    return nullptr;
  }, nullptr);
  pthread_join(T, nullptr);
}

void storedRoutine() {
  auto Routine = [](void *) -> void * {
    for (;;)
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits and checks no stop token or stop flag: the thread running it can never finish or be stopped, so it leaks [threadleak-infinite-loop-without-cancellation]
      // CHECK-NOTES: :[[@LINE+4]]:3: note: thread started here
      tick();
  };
  pthread_t T;
  pthread_create(&T, nullptr, Routine, nullptr);
  pthread_join(T, nullptr);
}

void storedRoutineStops() {
  auto Routine = [](void *) -> void * {
    while (!Stop)
      tick();
    return nullptr;
  };
  pthread_t T;
  pthread_create(&T, nullptr, Routine, nullptr);
  Stop = true;
  pthread_join(T, nullptr);
}

// A thread class whose pthread trampoline is a lambda: the callers' bodies
// are the thread bodies.
class LambdaThread {
public:
  explicit LambdaThread(std::function<void()> Fn) : Body(std::move(Fn)) {
    pthread_create(&Tid, nullptr, [](void *Self) -> void * {
      static_cast<LambdaThread *>(Self)->Body();
      return nullptr;
    }, this);
  }
  ~LambdaThread() { pthread_join(Tid, nullptr); }

private:
  std::function<void()> Body;
  pthread_t Tid{};
};

void useLambdaThread() {
  LambdaThread Poller([] {
    for (;;)
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits and checks no stop token or stop flag: the thread running it can never finish or be stopped, so it leaks [threadleak-infinite-loop-without-cancellation]
      // CHECK-NOTES: :[[@LINE-3]]:16: note: thread started here
      tick();
  });
  LambdaThread Once([] { tick(); });
  LambdaThread Stoppable([] {
    for (;;) {
      if (Stop)
        break;
      tick();
    }
  });
  Stop = true;
}

// ===== function pointers and std::functions assigned from ?: or a table =====

void pollUart() {
  for (;;)
    // CHECK-NOTES: :[[@LINE-1]]:3: warning: loop never exits and checks no stop token or stop flag: the thread running it can never finish or be stopped, so it leaks [threadleak-infinite-loop-without-cancellation]
    // CHECK-NOTES: :[[@LINE+10]]:22: note: 'pollUart' runs on the thread started here
    tick();
}
void pollSpi() { tick(); }
void pollI2c() { tick(); }

struct Device {
  void (*Poll)() = nullptr;
  std::thread T;
  void init(bool Uart) { Poll = Uart ? pollUart : pollSpi; }
  void start() { T = std::thread([this] { Poll(); }); }
  ~Device() { T.join(); }
};

struct QuietDevice {
  void (*Poll)() = nullptr;
  std::thread T;
  void init(bool Spi) { Poll = Spi ? pollSpi : pollI2c; }
  void start() { T = std::thread([this] { Poll(); }); }
  ~QuietDevice() { T.join(); }
};

void pollCan() {
  while (true)
    // CHECK-NOTES: :[[@LINE-1]]:3: warning: loop never exits and checks no stop token or stop flag: the thread running it can never finish or be stopped, so it leaks [threadleak-infinite-loop-without-cancellation]
    // CHECK-NOTES: :[[@LINE+8]]:22: note: 'pollCan' runs on the thread started here
    tick();
}

struct FunctionDevice {
  std::function<void()> Poll;
  std::thread T;
  void init(bool Can) { Poll = Can ? pollCan : pollSpi; }
  void start() { T = std::thread([this] { Poll(); }); }
  ~FunctionDevice() { T.join(); }
};

struct QuietFunctionDevice {
  std::function<void()> Poll;
  std::thread T;
  void init(bool Spi) { Poll = Spi ? pollSpi : pollI2c; }
  void start() { T = std::thread([this] { Poll(); }); }
  ~QuietFunctionDevice() { T.join(); }
};

using PollFn = void (*)();

void pollUsb() {
  for (;;)
    // CHECK-NOTES: :[[@LINE-1]]:3: warning: loop never exits and checks no stop token or stop flag: the thread running it can never finish or be stopped, so it leaks [threadleak-infinite-loop-without-cancellation]
    // CHECK-NOTES: :[[@LINE+12]]:22: note: 'pollUsb' runs on the thread started here
    tick();
}

// Nested, in parentheses, through a cast.
struct NestedDevice {
  PollFn Poll = nullptr;
  std::thread T;
  void init(int Kind) {
    Poll = Kind == 0 ? pollSpi
                     : (Kind == 1 ? static_cast<PollFn>(pollUsb) : &pollI2c);
  }
  void start() { T = std::thread([this] { Poll(); }); }
  ~NestedDevice() { T.join(); }
};

struct QuietNestedDevice {
  PollFn Poll = nullptr;
  std::thread T;
  void init(int Kind) {
    Poll = Kind == 0 ? pollSpi
                     : (Kind == 1 ? static_cast<PollFn>(pollI2c) : &pollI2c);
  }
  void start() { T = std::thread([this] { Poll(); }); }
  ~QuietNestedDevice() { T.join(); }
};

void pollEth() {
  for (;;)
    // CHECK-NOTES: :[[@LINE-1]]:3: warning: loop never exits and checks no stop token or stop flag: the thread running it can never finish or be stopped, so it leaks [threadleak-infinite-loop-without-cancellation]
    // CHECK-NOTES: :[[@LINE+12]]:22: note: 'pollEth' runs on the thread started here
    tick();
}

// An element of a constant table of drivers.
static const PollFn Drivers[] = {pollSpi, pollEth};
static const PollFn QuietDrivers[] = {pollSpi, &pollI2c};

struct TableDevice {
  PollFn Poll = nullptr;
  std::thread T;
  void init(int Kind) { Poll = Drivers[Kind]; }
  void start() { T = std::thread([this] { Poll(); }); }
  ~TableDevice() { T.join(); }
};

struct QuietTableDevice {
  PollFn Poll = nullptr;
  std::thread T;
  void init(int Kind) { Poll = QuietDrivers[Kind]; }
  void start() { T = std::thread([this] { Poll(); }); }
  ~QuietTableDevice() { T.join(); }
};

void pollPcie() {
  while (true)
    // CHECK-NOTES: :[[@LINE-1]]:3: warning: loop never exits and checks no stop token or stop flag: the thread running it can never finish or be stopped, so it leaks [threadleak-infinite-loop-without-cancellation]
    // CHECK-NOTES: :[[@LINE+11]]:22: note: 'pollPcie' runs on the thread started here
    tick();
}

constexpr std::array<PollFn, 2> Buses = {pollPcie, pollSpi};
constexpr std::array<PollFn, 2> QuietBuses = {pollI2c, pollSpi};

struct ArrayDevice {
  std::function<void()> Poll;
  std::thread T;
  void init(int Kind) { Poll = Buses[Kind]; }
  void start() { T = std::thread([this] { Poll(); }); }
  ~ArrayDevice() { T.join(); }
};

struct QuietArrayDevice {
  std::function<void()> Poll;
  std::thread T;
  void init(int Kind) { Poll = QuietBuses[Kind]; }
  void start() { T = std::thread([this] { Poll(); }); }
  ~QuietArrayDevice() { T.join(); }
};
