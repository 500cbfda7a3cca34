// RUN: %check_clang_tidy -std=c++17-or-later %s threadleak-blocking-wait-without-deadline %t -- -- -pthread

// A producer's wait for room in a bounded queue is woken by the consumer that
// takes an item and notifies it: the consumer makes room while it runs, and
// shutdown goes through the queue. Not reported. A consumer that takes items
// but never notifies the producer leaves it waiting: reported.

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

// A bounded queue: a producer waits for room, the consumer takes an item
// and notifies the producer; shutdown closes the queue.
template <typename T> class BoundedQueue {
public:
  explicit BoundedQueue(size_t Cap) : Cap(Cap) {}
  void push(T Item) {
    std::unique_lock<std::mutex> L(Mu);
    NotFull.wait(L, [&] { return Items.size() < Cap; });
    Items.push_back(std::move(Item));
    NotEmpty.notify_one();
  }
  bool pop(T &Out) {
    std::unique_lock<std::mutex> L(Mu);
    NotEmpty.wait(L, [&] { return Closed || !Items.empty(); });
    if (Items.empty())
      return false;
    Out = std::move(Items.front());
    Items.pop_front();
    NotFull.notify_one();
    return true;
  }
  void close() {
    std::lock_guard<std::mutex> L(Mu);
    Closed = true;
    NotEmpty.notify_all();
  }

private:
  std::mutex Mu;
  std::condition_variable NotFull, NotEmpty;
  std::deque<T> Items;
  size_t Cap;
  bool Closed = false;
};

void produceAndConsume() {
  BoundedQueue<int> Q(4);
  std::thread Consumer([&] {
    int V;
    while (Q.pop(V)) {
    }
  });
  std::thread Producer([&] {
    for (int I = 0; I < 100; ++I)
      Q.push(I);
  });
  Producer.join();
  Q.close();
  Consumer.join();
}

// The consumer takes items but never tells the producer there is room.
class LossyQueue {
public:
  void push(int Item) {
    std::unique_lock<std::mutex> L(Mu);
    NotFull.wait(L, [&] { return Items.size() < 4; });
    Items.push_back(Item);
    NotEmpty.notify_one();
  }
  bool pop(int &Out) {
    std::unique_lock<std::mutex> L(Mu);
    NotEmpty.wait(L, [&] { return Closed || !Items.empty(); });
    if (Items.empty())
      return false;
    Out = Items.front();
    Items.pop_front();
    return true;
  }
  void close() {
    std::lock_guard<std::mutex> L(Mu);
    Closed = true;
    NotEmpty.notify_all();
  }
  void reset() {
    std::lock_guard<std::mutex> L(Mu);
    NotFull.notify_all();
  }

private:
  std::mutex Mu;
  std::condition_variable NotFull, NotEmpty;
  std::deque<int> Items;
  bool Closed = false;
};

void lossy() {
  LossyQueue Q;
  std::thread Consumer([&] {
    int V;
    while (Q.pop(V)) {
    }
  });
  std::thread Producer([&] {
    for (int I = 0; I < 100; ++I)
      Q.push(I);
      // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: call to 'LossyQueue::push' can block this thread forever: it waits with no deadline and nothing wakes it for shutdown [threadleak-blocking-wait-without-deadline]
      // CHECK-MESSAGES: :[[@LINE-41]]:13: note: 'std::condition_variable::wait' waits here, in 'LossyQueue::push', with no deadline
  });
  Producer.join();
  Q.close();
  Consumer.join();
}
