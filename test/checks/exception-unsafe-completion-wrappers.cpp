// RUN: %check_clang_tidy -std=c++20-or-later %s threadleak-exception-unsafe-completion %t -- -- -pthread

// Threads started through thread wrappers: the wrapper's argument is the
// thread body, and a completion signal it skips on an exception is reported
// as in a thread started directly. Each positive has its correct form
// beside it.

#include <exception>
#include <functional>
#include <future>
#include <latch>
#include <pthread.h>
#include <string>
#include <thread>
#include <utility>
#include <vector>

void parse(const std::string &File);
void log(const char *What);
int compute();

// Runs a callable on a detached pthread, through a trampoline.
class Thread {
public:
  explicit Thread(std::function<void()> Fn) : Body(std::move(Fn)) {
    pthread_t Handle;
    pthread_create(&Handle, nullptr, &Thread::trampoline, this);
    pthread_detach(Handle);
  }

private:
  static void *trampoline(void *Self) {
    static_cast<Thread *>(Self)->Body();
    return nullptr;
  }
  std::function<void()> Body;
};

void inBackground(std::function<void()> Fn) {
  std::thread(std::move(Fn)).detach();
}

// ===== Positives =====

void parseInBackground(const std::string &File) {
  std::latch Done(1);
  Thread T([&Done, File] {
    try {
      parse(File);
      Done.count_down();
      // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: completion signal 'count_down' on 'Done' is skipped when 'parse' throws: the exception is caught and the thread goes on, and whoever waits for 'Done' then waits forever (or until its own timeout) [threadleak-exception-unsafe-completion]
    } catch (const std::exception &E) {
      log(E.what());
    }
  });
  Done.wait();
}

std::future<int> computeLater() {
  auto Result = std::make_shared<std::promise<int>>();
  std::future<int> F = Result->get_future();
  inBackground([Result] {
    try {
      Result->set_value(compute());
      // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: completion signal 'set_value' on 'Result' is skipped when 'compute' throws: the exception is caught and the thread goes on, and whoever waits for 'Result' then waits forever (or until its own timeout) [threadleak-exception-unsafe-completion]
    } catch (...) {
      log("compute failed");
    }
  });
  return F;
}

// ===== Hard negatives =====

void parseInBackgroundSafely(const std::string &File) {
  std::latch Done(1);
  Thread T([&Done, File] {
    try {
      parse(File);
    } catch (const std::exception &E) {
      log(E.what());
    }
    Done.count_down();
  });
  Done.wait();
}

std::future<int> computeLaterSafely() {
  auto Result = std::make_shared<std::promise<int>>();
  std::future<int> F = Result->get_future();
  inBackground([Result] {
    try {
      Result->set_value(compute());
    } catch (...) {
      Result->set_exception(std::current_exception());
    }
  });
  return F;
}

// A callable that is stored and run on the caller's thread: no thread, and
// the caller sees the exception's effects itself.
class Deferred {
public:
  explicit Deferred(std::function<void()> Fn) : Body(std::move(Fn)) {}
  void run() { Body(); }

private:
  std::function<void()> Body;
};

void parseNow(const std::string &File) {
  std::latch Done(1);
  Deferred D([&Done, File] {
    try {
      parse(File);
      Done.count_down();
    } catch (const std::exception &E) {
      log(E.what());
    }
  });
  D.run();
}
