//===--- DetachedThreads.cpp - threadleak ---------------------------------===//

#include "DetachedThreads.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::threadleak {

void DetachedThreads::addLaunchInto(const ThreadLaunch &Launch,
                                    const ValueDecl *Thread) {
  auto &List = LaunchesByThread[Thread];
  if (llvm::none_of(List, [&](const ThreadLaunch &Known) {
        return Known.Launch == Launch.Launch;
      }))
    List.push_back(Launch);
  ThreadOf[Launch.Launch] = Thread;
}

void DetachedThreads::addPthreadLaunch(const ThreadLaunch &Launch,
                                       const ValueDecl *Attr) {
  PthreadLaunches.emplace_back(Launch, Attr);
}

const std::vector<DetachSite> &DetachedThreads::detaches() {
  if (!CreatedDetachedAdded) {
    CreatedDetachedAdded = true;
    for (const auto &[Launch, Attr] : PthreadLaunches) {
      if (!Attr || !DetachedAttributes.contains(Attr))
        continue;
      DetachSite D;
      D.Site = Launch.Launch;
      D.Launch = Launch;
      Detaches.push_back(D);
    }
  }
  return Detaches;
}

llvm::SmallVector<ThreadLaunch, 1>
DetachedThreads::launchesOf(const DetachSite &Detach) const {
  if (Detach.Launch)
    return {*Detach.Launch};
  if (Detach.Thread)
    return LaunchesByThread.lookup(Detach.Thread);
  return {};
}

const Expr *DetachedThreads::detachOf(const ThreadLaunch &Launch) {
  if (!DetachedLaunchesKnown) {
    DetachedLaunchesKnown = true;
    for (const DetachSite &D : detaches())
      for (const ThreadLaunch &L : launchesOf(D))
        DetachedLaunches.try_emplace(L.Launch, D.Site);
  }
  if (const Expr *Site = DetachedLaunches.lookup(Launch.Launch))
    return Site;
  if (const Expr *Site = SelfDetached.lookup(Launch.Body))
    return Site;
  return Launch.Wrapped ? detachOf(*Launch.Wrapped) : nullptr;
}

llvm::ArrayRef<ThreadLaunch>
DetachedThreads::launchesInto(const ValueDecl *Thread) const {
  auto It = LaunchesByThread.find(Thread);
  if (It == LaunchesByThread.end())
    return {};
  return It->second;
}

} // namespace clang::tidy::threadleak
