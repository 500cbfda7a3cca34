//===- threadleak/verify.h - Check that no thread outlives a test --------===//
//
// The run-time companion of the threadleak checks: take a snapshot of the
// process's threads, run the code under test, then verify that every thread
// it started has ended (after a grace period). Linux only: the threads are
// read from /proc/self/task. Header-only, C++17, needs -pthread.
//
//   threadleak::ThreadSnapshot Before = threadleak::ThreadSnapshot::take();
//   runTheCodeUnderTest();
//   threadleak::VerifyResult Result = threadleak::verifyNoNewThreads(Before);
//   if (!Result)
//     std::fputs(Result.message().c_str(), stderr);
//
// verify_gtest.h and verify_catch2.h run this around every test of a
// GoogleTest or Catch2 binary. See docs/runtime.md.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_VERIFY_H
#define THREADLEAK_VERIFY_H

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <functional>
#include <stdexcept>
#include <string>
#include <sys/types.h>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

namespace threadleak {

/// One thread of this process, as /proc/self/task/<tid> describes it.
struct ThreadInfo {
  pid_t Tid = 0;
  /// comm: the name given by pthread_setname_np (15 characters at most), or
  /// the one inherited from the thread that created it.
  std::string Name;
  /// The state letter of stat: R running, S sleeping, D uninterruptible
  /// sleep, T stopped, t stopped by a tracer, Z zombie, X dead, I idle.
  char State = '?';
  /// Clock ticks since boot at which the thread started. With the tid it
  /// identifies the thread even if the kernel reuses the tid.
  unsigned long long StartTime = 0;
  /// wchan: the kernel function the thread sleeps in (futex_wait_queue,
  /// hrtimer_nanosleep, ...); empty while it runs or when the kernel hides it.
  std::string WaitChannel;
};

namespace detail {

/// The whole content of a small /proc file; false if it cannot be read (the
/// thread is gone).
inline bool readProcFile(const std::string &Path, std::string &Content) {
  std::FILE *File = std::fopen(Path.c_str(), "re");
  if (!File)
    return false;
  Content.clear();
  std::array<char, 512> Buffer;
  size_t Read;
  while ((Read = std::fread(Buffer.data(), 1, Buffer.size(), File)) > 0)
    Content.append(Buffer.data(), Read);
  bool Failed = std::ferror(File) != 0;
  std::fclose(File);
  return !Failed;
}

inline void dropTrailingNewline(std::string &Text) {
  if (!Text.empty() && Text.back() == '\n')
    Text.pop_back();
}

/// Fills \p Info from /proc/self/task/<Tid>; false if the thread has gone.
inline bool readThread(pid_t Tid, ThreadInfo &Info) {
  const std::string Dir = "/proc/self/task/" + std::to_string(Tid) + "/";
  std::string Stat;
  if (!readProcFile(Dir + "comm", Info.Name) ||
      !readProcFile(Dir + "stat", Stat))
    return false;
  dropTrailingNewline(Info.Name);
  Info.Tid = Tid;
  // "tid (comm) state ppid ...": comm may hold spaces and parentheses, so the
  // fields start after the last ')'. State is field 3, starttime field 22.
  const size_t CommEnd = Stat.rfind(')');
  if (CommEnd == std::string::npos || CommEnd + 2 >= Stat.size())
    return false;
  Info.State = Stat[CommEnd + 2];
  const char *Field = Stat.c_str() + CommEnd + 2;
  for (int Skipped = 3; Skipped < 22 && Field; ++Skipped) {
    Field = std::strchr(Field, ' ');
    if (Field)
      ++Field;
  }
  Info.StartTime = Field ? std::strtoull(Field, nullptr, 10) : 0;
  if (readProcFile(Dir + "wchan", Info.WaitChannel) && Info.WaitChannel == "0")
    Info.WaitChannel.clear();
  return true;
}

inline bool isSameThread(const ThreadInfo &A, const ThreadInfo &B) {
  return A.Tid == B.Tid && A.StartTime == B.StartTime;
}

/// A name in VerifyOptions::IgnoredNames matches exactly, or, ending in '*',
/// every name that starts with what precedes the '*'.
inline bool matchesName(const std::string &Pattern, const std::string &Name) {
  if (!Pattern.empty() && Pattern.back() == '*')
    return Name.compare(0, Pattern.size() - 1, Pattern, 0,
                        Pattern.size() - 1) == 0;
  return Pattern == Name;
}

inline const char *describeState(char State) {
  switch (State) {
  case 'R':
    return "running";
  case 'S':
    return "sleeping";
  case 'D':
    return "in uninterruptible sleep";
  case 'T':
    return "stopped";
  case 't':
    return "stopped by a tracer";
  case 'I':
    return "idle";
  default:
    return "in an unknown state";
  }
}

} // namespace detail

/// The threads of this process at one moment.
class ThreadSnapshot {
public:
  /// The threads alive now. Throws std::runtime_error when /proc/self/task
  /// cannot be read (not Linux, or /proc not mounted).
  static ThreadSnapshot take() {
    DIR *Tasks = opendir("/proc/self/task");
    if (!Tasks) {
      const int Error = errno;
      throw std::runtime_error(
          std::string("threadleak: cannot read /proc/self/task (") +
          std::strerror(Error) +
          "): the thread check needs Linux with /proc mounted");
    }
    ThreadSnapshot Snapshot;
    while (const dirent *Entry = readdir(Tasks)) {
      char *End;
      const long Tid = std::strtol(Entry->d_name, &End, 10);
      ThreadInfo Info;
      // "." and ".." are no tids; a thread that ended since readdir listed
      // it is no longer alive.
      if (*End == '\0' && Tid > 0 &&
          detail::readThread(static_cast<pid_t>(Tid), Info))
        Snapshot.Threads.push_back(std::move(Info));
    }
    closedir(Tasks);
    std::sort(
        Snapshot.Threads.begin(), Snapshot.Threads.end(),
        [](const ThreadInfo &A, const ThreadInfo &B) { return A.Tid < B.Tid; });
    return Snapshot;
  }

