// Leak: a receive nobody answers. The Go original is
//
//   ch := make(chan int)
//   go func() { val := <-ch; fmt.Println(val) }()
//
// The C++ channel below can only be woken by a send: its wait predicate looks
// at the data and nothing else, and the channel cannot be closed. The reader
// is detached, so when no reply ever comes it blocks forever and keeps the
// channel alive through its shared_ptr.
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

template <typename T> class Channel {
public:
  void send(T Value) {
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      Items.push_back(std::move(Value));
    }
    Ready.notify_one();
  }

  T recv() {
    std::unique_lock<std::mutex> Lock(Mutex);
    Ready.wait(Lock, [this] { return !Items.empty(); });
    T Value = std::move(Items.front());
    Items.pop_front();
    return Value;
  }

private:
  std::mutex Mutex;
  std::condition_variable Ready;
  std::deque<T> Items;
};

void printReply(std::shared_ptr<Channel<int>> Replies) {
  std::thread([Replies] { std::printf("reply: %d\n", Replies->recv()); })
      .detach();
}

int main() {
  auto Replies = std::make_shared<Channel<int>>();
  printReply(Replies);
  // The request failed, so no reply is sent: the reader waits forever.
}
