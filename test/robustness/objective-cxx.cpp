// Objective-C++: message sends, captured self, blocks (one of them
// recursive), @autoreleasepool, @try/@catch/@throw and @synchronized inside
// thread bodies. The checks must run without crashing and still see the
// leaks in methods.
//
// RUN: %no_crash -- %threadleak_tidy --config={} '-checks=-*,threadleak-*' %s \
// RUN:   -- -x objective-c++ -std=c++20 -fblocks -fobjc-exceptions -pthread | FileCheck %s
// RUN: %no_crash -- %clang_tidy --load=%plugin --config={} '-checks=-*,threadleak-*' %s \
// RUN:   -- -x objective-c++ -std=c++20 -fblocks -fobjc-exceptions -pthread %libcxx_flags \
// RUN:   | FileCheck %s

#include <thread>

// CHECK: :[[@LINE+1]]:51: warning: {{.*}} [threadleak-detached-thread]
void sentinel() { std::thread([] { for (;;) {} }).detach(); }

// No Foundation on the machine: a root class of our own.
__attribute__((objc_root_class))
@interface Worker
- (void)spin;
- (void)startFrom:(Worker *)Other;
@end

@implementation Worker
- (void)spin {
  // A thread body that sends messages, captured self and all.
  // CHECK: :[[@LINE+1]]:49: warning: {{.*}} [threadleak-detached-thread]
  std::thread([self] { for (;;) [self spin]; }).detach();
}
- (void)startFrom:(Worker *)Other {
  std::thread([Other] {
    @autoreleasepool {
      while (true) [Other startFrom:Other];
    }
  }).detach();
}
@end

// A block as the thread body, and a block that calls itself.
void startBlock() {
  void (^Spin)(void) = ^{ for (;;) {} };
  std::thread(Spin).detach();
  __block void (^Again)(void) = ^{ Again(); };
  std::thread([] (void (^B)(void)) { B(); }, Again).detach();
}

// Objective-C exceptions inside the loop.
void startTry(Worker *W) {
  std::thread([W] {
    for (;;) {
      @try {
        [W spin];
      } @catch (id E) {
        @throw;
      } @finally {
      }
    }
  }).detach();
}

// @synchronized around the loop.
void startSynchronized(Worker *W) {
  std::thread([W] { @synchronized(W) { for (;;) {} } }).detach();
}