  /// Every thread, by increasing tid.
  const std::vector<ThreadInfo> &threads() const { return Threads; }

  /// Whether \p Thread (same tid, same start time) was alive at this snapshot.
  bool contains(const ThreadInfo &Thread) const {
    return std::any_of(Threads.begin(), Threads.end(),
                       [&](const ThreadInfo &Known) {
                         return detail::isSameThread(Known, Thread);
                       });
  }

  /// The threads of this snapshot that \p Earlier does not contain.
  std::vector<ThreadInfo> startedSince(const ThreadSnapshot &Earlier) const {
    std::vector<ThreadInfo> Started;
    for (const ThreadInfo &Thread : Threads)
      if (!Earlier.contains(Thread))
        Started.push_back(Thread);
    return Started;
  }

private:
  ThreadSnapshot() = default;

  std::vector<ThreadInfo> Threads;
};

struct VerifyOptions {
  /// How long new threads get to end before they count as leaked. The check
  /// returns as soon as they have all ended, so a long grace period costs
  /// time only when a thread did leak.
  std::chrono::milliseconds GracePeriod{1000};
  /// Threads allowed to outlive the check (a logger's worker, a pool started
  /// lazily on first use), by name. A name ending in '*' matches every name
  /// that starts with the rest ("pool-*").
  std::vector<std::string> IgnoredNames;
};

/// What verifyNoNewThreads found: true when no new thread is left.
struct VerifyResult {
  /// New threads still alive when the grace period ran out.
  std::vector<ThreadInfo> Leaked;
  /// How long the check waited for new threads to end.
  std::chrono::milliseconds Waited{0};
  /// The grace period it was given.
  std::chrono::milliseconds GracePeriod{0};
  /// The main thread's name: a thread that has it was most likely never
  /// named and inherited it.
  std::string ProcessName;

  bool ok() const { return Leaked.empty(); }
  explicit operator bool() const { return ok(); }

