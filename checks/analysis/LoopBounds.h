//===--- LoopBounds.h - threadleak ------------------------------*- C++ -*-===//
//
// What bounds how often a loop runs: a constant trip count (a literal, a
// constexpr or constant member, a template argument, std::array, a C array,
// a braced list), the machine (std::thread::hardware_concurrency(), a min()
// with it), a configured degree of parallelism (a count named like a thread
// count, the size of a container of threads), or a runtime input: the
// elements of a container or span, a count from a parameter, a member or a
// call, or events that keep coming (accept, recv/read, poll, a queue pop) in
// a loop that only ends on a flag or never. Also whether the program fixes
// the number of iterations (a constant, a count it chooses, a container it
// fills a fixed number of times) rather than its input or load.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_LOOPBOUNDS_H
#define THREADLEAK_CHECKS_ANALYSIS_LOOPBOUNDS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/ArrayRef.h"
#include <cstdint>
#include <optional>
#include <string>

namespace clang::tidy::threadleak {

struct BlockingFunction;
class ThreadAnalysis;

/// What ends a loop, as far as how many iterations it makes.
enum class LoopBoundKind {
  Constant,    ///< a trip count known at compile time (TripCount)
  Machine,     ///< bounded by the number of cores (hardware_concurrency)
  Parallelism, ///< a configured thread count (named so, or threads.size())
  Elements,    ///< one iteration per element of a runtime-sized input
  Count,       ///< up to a count known only at run time
  Accept,      ///< an accept loop: one iteration per connection
  Receive,     ///< a recv / read loop: one iteration per message
  Poll,        ///< a poll / select / epoll loop: one iteration per event
  QueuePop,    ///< one iteration per item popped from a queue
  Endless,     ///< constant-true condition, nothing above
  UntilFlag,   ///< ends only when a flag changes, nothing above
  Unknown,     ///< none of the above: the loop is not judged
};

struct LoopBound {
  LoopBoundKind Kind = LoopBoundKind::Unknown;
  /// For Constant: the number of iterations.
  uint64_t TripCount = 0;
  /// The input that bounds the loop, as written ('urls', 'n', 'running_',
  /// the queue); may be empty.
  std::string Input;
  /// For the event kinds: the call that waits for the next event.
  const Expr *Source = nullptr;
  /// For Elements: the variable, parameter or member the loop runs over;
  /// null for another expression (a call's result).
  const ValueDecl *Container = nullptr;
  /// For Elements: the program fills Container a fixed number of times, so
  /// that its elements are configuration rather than input: a member only
  /// its constructors fill, a local filled outside loops or in loops the
  /// program bounds, a parameter of a function only this file calls with
  /// such containers (LoopBounds.cpp, holdsFixedElementCount).
  bool FixedElements = false;

  /// Whether the number of iterations is bounded by something other than
  /// the program's input or load.
  bool isBounded() const {
    return Kind == LoopBoundKind::Constant || Kind == LoopBoundKind::Machine ||
           Kind == LoopBoundKind::Parallelism;
  }

  /// Whether the program (or the machine) fixes how many times the loop
  /// runs, rather than its input or load: a bound above, a count it
  /// chooses (a parameter, a local, a member, a number read from argv), or
  /// the elements of a container it fills a fixed number of times. Threads
  /// started so many times are a stress test, a demo or a pool, not one
  /// per request (ReportFixedThreadCounts).
  bool isFixedByProgram() const {
    return isBounded() || Kind == LoopBoundKind::Count ||
           (Kind == LoopBoundKind::Elements && FixedElements);
  }
};

/// What bounds \p Loop (a for, range-for, while or do statement). A
/// counted loop or a range-for is judged by its bound; a while(true),
/// for(;;), a loop on a flag and a loop whose condition is not a count are
/// event loops when they (or a function defined here that they call, up to
/// MaxCallDepth deep) accept, receive, poll or pop from a queue (also the
/// user's \p Blocking functions).
LoopBound loopBound(const Stmt *Loop, ThreadAnalysis &Analysis,
                    llvm::ArrayRef<BlockingFunction> Blocking);

/// Whether \p Object, the object a member function is called on inside
/// \p Loops (the loops around the call), is an element of the input one of
/// them runs over, so an object that exists before the loop: the range-for
/// variable when it refers or points to the element (`for (auto &S :
/// Services) S->start();`), or `V[I]`, `V.at(I)`, `*I`, `I->` with `I` the
/// variable a for loop counts with (`for (size_t I = 0; I < V.size(); ++I)
/// V[I].start();`) and a V that loop does not insert into.
bool isLoopElement(const Expr *Object, llvm::ArrayRef<const Stmt *> Loops);

/// The element type of a container or span (`std::vector<std::jthread>`):
/// its first template argument; null otherwise.
QualType containerElementType(QualType Container);

/// A thread object or the future of one: std::thread, std::jthread,
/// boost::thread, std::future, std::shared_future.
bool isThreadHandleType(QualType T);

/// Whether \p Name reads as a number of threads or workers (num_threads,
/// kWorkers, pool_size, concurrency, jobs is not one).
bool namesThreadCount(llvm::StringRef Name);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_LOOPBOUNDS_H
