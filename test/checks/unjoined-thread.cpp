// RUN: %check_clang_tidy -std=c++17 %s threadleak-unjoined-thread %t -- -- -pthread
// RUN: %check_clang_tidy -std=c++20 -fix-notes -check-suffixes=,CXX20 %s threadleak-unjoined-thread %t -- -- -pthread

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <pthread.h>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

void work();
bool failed();
void mayThrow();
void quiet() noexcept;
bool quietFailure() noexcept;
extern "C" void cleanup();
void keep(std::thread &T);
int helperDefinedHere(int X) { return X + 1; }

// ===== Local threads: a path destroys them joinable =====

void earlyReturn(bool Stop) {
  std::thread T(work);
  if (Stop)
    return;
    // CHECK-MESSAGES: :[[@LINE-3]]:15: warning: thread 'T' is destroyed while still joinable when a return leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: this return destroys 'T' before it is joined
    // CHECK-MESSAGES-CXX20: :[[@LINE-5]]:3: note: use std::jthread, which joins when it is destroyed; the owner then waits for the thread to finish
    // CHECK-FIXES-CXX20: {{^}}  std::jthread T(work);{{$}}
  T.join();
}

void throwingCall() {
  std::thread T(work);
  mayThrow();
  // CHECK-MESSAGES: :[[@LINE-2]]:15: warning: thread 'T' is destroyed while still joinable when an exception leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: if this throws, the exception destroys 'T' before it is joined
  // CHECK-MESSAGES-CXX20: :[[@LINE-4]]:3: note: use std::jthread, which joins when it is destroyed; the owner then waits for the thread to finish
  // CHECK-FIXES-CXX20: {{^}}  std::jthread T(work);{{$}}
  T.join();
}

void continueInLoop() {
  for (int I = 0; I < 3; ++I) {
    std::thread T(work);
    if (I == 1)
      continue;
      // CHECK-MESSAGES: :[[@LINE-3]]:17: warning: thread 'T' is destroyed while still joinable when a continue leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
      // CHECK-MESSAGES: :[[@LINE-2]]:7: note: this continue leaves the scope of 'T' before it is joined
      // CHECK-MESSAGES-CXX20: :[[@LINE-5]]:5: note: use std::jthread, which joins when it is destroyed; the owner then waits for the thread to finish
      // CHECK-FIXES-CXX20: {{^}}    std::jthread T(work);{{$}}
    T.join();
  }
}

void breakInLoop() {
  while (true) {
    std::thread T(work);
    if (helperDefinedHere(1) > 1)
      break;
      // CHECK-MESSAGES: :[[@LINE-3]]:17: warning: thread 'T' is destroyed while still joinable when a break leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
      // CHECK-MESSAGES: :[[@LINE-2]]:7: note: this break leaves the scope of 'T' before it is joined
      // CHECK-MESSAGES-CXX20: :[[@LINE-5]]:5: note: use std::jthread, which joins when it is destroyed; the owner then waits for the thread to finish
      // CHECK-FIXES-CXX20: {{^}}    std::jthread T(work);{{$}}
    T.join();
  }
}

void neverJoined() {
  std::thread T(work);
}
// CHECK-MESSAGES: :[[@LINE-2]]:15: warning: thread 'T' goes out of scope without being joined or detached, and destroying a joinable std::thread calls std::terminate; join it before the end of its scope [threadleak-unjoined-thread]
// CHECK-MESSAGES: :[[@LINE-2]]:1: note: 'T' is destroyed here while still joinable
// CHECK-MESSAGES-CXX20: :[[@LINE-4]]:3: note: use std::jthread, which joins when it is destroyed; the owner then waits for the thread to finish
// CHECK-FIXES-CXX20: {{^}}  std::jthread T(work);{{$}}

void throwExpression(int X) {
  std::thread T(work);
  if (X < 0)
    throw std::invalid_argument("negative");
    // CHECK-MESSAGES: :[[@LINE-3]]:15: warning: thread 'T' is destroyed while still joinable when an exception leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: this throw destroys 'T' before it is joined
    // CHECK-MESSAGES-CXX20: :[[@LINE-5]]:3: note: use std::jthread, which joins when it is destroyed; the owner then waits for the thread to finish
    // CHECK-FIXES-CXX20: {{^}}  std::jthread T(work);{{$}}
  T.join();
}

