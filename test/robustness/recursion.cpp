// Recursion in and under thread bodies: a body that calls itself, a pthread
// routine that is its own callee, mutual recursion of three functions and
// through virtual calls, recursion through std::function, a generic lambda
// and a template, a jthread token passed down a recursive helper, and (C++23)
// a lambda recursing through its explicit object parameter. The analysis
// follows calls from thread bodies, so each cycle must end it rather than
// loop or overflow the stack, at the default MaxCallDepth and at one far
// beyond any cycle.
//
// RUN: %no_crash -- %threadleak_tidy --config={} '-checks=-*,threadleak-*' %s \
// RUN:   -- -std=c++20 -pthread | FileCheck %s
// RUN: %no_crash -- %clang_tidy --load=%plugin --config={} '-checks=-*,threadleak-*' %s \
// RUN:   -- -std=c++23 -pthread %libcxx_flags | FileCheck %s
// RUN: %no_crash -- %threadleak_tidy '--config={CheckOptions: {MaxCallDepth: 100000}}' \
// RUN:   '-checks=-*,threadleak-*' %s -- -std=c++23 -pthread | FileCheck %s
// RUN: %no_crash -- %clang_tidy --load=%plugin '--config={CheckOptions: {MaxCallDepth: 100000}}' \
// RUN:   '-checks=-*,threadleak-*' %s -- -std=c++20 -pthread %libcxx_flags | FileCheck %s

#include <condition_variable>
#include <functional>
#include <mutex>
#include <pthread.h>
#include <thread>

// The checks must still report the plain leak.
// CHECK: :[[@LINE+1]]:51: warning: {{.*}} [threadleak-detached-thread]
void sentinel() { std::thread([] { for (;;) {} }).detach(); }

// A thread body that calls itself.
void selfCalling(int N) {
  if (N > 0)
    selfCalling(N - 1);
  selfCalling(N + 1);
}
void startSelfCalling() { std::thread(selfCalling, 3).detach(); }

// A thread routine that is its own callee, with a loop around the call.
void *selfRoutine(void *Arg) {
  for (;;)
    selfRoutine(Arg);
}
void startSelfRoutine() {
  pthread_t T;
  pthread_create(&T, nullptr, selfRoutine, nullptr);
  pthread_detach(T);
}

// Mutual recursion of three functions, each looping.
void ping(int);
void pong(int);
void pang(int X) { while (X) pong(X); }
void ping(int X) { for (;;) pang(X); }
void pong(int X) { do ping(X); while (true); }
// The cycle ends the walk with an answer: ping loops forever.
// CHECK: :[[@LINE+1]]:51: warning: {{.*}} [threadleak-detached-thread]
void startMutual() { std::thread([] { ping(1); }).detach(); }

// Mutual recursion through virtual calls: each override calls the other
// object's virtual, so the call graph through the vtable is a cycle.
struct Node {
  virtual ~Node() = default;
  virtual void visit(Node &Other) = 0;
};
struct Left : Node {
  void visit(Node &Other) override { Other.visit(*this); }
};
struct Right : Node {
  std::mutex Mu;
  std::condition_variable Cv;
  void visit(Node &Other) override {
    std::unique_lock<std::mutex> Lock(Mu);
    Cv.wait(Lock);
    Other.visit(*this);
  }
};
void startVirtual(Left &L, Right &R) {
  std::thread([&] { for (;;) L.visit(R); }).detach();
  std::thread(&Node::visit, &R, std::ref(L)).detach();
}

// Recursion through std::function and a lambda that calls itself.
void startFunction() {
  std::function<void()> Again;
  Again = [&Again] { Again(); };
  std::thread(Again).detach();
  auto Self = [](auto &Me) -> void { Me(Me); };
  std::thread([Self] { Self(Self); }).detach();
}

// A template that instantiates itself without end is an error; one that
// recurses at run time through the same instantiation is not.
template <typename T> void spinT(T V) { spinT(V + 1); }
void startTemplate() { std::thread(spinT<int>, 0).detach(); }

// std::jthread whose body passes its token down a recursive helper that
// never reads it.
void descend(std::stop_token Token, int Depth) { descend(Token, Depth + 1); }
void startJthread() {
  std::jthread J([](std::stop_token Token) { descend(Token, 0); });
  J.detach();
}

#if __cplusplus > 202002L
// C++23 explicit object parameter: the lambda recurses through itself.
void startDeducingThis() {
  std::thread([](this auto const &Self) -> void { Self(); }).detach();
}
#endif
