// RUN: %check_clang_tidy -std=c++20 %s threadleak-exception-unsafe-completion %t -- -- -pthread

// The notes: what may throw, where the exception goes, where the signal is
// when it is reached through a call, and the guard to add.

#include <condition_variable>
#include <future>
#include <latch>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

void work();
int compute();

class App {
public:
  std::future<void> runAsync() {
    return std::async(std::launch::async, [&] { this->run(); });
  }

private:
  void validate() {
    if (Routes.empty())
      throw std::runtime_error("no routes");
  }
  void run() {
    validate();
    notifyServerStart();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: the call to 'notifyServerStart', which signals completion (the write of 'ServerStarted' and its notify), is skipped when 'validate' throws: std::async stores the exception in the future, and whoever waits for 'ServerStarted' then waits forever (or until its own timeout) [threadleak-exception-unsafe-completion]
    // CHECK-NOTES: :[[@LINE-3]]:5: note: 'validate' may throw here
    // CHECK-NOTES: :[[@LINE-13]]:12: note: the thread is started by std::async here
    // CHECK-NOTES: :[[@LINE+6]]:19: note: completion is signalled here
    // CHECK-NOTES: :[[@LINE-5]]:5: note: signal in a destructor so that every path signals: a scope guard or a small RAII struct whose destructor calls 'notifyServerStart', created before the work
    serve();
  }
  void notifyServerStart() {
    std::unique_lock<std::mutex> L(StartMutex);
    ServerStarted = true;
    Started.notify_all();
  }
  void serve();
  std::vector<std::string> Routes;
  std::mutex StartMutex;
  std::condition_variable Started;
  bool ServerStarted = false;
};

void promise(std::promise<int> &P) {
  std::thread T([&P] {
    try {
      P.set_value(compute());
      // CHECK-NOTES: :[[@LINE-1]]:9: warning: completion signal 'set_value' on 'P' is skipped when 'compute' throws: the exception is caught and the thread goes on, and whoever waits for 'P' then waits forever (or until its own timeout) [threadleak-exception-unsafe-completion]
      // CHECK-NOTES: :[[@LINE-2]]:19: note: 'compute' may throw here
      // CHECK-NOTES: :[[@LINE+2]]:7: note: the exception is caught here, after the signal was skipped
      // CHECK-NOTES: :[[@LINE-4]]:9: note: set the promise on every path: catch (...) { P.set_exception(std::current_exception()); } around the work
    } catch (const std::invalid_argument &) {
    }
  });
  T.join();
}

void thrown(std::latch &L, bool Ok) {
  std::thread T([&] {
    try {
      if (!Ok)
        throw std::runtime_error("bad input");
      L.count_down();
      // CHECK-NOTES: :[[@LINE-1]]:9: warning: completion signal 'count_down' on 'L' is skipped by the throw: the exception is caught and the thread goes on
      // CHECK-NOTES: :[[@LINE-3]]:9: note: the exception is thrown here
      // CHECK-NOTES: :[[@LINE+2]]:7: note: the exception is caught here, after the signal was skipped
      // CHECK-NOTES: :[[@LINE-4]]:9: note: signal in a destructor so that every path signals: a scope guard or a small RAII struct whose destructor calls 'count_down' on 'L', created before the work
    } catch (...) {
    }
  });
  T.join();
}
