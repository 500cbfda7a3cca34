// RUN: %check_clang_tidy -std=c++20-or-later %s threadleak-exception-unsafe-completion %t -- -- -pthread
// RUN: %check_clang_tidy -std=c++20 -check-suffixes=ENV %s threadleak-exception-unsafe-completion %t -- \
// RUN:   -config="{CheckOptions: {ReportEnvironmentFailures: true}}" -- -pthread

// Which exceptions skip a completion signal follows the reporting policy
// (docs/analysis.md, "What is reported"): bad input (a throw of the
// project's code) by default; a broken invariant (a throw of
// std::logic_error itself) or a library misused (at()) only with
// ReportEnvironmentFailures.

#include <latch>
#include <stdexcept>
#include <thread>
#include <vector>

void checkInvariant(bool Ok) {
  if (!Ok)
    throw std::logic_error("broken");
}
void parse(int V) {
  if (V < 0)
    throw std::invalid_argument("negative");
}

void invariantSkipsCountDown(std::latch &Done, bool Ok) {
  std::thread([&Done, Ok] {
    try {
      checkInvariant(Ok);
      Done.count_down();
      // CHECK-MESSAGES-ENV: :[[@LINE-1]]:12: warning: completion signal 'count_down' on 'Done' is skipped when 'checkInvariant' throws: the exception is caught and the thread goes on, and whoever waits for 'Done' then waits forever (or until its own timeout) [threadleak-exception-unsafe-completion]
    } catch (const std::exception &) {
    }
  }).detach();
}

void inputSkipsCountDown(std::latch &Done, int V) {
  std::thread([&Done, V] {
    try {
      parse(V);
      Done.count_down();
      // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: completion signal 'count_down' on 'Done' is skipped when 'parse' throws: the exception is caught and the thread goes on, and whoever waits for 'Done' then waits forever (or until its own timeout) [threadleak-exception-unsafe-completion]
      // CHECK-MESSAGES-ENV: :[[@LINE-2]]:12: warning: completion signal 'count_down' on 'Done' is skipped when 'parse' throws: the exception is caught and the thread goes on, and whoever waits for 'Done' then waits forever (or until its own timeout) [threadleak-exception-unsafe-completion]
      // CHECK-MESSAGES: :[[@LINE-4]]:7: note: 'parse' may throw here
    } catch (const std::exception &) {
    }
  }).detach();
}

// With the option, the first throw is at(); by default parse's.
void vectorAtSkipsCountDown(std::latch &Done, const std::vector<int> &Values) {
  std::thread([&Done, &Values] {
    try {
      parse(Values.at(3));
      Done.count_down();
      // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: completion signal 'count_down' on 'Done' is skipped when 'parse' throws: the exception is caught and the thread goes on, and whoever waits for 'Done' then waits forever (or until its own timeout) [threadleak-exception-unsafe-completion]
      // CHECK-MESSAGES-ENV: :[[@LINE-2]]:12: warning: completion signal 'count_down' on 'Done' is skipped when 'at' throws: the exception is caught and the thread goes on, and whoever waits for 'Done' then waits forever (or until its own timeout) [threadleak-exception-unsafe-completion]
    } catch (const std::out_of_range &) {
    }
  }).detach();
}
