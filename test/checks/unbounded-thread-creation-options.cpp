// RUN: %check_clang_tidy -std=c++17 -check-suffixes=,LOW %s threadleak-unbounded-thread-creation %t -- -config="{CheckOptions: {threadleak-unbounded-thread-creation.MaxThreadsPerLoop: 2, ReportFixedThreadCounts: true}}"
// RUN: %check_clang_tidy -std=c++17 -check-suffixes=,HIGH %s threadleak-unbounded-thread-creation %t -- -config="{CheckOptions: {threadleak-unbounded-thread-creation.MaxThreadsPerLoop: 128, ReportFixedThreadCounts: true}}"
// RUN: %check_clang_tidy -std=c++17 -check-suffixes=DEFAULT %s threadleak-unbounded-thread-creation %t -- -config="{CheckOptions: {threadleak-unbounded-thread-creation.MaxThreadsPerLoop: 2}}"

// MaxThreadsPerLoop: with ReportFixedThreadCounts, constant trip counts up
// to it are not reported. Without that option (the DEFAULT line) no count
// the program fixes is reported, whatever MaxThreadsPerLoop.

#include <thread>
#include <vector>

void work(int I);

void four() {
  std::vector<std::thread> Threads;
  for (int I = 0; I < 4; ++I)
    Threads.emplace_back(work, I);
  // CHECK-MESSAGES-LOW: :[[@LINE-1]]:13: warning: thread started 4 times by this loop, more than MaxThreadsPerLoop (2), with nothing bounding how many run at once [threadleak-unbounded-thread-creation]
  for (auto &T : Threads)
    T.join();
}

void hundred() {
  for (int I = 0; I < 100; ++I)
    std::thread(work, I).detach();
  // CHECK-MESSAGES-LOW: :[[@LINE-1]]:5: warning: thread started 100 times by this loop, more than MaxThreadsPerLoop (2), with nothing bounding how many run at once [threadleak-unbounded-thread-creation]
}

// Nested constant loops multiply: 16 x 16.
void grid() {
  for (int Row = 0; Row < 16; ++Row)
    for (int Col = 0; Col < 16; ++Col)
      std::thread(work, Row * 16 + Col).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: thread started 256 times by this loop, more than MaxThreadsPerLoop ({{2|128}}), with nothing bounding how many run at once [threadleak-unbounded-thread-creation]
  // CHECK-MESSAGES: :[[@LINE-4]]:3: note: in this loop
}

// A count the program chooses: with ReportFixedThreadCounts, whatever
// MaxThreadsPerLoop.
void runtime(int N) {
  for (int I = 0; I < N; ++I)
    std::thread(work, I).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread started once per iteration up to 'N' with nothing bounding how many run at once: under load the threads exhaust memory and the process's thread limit [threadleak-unbounded-thread-creation]
}
