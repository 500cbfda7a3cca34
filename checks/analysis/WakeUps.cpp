//===--- WakeUps.cpp - threadleak -----------------------------------------===//

#include "WakeUps.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::threadleak {

/// \p Start and the functions that call one of them, within \p MaxDepth
/// calls, breadth first: a function is expanded at the depth it is closest
/// at.
static WakeUpModel::FunctionSet
withCallers(llvm::ArrayRef<const FunctionDecl *> Start,
            const TranslationUnitIndex &Index, unsigned MaxDepth) {
  WakeUpModel::FunctionSet Closure;
  llvm::SmallVector<std::pair<const FunctionDecl *, unsigned>, 8> Work;
  for (const FunctionDecl *F : Start)
    if (Closure.insert(F).second)
      Work.emplace_back(F, 0);
  for (size_t I = 0; I < Work.size(); ++I) {
    auto [F, Depth] = Work[I];
    if (Depth >= MaxDepth)
      continue;
    for (const FunctionDecl *Caller : Index.Callers.lookup(F))
      if (Closure.insert(Caller).second)
        Work.emplace_back(Caller, Depth + 1);
  }
  return Closure;
}

const WakeUpModel::FunctionSet &WakeUpModel::callersClosure(
    const ValueDecl *Key,
    const llvm::DenseMap<const ValueDecl *, TranslationUnitIndex::FunctionList>
        &Direct,
    llvm::DenseMap<const ValueDecl *, FunctionSet> &Memo) {
  if (auto It = Memo.find(Key); It != Memo.end())
    return It->second;
  return Memo[Key] = withCallers(Direct.lookup(Key), Index, MaxCallDepth);
}

bool WakeUpModel::isWokenAtShutdown(
    const ValueDecl *Object, llvm::ArrayRef<const ValueDecl *> ExitReads) {
  const FunctionSet &Waking =
      callersClosure(Object, Index.Wakers, WakerClosure);
  // Only a function that joins or requests stop itself: one that pushes
  // work and calls another that joins (main() running a pipeline to its
  // end) is a producer, whose wake ends the wait only while there is work.
  auto Counts = [&](const FunctionDecl *F) {
    return Waking.contains(F) &&
           (isa<CXXDestructorDecl>(F) || Index.Joiners.contains(F));
  };
  if (ExitReads.empty())
    return llvm::any_of(Waking, Counts);
  return llvm::any_of(ExitReads, [&](const ValueDecl *Read) {
    return llvm::any_of(callersClosure(Read, Index.Writers, WriterClosure),
                        Counts);
  });
}

bool WakeUpModel::wakesDirectly(const FunctionDecl *F,
                                const ValueDecl *Object) const {
  auto It = Index.Wakers.find(Object);
  return It != Index.Wakers.end() && llvm::is_contained(It->second, F);
}

bool WakeUpModel::hasWakerOfItsType(const ValueDecl *Object) const {
  if (hasWaker(Object))
    return true;
  const CXXRecordDecl *Class = objectClass(Object);
  return Class && Index.WokenClasses.contains(Class);
}

bool WakeUpModel::isShutdownPath(const FunctionDecl *F) {
  if (isa<CXXDestructorDecl>(F))
    return true;
  if (!JoinerClosure) {
    llvm::SmallVector<const FunctionDecl *, 8> Joiners(Index.Joiners.begin(),
                                                       Index.Joiners.end());
    JoinerClosure = withCallers(Joiners, Index, MaxCallDepth);
  }
  return JoinerClosure->contains(F);
}

} // namespace clang::tidy::threadleak
