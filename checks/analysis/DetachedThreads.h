//===--- DetachedThreads.h - threadleak -------------------------*- C++ -*-===//
//
// Which threads are detached: `T.detach()`, `std::thread(F).detach()`,
// `pthread_detach(T)`, `pthread_detach(pthread_self())` at the top of a
// thread function, a thread created with PTHREAD_CREATE_DETACHED; and which
// variable or member holds each launched thread. threadleak-detached-thread
// feeds it from its matchers, the shared launch matchers (ThreadLeakCheck)
// with each pthread_create's handle; the other checks ask it so that a
// detached thread that never finishes is reported once, at its detach.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_DETACHEDTHREADS_H
#define THREADLEAK_CHECKS_ANALYSIS_DETACHEDTHREADS_H

#include "ThreadLaunches.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <vector>

namespace clang::tidy::threadleak {

/// A place where a thread is detached.
struct DetachSite {
  const Expr *Site = nullptr;
  /// The thread object or handle detached, when it is a named one.
  const ValueDecl *Thread = nullptr;
  /// The launch, when a temporary thread is detached or the thread was
  /// created detached.
  std::optional<ThreadLaunch> Launch;
  /// `pthread_detach(pthread_self())`: the function detaching itself.
  const FunctionDecl *Self = nullptr;
};

class DetachedThreads {
public:
  /// \p Launch's thread is held by \p Thread.
  void addLaunchInto(const ThreadLaunch &Launch, const ValueDecl *Thread);
  /// A pthread_create call with the attribute object it passes.
  void addPthreadLaunch(const ThreadLaunch &Launch, const ValueDecl *Attr);
  void addDetach(DetachSite Detach) {
    if (Detach.Self)
      SelfDetached.try_emplace(Detach.Self, Detach.Site);
    Detaches.push_back(std::move(Detach));
  }
  /// `pthread_attr_setdetachstate(&Attr, PTHREAD_CREATE_DETACHED)`.
  void addDetachedAttribute(const ValueDecl *Attr) {
    DetachedAttributes.insert(Attr);
  }

  /// Every detach, threads created detached included.
  const std::vector<DetachSite> &detaches();
  /// The launches a detach may detach.
  llvm::SmallVector<ThreadLaunch, 1> launchesOf(const DetachSite &Detach) const;
  /// Whether some detach may detach \p Launch's thread.
  bool isDetached(const ThreadLaunch &Launch) {
    return detachOf(Launch) != nullptr;
  }
  /// A detach that may detach \p Launch's thread (for a call of a thread
  /// wrapper: the detach of the wrapper's thread), or null.
  const Expr *detachOf(const ThreadLaunch &Launch);

  llvm::ArrayRef<ThreadLaunch> launchesInto(const ValueDecl *Thread) const;
  /// The variable or member \p Launch's thread is stored in, if known.
  const ValueDecl *threadOf(const Expr *Launch) const {
    return ThreadOf.lookup(Launch);
  }

private:
  std::vector<DetachSite> Detaches;
  bool CreatedDetachedAdded = false;
  llvm::DenseMap<const ValueDecl *, llvm::SmallVector<ThreadLaunch, 1>>
      LaunchesByThread;
  llvm::DenseMap<const Expr *, const ValueDecl *> ThreadOf;
  std::vector<std::pair<ThreadLaunch, const ValueDecl *>> PthreadLaunches;
  llvm::DenseSet<const ValueDecl *> DetachedAttributes;
  /// The launches some detach detaches, with the detach, computed on the
  /// first question.
  llvm::DenseMap<const Expr *, const Expr *> DetachedLaunches;
  /// Thread functions that detach themselves, with the detach (kept as
  /// they are added: they come at the end of the translation unit).
  llvm::DenseMap<const FunctionDecl *, const Expr *> SelfDetached;
  bool DetachedLaunchesKnown = false;
};

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_DETACHEDTHREADS_H