void assignedLaunch(bool Stop) {
  std::thread T;
  T = std::thread(work);
  if (Stop)
    return;
    // CHECK-MESSAGES: :[[@LINE-3]]:3: warning: thread 'T' is destroyed while still joinable when a return leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: this return destroys 'T' before it is joined
  T.join();
}

void tryAroundTheThread() {
  try {
    std::thread T(work);
    mayThrow();
    // CHECK-MESSAGES: :[[@LINE-2]]:17: warning: thread 'T' is destroyed while still joinable when an exception leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: if this throws, the exception destroys 'T' before it is joined
    // CHECK-MESSAGES-CXX20: :[[@LINE-4]]:5: note: use std::jthread, which joins when it is destroyed; the owner then waits for the thread to finish
    // CHECK-FIXES-CXX20: {{^}}    std::jthread T(work);{{$}}
    T.join();
  } catch (...) {
  }
}

void handlerReturns() {
  std::thread T(work);
  try {
    mayThrow();
  } catch (...) {
    return;
    // CHECK-MESSAGES: :[[@LINE-5]]:15: warning: thread 'T' is destroyed while still joinable when a return leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: this return destroys 'T' before it is joined
    // CHECK-MESSAGES-CXX20: :[[@LINE-7]]:3: note: use std::jthread, which joins when it is destroyed; the owner then waits for the thread to finish
    // CHECK-FIXES-CXX20: {{^}}  std::jthread T(work);{{$}}
  }
  T.join();
}

#define RETURN_IF(C)                                                           \
  if (C)                                                                       \
  return
void macroReturn() {
  std::thread T(work);
  RETURN_IF(failed());
  // CHECK-MESSAGES: :[[@LINE-2]]:15: warning: thread 'T' is destroyed while still joinable when an exception leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:13: note: if this throws, the exception destroys 'T' before it is joined
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: this return destroys 'T' before it is joined
  // CHECK-MESSAGES-CXX20: :[[@LINE-5]]:3: note: use std::jthread, which joins when it is destroyed; the owner then waits for the thread to finish
  // CHECK-FIXES-CXX20: {{^}}  std::jthread T(work);{{$}}
  T.join();
}

void callback(const std::function<void()> &Done) {
  std::thread T(work);
  Done();
  // CHECK-MESSAGES: :[[@LINE-2]]:15: warning: thread 'T' is destroyed while still joinable when an exception leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
  // CHECK-MESSAGES: :[[@LINE-2]]:3: note: if this throws, the exception destroys 'T' before it is joined
  // CHECK-MESSAGES-CXX20: :[[@LINE-4]]:3: note: use std::jthread, which joins when it is destroyed; the owner then waits for the thread to finish
  // CHECK-FIXES-CXX20: {{^}}  std::jthread T(work);{{$}}
  T.join();
}

void inLambda() {
  auto Run = [](bool Stop) {
    std::thread T(work);
    if (Stop)
      return;
      // CHECK-MESSAGES: :[[@LINE-3]]:17: warning: thread 'T' is destroyed while still joinable when a return leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
      // CHECK-MESSAGES: :[[@LINE-2]]:7: note: this return destroys 'T' before it is joined
      // CHECK-MESSAGES-CXX20: :[[@LINE-5]]:5: note: use std::jthread, which joins when it is destroyed; the owner then waits for the thread to finish
      // CHECK-FIXES-CXX20: {{^}}    std::jthread T(work);{{$}}
    T.join();
  };
  Run(true);
}

template <typename F> void runTemplate(F Fn, bool Stop) {
  std::thread T(Fn);
  if (Stop)
    return;
    // CHECK-MESSAGES: :[[@LINE-3]]:15: warning: thread 'T' is destroyed while still joinable when a return leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: this return destroys 'T' before it is joined
    // CHECK-MESSAGES-CXX20: :[[@LINE-5]]:3: note: use std::jthread, which joins when it is destroyed; the owner then waits for the thread to finish
    // CHECK-FIXES-CXX20: {{^}}  std::jthread T(Fn);{{$}}
  T.join();
}
void instantiate() {
  runTemplate(work, true);
  runTemplate([] {}, false);
}

