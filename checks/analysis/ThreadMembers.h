//===--- ThreadMembers.h - threadleak ---------------------------*- C++ -*-===//
//
// Threads a class holds in its members and what its destructor does with
// them: which member types hold a std::thread (the thread itself, a
// container of threads, a std::unique_ptr<std::thread>, a raw
// std::thread*), where a member is started (a launch stored into it), and
// whether the destructor, or a function it calls, joins or detaches it, asks
// it to stop, or deletes it, and whether that join can be skipped.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_THREADMEMBERS_H
#define THREADLEAK_CHECKS_ANALYSIS_THREADMEMBERS_H

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseSet.h"
#include <optional>

namespace clang::tidy::threadleak {

class ThreadAnalysis;

/// How a member's type holds std::threads.
enum class ThreadHolding {
  None,
  Thread,     ///< std::thread
  Container,  ///< a std container, std::optional or array of them
  UniquePtr,  ///< std::unique_ptr<std::thread> (or of a container)
  RawPointer, ///< std::thread*
};

ThreadHolding threadHolding(QualType T);

struct ThreadLaunch;

/// The bodies among \p Launches that several threads run: started by more
/// than one launch, by pthread_create into an element of an array
/// (`&Threads[I]`, `Threads + I`), or, when no launch of another body
/// belongs to the same class or container (a container holding a reader
/// and a writer thread holds one of each), by a container's emplace_back
/// (a pool's workers) or in a class whose thread members are all
/// containers of threads (a pool that push_backs its workers). Linear in
/// the number of launches.
llvm::DenseSet<const FunctionDecl *>
bodiesOfSeveralThreads(llvm::ArrayRef<ThreadLaunch> Launches);

/// The first place the class of \p Field stores a started thread into it:
/// an initializer, `T = std::thread(F)`, `Threads.emplace_back(F)`,
/// `Ptr.reset(new std::thread(F))`, `Ptr = std::make_unique<std::thread>(F)`;
/// null when the class never starts it.
const Stmt *memberStart(const FieldDecl *Field);

/// The member of the object a member function runs on that \p Target
/// names (`T`, `this->T`, or `&T` as pthread_create's handle), when that
/// member holds a single thread: a std::thread, a std::jthread, a
/// pthread_t, a std::unique_ptr of a std::thread or std::jthread, that
/// nothing in the class detaches or moves away (detachedOrMovedAway).
/// Storing a thread there keeps one thread per object: storing the next one
/// over a running std::thread terminates the process, over a std::jthread
/// waits for it. Null otherwise: a container of threads, a raw pointer, a
/// member of another object, a variable.
const FieldDecl *ownSingleThreadMember(const Expr *Target);

/// What a destructor, or the tear-down a test framework runs before it
/// (frameworkTearDown, Lifetimes.h), and the functions it calls, to the
/// analysis's call depth, does with a thread member.
struct MemberShutdown {
  /// Uses the member other than destroying it: joins or detaches it, tests
  /// joinable(), iterates the container, hands it to a function.
  bool Handles = false;
  /// Asks some thread to stop: writes a bool or atomic member, notifies a
  /// condition variable, requests stop.
  bool SignalsStop = false;
  /// Destroys it explicitly: delete, reset(), clear(), assignment.
  const Stmt *Destroys = nullptr;
};

/// What \p Dtor, a destructor or a framework's tear-down defined in the
/// translation unit, does with \p Field.
MemberShutdown destructorShutdown(const FunctionDecl *Dtor,
                                  const FieldDecl *Field,
                                  ThreadAnalysis &Analysis);

/// A member function of \p Field's class, other than its destructor, that
/// joins \p Field (`stop()`, `join()`); null if none.
const FunctionDecl *joinedOutsideDestructor(const FieldDecl *Field);

/// An `if` on the way from a destructor to the join of a thread member that
/// skips the join on a flag the thread itself writes: `if (!Running)
/// return;` before `T.join()` in the stop() the destructor calls, while the
/// thread sets Running to false when it finishes. Once it has, the member is
/// still joinable but the join never comes.
struct ThreadFlagGuard {
  const IfStmt *Guard = nullptr;
  const FieldDecl *Flag = nullptr;   ///< the flag the condition reads
  const Expr *ThreadWrite = nullptr; ///< where the thread writes it
  const FunctionDecl *In = nullptr;  ///< the function holding the guard
};

/// Such a guard in \p Dtor (a destructor or a framework's tear-down) or the
/// functions it calls, for the thread \p Start (memberStart) stores into
/// \p Field.
std::optional<ThreadFlagGuard>
joinGuardedByThreadFlag(const FunctionDecl *Dtor, const FieldDecl *Field,
                        const Stmt *Start, ThreadAnalysis &Analysis);

/// Whether any code in \p Field's class detaches it or moves it away.
bool detachedOrMovedAway(const FieldDecl *Field);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_THREADMEMBERS_H
