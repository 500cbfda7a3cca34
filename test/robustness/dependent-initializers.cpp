// Member initializers of class templates that stay dependent: clang keeps
// `Callback(Cb)` and `Callback(0)` as a ParenListExpr without a type until
// instantiation. The index reads every member initializer for the callables
// it stores (a std::function, a function or member function pointer), and
// must not ask such an expression for its type. Reduced from dlib's
// member_function_pointer (concurrentqueue's benchmarks), where it crashed.
//
// RUN: %no_crash -- %threadleak_tidy --config={} '-checks=-*,threadleak-*' %s \
// RUN:   -- -std=c++17 -pthread | FileCheck %s --allow-empty
// CHECK-NOT: warning:

#include <functional>
#include <thread>

template <typename P1> class MemberFunctionPointer {
  class Base {
  public:
    Base(void *Object) : Object(Object) {}
    virtual ~Base() {}
    virtual void call(P1) const = 0;
    void *const Object;
  };

  template <typename T> class Impl : public Base {
  public:
    typedef void (T::*Method)(P1);
    Impl(void *Object, Method Cb) : Base(Object), Callback(Cb) {}
    void call(P1 A) const override {
      (static_cast<T *>(this->Object)->*Callback)(A);
    }
    const Method Callback;
  };

  template <typename T> class Null : public Base {
  public:
    typedef void (T::*Method)(P1);
    Null(void *, Method) : Base(0), Callback(0) {}
    void call(P1) const override {}
    const Method Callback;
  };
};

template <typename F> class Task {
public:
  template <typename G> explicit Task(G &&Fn) : Body(std::forward<G>(Fn)), Pointer(Fn) {}
  std::function<F> Body;
  F *Pointer;
};

template <typename T> class Worker {
public:
  explicit Worker(T Fn) : Body(Fn), Thread([this] { Body(); }) {}
  ~Worker() { Thread.join(); }
  std::function<void()> Body;
  std::thread Thread;
};