void idIsNoJoin(bool Stop) {
  std::thread T(work);
  std::thread::id Id = T.get_id();
  (void)Id;
  if (Stop)
    return;
    // CHECK-MESSAGES: :[[@LINE-5]]:15: warning: thread 'T' is destroyed while still joinable when a return leaves its scope before the join, which calls std::terminate; join it on every path (an RAII guard that joins, or catch (...) { join; throw; }) [threadleak-unjoined-thread]
    // CHECK-MESSAGES: :[[@LINE-2]]:5: note: this return destroys 'T' before it is joined
    // CHECK-MESSAGES-CXX20: :[[@LINE-7]]:3: note: use std::jthread, which joins when it is destroyed; the owner then waits for the thread to finish
    // CHECK-FIXES-CXX20: {{^}}  std::jthread T(work);{{$}}
  T.join();
}

// ===== Local threads: not reported =====

void joinedOnEveryPath(bool Stop) {
  std::thread T(work);
  if (Stop) {
    T.join();
    return;
  }
  T.join();
}

class ThreadGuard {
public:
  explicit ThreadGuard(std::thread &T) : T(T) {}
  ~ThreadGuard() {
    if (T.joinable())
      T.join();
  }

private:
  std::thread &T;
};

void raiiGuard(bool Stop) {
  std::thread T(work);
  ThreadGuard Guard(T);
  mayThrow();
  if (Stop)
    return;
}

void catchJoinRethrow() {
  std::thread T(work);
  try {
    mayThrow();
  } catch (...) {
    T.join();
    throw;
  }
  T.join();
}

template <typename F> struct ScopeExit {
  F Fn;
  ~ScopeExit() { Fn(); }
};
template <typename F> ScopeExit<F> makeScopeExit(F Fn) { return {Fn}; }

void scopeExitLambda() {
  std::thread T(work);
  auto Join = makeScopeExit([&] {
    if (T.joinable())
      T.join();
  });
  mayThrow();
}

std::vector<std::thread> Pool;
void movedIntoContainer() {
  std::thread T(work);
  Pool.push_back(std::move(T));
  mayThrow();
}

std::thread returned() {
  std::thread T(work);
  return T;
}

void handedToCaller(std::thread &Out) {
  std::thread T(work);
  Out = std::move(T);
  mayThrow();
}

void passedByReference() {
  std::thread T(work);
  keep(T);
  mayThrow();
}

void detached(bool Stop) {
  std::thread T(work);
  T.detach();
  if (Stop)
    return;
}

#if __cplusplus >= 202002L
void jthreadJoinsItself(bool Stop) {
  std::jthread T(work);
  if (Stop)
    return;
  mayThrow();
}
#endif

void nothingThrows() {
  std::thread T(work);
  quiet();
  cleanup();
  std::printf("started\n");
  std::vector<int> V;
  V.push_back(helperDefinedHere(2));
  T.join();
}

void noexceptFunction() noexcept {
  std::thread T(work);
  mayThrow();
  T.join();
}

void exitsInstead(bool Stop) {
  std::thread T(work);
  if (Stop)
    std::abort();
  if (quietFailure())
    std::exit(1);
  T.join();
}

void neverStarted(bool Stop) {
  std::thread T;
  if (Stop)
    return;
  mayThrow();
}

void twoThreads() {
  std::thread A(work);
  std::thread B(work);
  A.join();
  B.join();
}

void joinableTest(bool Stop) {
  std::thread T(work);
  if (Stop) {
    if (T.joinable())
      T.join();
    return;
  }
  T.join();
}

template <typename F> void uninstantiated(F Fn, bool Stop) {
  std::thread T(Fn);
  if (Stop)
    return;
  T.join();
}

// ===== Discarded temporaries =====

