// RUN: %check_clang_tidy -std=c++20-or-later -fix-notes %s threadleak-infinite-loop-without-cancellation %t -- -- -pthread

// With a std::stop_token in scope, a note offers to end the loop with it.

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>

void tick();
void step(std::stop_token);

void whileTrue() {
  std::jthread T([](std::stop_token St) {
    while (true) {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits and checks no stop token or stop flag: the thread running it can never finish or be stopped, so it leaks [threadleak-infinite-loop-without-cancellation]
      // CHECK-NOTES: :[[@LINE-3]]:16: note: thread started here
      // CHECK-NOTES: :[[@LINE-3]]:5: note: end the loop when a stop is requested through 'St'
      // CHECK-FIXES: {{^}}    while (!St.stop_requested()) {{{$}}
      tick();
    }
  });
}

void whileTrueChecked() {
  std::jthread T([](std::stop_token St) {
    while (!St.stop_requested()) {
      tick();
    }
  });
}

void pump(std::stop_token Tok) {
  for (;;)
    // CHECK-NOTES: :[[@LINE-1]]:3: warning: loop never exits
    // CHECK-NOTES: :[[@LINE+6]]:16: note: 'pump' runs on the thread started here
    // CHECK-NOTES: :[[@LINE-3]]:3: note: end the loop when a stop is requested through 'Tok'
    // CHECK-FIXES: {{^}}  for (; !Tok.stop_requested();){{$}}
    tick();
}
void forEver() {
  std::jthread T([](std::stop_token Tok) { pump(Tok); });
}

void pumpChecked(std::stop_token Tok) {
  for (;;) {
    if (Tok.stop_requested())
      return;
    tick();
  }
}
void forEverChecked() {
  std::jthread T([](std::stop_token Tok) { pumpChecked(Tok); });
}

void doWhileCaptured(std::stop_source &Source) {
  std::thread T([Tok = Source.get_token()] {
    do {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits
      // CHECK-NOTES: :[[@LINE-3]]:15: note: thread started here
      // CHECK-NOTES: :[[@LINE-3]]:5: note: end the loop when a stop is requested through 'Tok'
      tick();
    } while (true);
    // CHECK-FIXES: {{^}}    } while (!Tok.stop_requested());{{$}}
  });
  T.join();
}

void doWhileHandsTokenOn(std::stop_source &Source) {
  std::thread T([Tok = Source.get_token()] {
    do {
      step(Tok);
    } while (true);
  });
  T.join();
}

class Service {
public:
  void start() { Thread = std::jthread(&Service::run, this); }

private:
  void run() {
    while (1) {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits
      // CHECK-NOTES: :[[@LINE-6]]:27: note: thread started here
      // CHECK-NOTES: :[[@LINE-3]]:5: note: end the loop when a stop is requested through 'Token'
      // CHECK-FIXES: {{^}}    while (!Token.stop_requested()) {{{$}}
      tick();
    }
  }
  std::stop_token Token;
  std::jthread Thread;
};

void localToken(std::stop_source &Source) {
  std::thread T([&Source] {
    std::stop_token Local = Source.get_token();
    while (true) {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits
      // CHECK-NOTES: :[[@LINE-4]]:15: note: thread started here
      // CHECK-NOTES: :[[@LINE-3]]:5: note: end the loop when a stop is requested through 'Local'
      // CHECK-FIXES: {{^}}    while (!Local.stop_requested()) {{{$}}
      tick();
    }
  });
  T.join();
}

void stopCallback() {
  std::jthread T([](std::stop_token St) {
    while (true) {
      std::stop_callback OnStop(St, [] { tick(); });
      tick();
    }
  });
}

std::condition_variable_any Cv;
std::mutex M;
bool Ready = false;

void waitWithToken() {
  std::jthread T([](std::stop_token St) {
    while (true) {
      std::unique_lock<std::mutex> Lock(M);
      Cv.wait(Lock, St, [] { return Ready; });
    }
  });
}

// In a macro the loop is reported, but not rewritten.
#define LOOP_FOREVER while (true)

void macroLoop() {
  std::jthread T([](std::stop_token St) {
    LOOP_FOREVER {
      // CHECK-NOTES: :[[@LINE-1]]:5: warning: loop never exits
      // CHECK-NOTES: :[[@LINE-6]]:22: note: expanded from macro 'LOOP_FOREVER'
      // CHECK-NOTES: :[[@LINE-4]]:16: note: thread started here
      tick();
    }
  });
}

// Ending an inner loop would hand control back to the endless outer one.
void nested() {
  std::jthread T([](std::stop_token St) {
    while (true) {
      tick();
      while (true) {
        // CHECK-NOTES: :[[@LINE-1]]:7: warning: loop never exits
        // CHECK-NOTES: :[[@LINE-5]]:16: note: thread started here
        tick();
      }
    }
  });
}