  /// A report of the leaked threads, one line each, ending in a newline.
  std::string message() const {
    if (ok())
      return "threadleak: no thread started since the snapshot is left "
             "(waited " +
             std::to_string(Waited.count()) + " ms)\n";
    std::string Text =
        "threadleak: " + std::to_string(Leaked.size()) +
        (Leaked.size() == 1 ? " thread" : " threads") +
        " started since the snapshot " + (Leaked.size() == 1 ? "is" : "are") +
        " still running after waiting " + std::to_string(Waited.count()) +
        " ms (grace period " + std::to_string(GracePeriod.count()) + " ms):\n";
    for (const ThreadInfo &Thread : Leaked) {
      Text +=
          "  thread " + std::to_string(Thread.Tid) + " \"" + Thread.Name + "\"";
      if (Thread.Name == ProcessName)
        Text += " (unnamed: it has the process's name)";
      Text += ", ";
      Text += detail::describeState(Thread.State);
      if (!Thread.WaitChannel.empty())
        Text += " in " + Thread.WaitChannel;
      Text += "\n";
    }
    Text += "threadleak: name each thread you start with "
            "pthread_setname_np(pthread_self(), \"name\") (15 characters at "
            "most) so that this report says which one leaked\n";
    return Text;
  }
};

/// Waits up to Options.GracePeriod for the threads started since \p Before
/// to end, and returns the ones left. The calling thread, threads named in
/// Options.IgnoredNames and threads that have already exited (zombies) do
/// not count.
inline VerifyResult verifyNoNewThreads(const ThreadSnapshot &Before,
                                       const VerifyOptions &Options = {}) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point Start = Clock::now();
  const Clock::time_point Deadline = Start + Options.GracePeriod;
  const pid_t Self = gettid();
  VerifyResult Result;
  Result.GracePeriod = Options.GracePeriod;
  for (;;) {
    const ThreadSnapshot Now = ThreadSnapshot::take();
    Result.Leaked.clear();
    for (ThreadInfo &Thread : Now.startedSince(Before)) {
      const bool Exited = Thread.State == 'Z' || Thread.State == 'X';
      const bool Ignored =
          std::any_of(Options.IgnoredNames.begin(), Options.IgnoredNames.end(),
                      [&](const std::string &Name) {
                        return detail::matchesName(Name, Thread.Name);
                      });
      if (Thread.Tid != Self && !Exited && !Ignored)
        Result.Leaked.push_back(std::move(Thread));
    }
    const Clock::time_point Checked = Clock::now();
    if (Result.Leaked.empty() || Checked >= Deadline) {
      Result.Waited = std::chrono::duration_cast<std::chrono::milliseconds>(
          Checked - Start);
      for (const ThreadInfo &Thread : Now.threads())
        if (Thread.Tid == getpid())
          Result.ProcessName = Thread.Name;
      return Result;
    }
    // Short enough that a joined thread's last moments in /proc cost little,
    // long enough not to compete with the threads being waited for.
    std::this_thread::sleep_for(std::min<Clock::duration>(
        std::chrono::milliseconds(10), Deadline - Checked));
  }
}

/// verifyNoNewThreads with a grace period and no ignored names.
inline VerifyResult verifyNoNewThreads(const ThreadSnapshot &Before,
                                       std::chrono::milliseconds GracePeriod) {
  VerifyOptions Options;
  Options.GracePeriod = GracePeriod;
  return verifyNoNewThreads(Before, Options);
}

/// Takes a snapshot when constructed and verifies when destroyed: at the end
/// of a scope, or, as a namespace-scope object, when the program exits. On a
/// leak it calls the handler, by default printReportAndAbort.
class ThreadLeakGuard {
public:
  using LeakHandler = std::function<void(const VerifyResult &)>;

  explicit ThreadLeakGuard(VerifyOptions Options = {},
                           LeakHandler OnLeak = printReportAndAbort)
      : Before(ThreadSnapshot::take()), Options(std::move(Options)),
        OnLeak(std::move(OnLeak)) {}

  ~ThreadLeakGuard() {
    // A destructor must not throw: a check that cannot run (no /proc, no
    // memory) ends the program as a failed one does, saying why.
    try {
      const VerifyResult Result = verifyNoNewThreads(Before, Options);
      if (!Result)
        OnLeak(Result);
    } catch (const std::exception &Error) {
      std::fprintf(stderr, "threadleak: the check failed to run: %s\n",
                   Error.what());
      std::abort();
    }
  }

  ThreadLeakGuard(const ThreadLeakGuard &) = delete;
  ThreadLeakGuard &operator=(const ThreadLeakGuard &) = delete;

  /// The default handler: the report on stderr, then std::abort(), so the
  /// test fails even when it runs at exit.
  static void printReportAndAbort(const VerifyResult &Result) {
    std::fputs(Result.message().c_str(), stderr);
    std::fflush(stderr);
    std::abort();
  }

private:
  ThreadSnapshot Before;
  VerifyOptions Options;
  LeakHandler OnLeak;
};

} // namespace threadleak

#endif // THREADLEAK_VERIFY_H