void temporaries() {
  std::thread([] { work(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: temporary std::thread is destroyed at the end of the statement while its thread still runs, which calls std::terminate; keep the thread in a variable and join it [threadleak-unjoined-thread]
  std::thread{work};
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: temporary std::thread is destroyed at the end of the statement while its thread still runs, which calls std::terminate; keep the thread in a variable and join it [threadleak-unjoined-thread]
  (void)std::thread(work);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: temporary std::thread is destroyed at the end of the statement while its thread still runs, which calls std::terminate; keep the thread in a variable and join it [threadleak-unjoined-thread]
}

#define START_AND_DROP(F) std::thread(F, 0)

template <typename F> void temporaryInTemplate(F Fn) {
  std::thread(Fn, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: temporary std::thread is destroyed at the end of the statement while its thread still runs, which calls std::terminate; keep the thread in a variable and join it [threadleak-unjoined-thread]
}
void workWith(int);
void instantiateTemporaryInTemplate() { temporaryInTemplate(workWith); }

void temporariesInOtherForms(bool Once) {
  auto Lambda = [] {
    static_cast<void>(std::thread(work));
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: temporary std::thread is destroyed at the end of the statement while its thread still runs, which calls std::terminate; keep the thread in a variable and join it [threadleak-unjoined-thread]
  };
  Lambda();
  if (Once) {
    (std::thread(work));
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: temporary std::thread is destroyed at the end of the statement while its thread still runs, which calls std::terminate; keep the thread in a variable and join it [threadleak-unjoined-thread]
  }
  START_AND_DROP(workWith);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: temporary std::thread is destroyed at the end of the statement while its thread still runs, which calls std::terminate; keep the thread in a variable and join it [threadleak-unjoined-thread]
}

void keep(std::thread T) { T.join(); }
std::thread handedBack() { return std::thread(work); }

void temporariesNotReported() {
  keep(std::thread(work));
  std::thread Other = handedBack();
  Other.join();
  std::thread(work).join();
  std::thread(work).detach();
  std::thread Kept = std::thread(work);
  Kept.join();
#if __cplusplus >= 202002L
  std::jthread([] { work(); });
#endif
}

// ===== pthread_t never joined or detached =====

void *routine(void *) { return nullptr; }
void *selfDetaching(void *) {
  pthread_detach(pthread_self());
  return nullptr;
}
void *routineElsewhere(void *);

void pthreadNeverJoined() {
  pthread_t T;
  pthread_create(&T, nullptr, routine, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread 'T' is never joined or detached: when it ends, its stack and exit status stay allocated until the process exits; call pthread_join(T, ...) or pthread_detach(T) [threadleak-unjoined-thread]
}

void pthreadInLoop() {
  for (int I = 0; I < 4; ++I) {
    pthread_t T;
    if (pthread_create(&T, nullptr, &routine, nullptr) != 0)
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: thread 'T' is never joined or detached: when it ends, its stack and exit status stay allocated until the process exits; call pthread_join(T, ...) or pthread_detach(T) [threadleak-unjoined-thread]
      return;
  }
}

void pthreadJoined() {
  pthread_t T;
  pthread_create(&T, nullptr, routine, nullptr);
  pthread_join(T, nullptr);
}

void pthreadDetached() {
  pthread_t T;
  pthread_create(&T, nullptr, routine, nullptr);
  pthread_setname_np(T, "worker");
  pthread_detach(T);
}

void pthreadSelfDetaching() {
  pthread_t T;
  pthread_create(&T, nullptr, selfDetaching, nullptr);
}

void pthreadUnknownRoutine() {
  pthread_t T;
  pthread_create(&T, nullptr, routineElsewhere, nullptr);
}

void pthreadCreatedDetached() {
  pthread_attr_t Attr;
  pthread_attr_init(&Attr);
  pthread_attr_setdetachstate(&Attr, PTHREAD_CREATE_DETACHED);
  pthread_t T;
  pthread_create(&T, &Attr, routine, nullptr);
}

std::vector<pthread_t> Handles;
void pthreadEscapes() {
  pthread_t T;
  pthread_create(&T, nullptr, routine, nullptr);
  Handles.push_back(T);
}

pthread_t pthreadReturned() {
  pthread_t T;
  pthread_create(&T, nullptr, routine, nullptr);
  return T;
}

void pthreadOutParameter(pthread_t *Out) {
  pthread_create(Out, nullptr, routine, nullptr);
}

int main() {
  pthread_t T;
  pthread_create(&T, nullptr, routine, nullptr);
  return 0;
}
