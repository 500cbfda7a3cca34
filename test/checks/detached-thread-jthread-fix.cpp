// RUN: %check_clang_tidy -std=c++20-or-later -fix-notes %s threadleak-detached-thread %t -- -- -pthread

// The rewrite on the note: a local std::thread running a parameterless
// lambda whose own loop runs forever becomes a std::jthread whose loop ends
// on its stop token, and the detach goes (the jthread's destructor requests
// stop and joins). Offered only where that is mechanical and safe.

#include <condition_variable>
#include <mutex>
#include <thread>

void tick();

void plainLoop() {
  std::thread Worker([] {
    while (true) {
      tick();
    }
  });
  Worker.detach();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: detached thread can never finish: it loops forever
  // CHECK-NOTES: :[[@LINE-6]]:5: note: the thread loops forever here
  // CHECK-NOTES: :[[@LINE-8]]:15: note: thread started here
  // CHECK-NOTES: :[[@LINE-9]]:15: note: use std::jthread and end the loop with its stop token; the owner then requests stop and joins when the thread object goes out of scope
  // CHECK-FIXES:      std::jthread Worker([](std::stop_token StopToken) {
  // CHECK-FIXES-NEXT:   while (!StopToken.stop_requested()) {
  // CHECK-FIXES-NEXT:     tick();
  // CHECK-FIXES-NEXT:   }
  // CHECK-FIXES-NEXT: });
  // CHECK-FIXES-NEXT: {{^}}  //{{$}}
}

void forLoopWithCaptures() {
  int Count = 0;
  std::thread Counter([&]() {
    for (;;)
      ++Count;
  });
  Counter.detach();
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: detached thread can never finish: it loops forever
  // CHECK-NOTES: :[[@LINE-5]]:5: note: the thread loops forever here
  // CHECK-NOTES: :[[@LINE-7]]:15: note: thread started here
  // CHECK-NOTES: :[[@LINE-8]]:15: note: use std::jthread and end the loop with its stop token
  // CHECK-FIXES:      std::jthread Counter([&](std::stop_token StopToken) {
  // CHECK-FIXES-NEXT:   for (; !StopToken.stop_requested();)
  // CHECK-FIXES-NEXT:     ++Count;
  // CHECK-FIXES-NEXT: });
  // CHECK-FIXES-NEXT: {{^}}  //{{$}}
}

void doWhile() {
  std::thread Worker([] {
    do {
      tick();
    } while (1);
  });
  Worker.detach();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: detached thread can never finish: it loops forever
  // CHECK-NOTES: :[[@LINE-6]]:5: note: the thread loops forever here
  // CHECK-NOTES: :[[@LINE-8]]:15: note: thread started here
  // CHECK-NOTES: :[[@LINE-9]]:15: note: use std::jthread and end the loop with its stop token
  // CHECK-FIXES:      } while (!StopToken.stop_requested());
}

// No fix: the loop blocks on a condition variable a stop request cannot
// wake, so the jthread's destructor would hang in join.
std::mutex M;
std::condition_variable CV;
bool Ready = false;
void blockingLoop() {
  std::thread Worker([] {
    while (true) {
      std::unique_lock<std::mutex> Lock(M);
      CV.wait(Lock);
    }
  });
  Worker.detach();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: detached thread can never finish: it loops forever
  // CHECK-NOTES: :[[@LINE-7]]:5: note: the thread loops forever here
  // CHECK-NOTES: :[[@LINE-9]]:15: note: thread started here
  // CHECK-FIXES:      std::thread Worker([] {
}

// No fix: the loop is in a callee, not in the lambda.
void spin() {
  while (true)
    tick();
}
void loopInCallee() {
  std::thread Worker([] { spin(); });
  Worker.detach();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: detached thread can never finish: it loops forever
  // CHECK-NOTES: :[[@LINE-7]]:3: note: loops forever here, in 'spin' called from the thread
  // CHECK-NOTES: :[[@LINE-4]]:15: note: thread started here
  // CHECK-FIXES:      std::thread Worker([] { spin(); });
}

// No fix: `auto` names no type to change.
void autoVariable() {
  auto Worker = std::thread([] {
    while (true)
      tick();
  });
  Worker.detach();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: detached thread can never finish: it loops forever
  // CHECK-NOTES: :[[@LINE-5]]:5: note: the thread loops forever here
  // CHECK-NOTES: :[[@LINE-7]]:17: note: thread started here
}

// Hard negative: a detached jthread whose body consults its token.
void jthreadObservesToken() {
  std::jthread Worker([](std::stop_token Token) {
    while (true) {
      if (Token.stop_requested())
        return;
      tick();
    }
  });
  Worker.detach();
}

// Hard negative: the fixed shape itself is not reported again.
void alreadyFixed() {
  std::jthread Worker([](std::stop_token StopToken) {
    while (!StopToken.stop_requested())
      tick();
  });
}
