// Safe: a channel that can be closed, as in the Go fix
//
//   go func() { defer close(done); for val := range ch { ... } }()
//   ... close(ch); <-done
//
// recv waits for data or for close(), so the printer's loop ends once the
// channel is closed and drained. The printer closes and joins in its
// destructor, so the thread ends on every path out of main, exceptions
// included.
#include <condition_variable>
#include <cstdio>
#include <deque>
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

  void close() {
    {
      std::lock_guard<std::mutex> Lock(Mutex);
      Closed = true;
    }
    Ready.notify_all();
  }

  // False once the channel is closed and empty.
  bool recv(T &Out) {
    std::unique_lock<std::mutex> Lock(Mutex);
    Ready.wait(Lock, [this] { return Closed || !Items.empty(); });
    if (Items.empty())
      return false;
    Out = std::move(Items.front());
    Items.pop_front();
    return true;
  }

private:
  std::mutex Mutex;
  std::condition_variable Ready;
  std::deque<T> Items;
  bool Closed = false;
};

class Printer {
public:
  Printer() : Thread([this] { run(); }) {}

  ~Printer() {
    Jobs.close();
    Thread.join();
  }

  Printer(const Printer &) = delete;
  Printer &operator=(const Printer &) = delete;

  void print(int Job) { Jobs.send(Job); }

private:
  void run() {
    int Job;
    while (Jobs.recv(Job))
      std::printf("job %d\n", Job);
  }

  Channel<int> Jobs;
  // Declared last: the thread starts once the channel exists.
  std::thread Thread;
};

int main() {
  Printer Out;
  for (int I = 0; I < 10; ++I)
    Out.print(I);
}
