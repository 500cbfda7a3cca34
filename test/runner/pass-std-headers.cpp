// The standard library half of the matrix is real: C++20 thread headers parse
// with libstdc++ and with the fetched libc++ (LLVM 19's needs
// -fexperimental-library for std::jthread, which the runner adds), in both
// tools. bugprone-infinite-loop has no fixes, so no fix pass runs.
// UNSUPPORTED: quick, first-mode
// The default matrix runs the plugin with libstdc++ only; the second RUN
// line loads it with libc++.
// RUN: %check_clang_tidy -std=c++20-or-later %s bugprone-infinite-loop %t | FileCheck %s -check-prefix=OUT
// OUT-DAG: ok   [-std=c++20, plugin, libstdc++]
// OUT-DAG: ok   [-std=c++23, threadleak-tidy, libc++]
// OUT: bugprone-infinite-loop: 0 of 5 combinations failed
// RUN: %check_clang_tidy -std=c++20 -tool=plugin-only -stdlib=libc++-only %s bugprone-infinite-loop %t | FileCheck %s -check-prefix=PLUGIN
// PLUGIN: ok   [-std=c++20, plugin, libc++]
// PLUGIN: bugprone-infinite-loop: 0 of 1 combinations failed

#include <barrier>
#include <condition_variable>
#include <future>
#include <latch>
#include <mutex>
#include <semaphore>
#include <stop_token>
#include <thread>

void spin() {
  std::jthread worker([](std::stop_token token) {
    int i = 0;
    while (i < 10) {
      // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: this loop is infinite; none of its condition variables (i) are updated in the loop body [bugprone-infinite-loop]
      std::this_thread::yield();
    }
    (void)token.stop_requested();
  });
  std::condition_variable_any cv;
  std::counting_semaphore<2> sem(1);
  std::latch done(1);
  std::future<int> f = std::async([] { return 1; });
  (void)f.get();
}
