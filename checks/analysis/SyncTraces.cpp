//===--- SyncTraces.cpp - threadleak --------------------------------------===//

#include "SyncTraces.h"
#include "FunctionBodyVisitor.h"
#include "Locks.h"
#include "Names.h"
#include "SyncEffects.h"
#include "SystemHeaders.h"
#include "ThreadAnalysis.h"
#include "TranslationUnitIndex.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::threadleak {

bool SyncEvent::holds(const ValueDecl *Mutex) const {
  return llvm::is_contained(Held, Mutex);
}

namespace {

/// Walks one function body in source order and records its events.
class TraceBuilder : public FunctionBodyVisitor<TraceBuilder> {
  using Base = FunctionBodyVisitor<TraceBuilder>;

public:
  TraceBuilder(ThreadAnalysis &Analysis, SyncTraces &Traces, bool FollowCalls,
               std::vector<SyncEvent> &Out)
      : Analysis(Analysis), Traces(Traces), FollowCalls(FollowCalls), Out(Out) {
  }

  // A lock declared in a block is given back at the end of the block.
  bool TraverseCompoundStmt(CompoundStmt *S) {
    size_t Outer = Locks.size();
    bool Result = Base::TraverseCompoundStmt(S);
    Locks.resize(Outer);
    return Result;
  }

  bool VisitVarDecl(VarDecl *Var) {
    if (LambdaDepth > 0 || !isLockType(Var->getType()))
      return true;
    bool Takes = locksOnConstruction(Var);
    for (const ValueDecl *Mutex : mutexesOfLock(Var)) {
      Locks.push_back({Var, Mutex, Takes});
      if (Takes)
        add(SyncEvent::Lock, Mutex, Var->getInit());
    }
    return true;
  }

  bool VisitExpr(Expr *E) {
    if (LambdaDepth > 0)
      return true;
    if (const Expr *Stored = storedObject(E))
      if (const ValueDecl *Object = referencedDecl(Stored))
        add(SyncEvent::Store, Object, E).StoredValue = storedConstant(E);
    return true;
  }

  bool VisitCallExpr(CallExpr *Call) {
    if (LambdaDepth > 0)
      return true;
    if (const ValueDecl *Locked = lockedBy(Call))
      lock(Locked, Call);
    else if (const ValueDecl *Unlocked = unlockedBy(Call))
      unlock(Unlocked);
    if (const Expr *Woken = wokenObject(Call))
      add(SyncEvent::Wake, referencedDecl(Woken), Call);
    if (isThreadJoin(Call))
      add(SyncEvent::Join, nullptr, Call);
    if (isStopRequest(Call))
      add(SyncEvent::StopRequest, nullptr, Call);
    llvm::SmallVector<const FunctionDecl *, 2> Targets =
        Analysis.callTargets(Call);
    for (const FunctionDecl *Target : Targets)
      for (const ValueDecl *Woken :
           wokenThroughWrappers(Call, Target, Analysis.index()))
        add(SyncEvent::Wake, Woken, Call);
    followCall(Call, Targets);
    return true;
  }

private:
  struct HeldLock {
    const VarDecl *Lock; ///< null for a mutex locked by hand
    const ValueDecl *Mutex;
    bool Held;
  };

  SyncEvent &add(SyncEvent::EventKind Kind, const ValueDecl *Object,
                 const Expr *Where) {
    SyncEvent &Event = Out.emplace_back();
    Event.Kind = Kind;
    Event.Object = Object;
    Event.Where = Where;
    Event.Held = held();
    return Event;
  }

  llvm::SmallVector<const ValueDecl *, 2> held() const {
    llvm::SmallVector<const ValueDecl *, 2> Mutexes;
    for (const HeldLock &Entry : Locks)
      if (Entry.Held && !llvm::is_contained(Mutexes, Entry.Mutex))
        Mutexes.push_back(Entry.Mutex);
    return Mutexes;
  }

  void lock(const ValueDecl *LockOrMutex, const CallExpr *Call) {
    bool IsLock = false;
    for (HeldLock &Entry : Locks)
      if (Entry.Lock == LockOrMutex) {
        Entry.Held = IsLock = true;
        add(SyncEvent::Lock, Entry.Mutex, Call);
      }
    if (!IsLock) {
      Locks.push_back({nullptr, LockOrMutex, true});
      add(SyncEvent::Lock, LockOrMutex, Call);
    }
  }

  void unlock(const ValueDecl *LockOrMutex) {
    for (HeldLock &Entry : Locks)
      if (Entry.Lock == LockOrMutex)
        Entry.Held = false;
    for (HeldLock &Entry : llvm::reverse(Locks))
      if (!Entry.Lock && Entry.Mutex == LockOrMutex && Entry.Held) {
        Entry.Held = false;
        break;
      }
  }

  /// The callees' events, as if their bodies were here; a call to the
  /// project's code that is not in this translation unit is Unknown.
  void followCall(const CallExpr *Call,
                  llvm::ArrayRef<const FunctionDecl *> Targets) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    const SourceManager &SM = Analysis.context().getSourceManager();
    if (Targets.empty()) {
      if (!Callee || (!Callee->isExternC() && !isInSystemHeader(Callee, SM) &&
                      !Callee->isImplicit()))
        add(SyncEvent::Unknown, nullptr, Call);
      return;
    }
    if (!FollowCalls)
      return;
    llvm::SmallVector<const ValueDecl *, 2> CallerHeld = held();
    for (const FunctionDecl *Target : Targets)
      for (const SyncEvent &Inner : Traces.trace(Target)) {
        SyncEvent &Event = Out.emplace_back(Inner);
        Event.Via = Call;
        for (const ValueDecl *Mutex : CallerHeld)
          if (!Event.holds(Mutex))
            Event.Held.push_back(Mutex);
      }
  }

  ThreadAnalysis &Analysis;
  SyncTraces &Traces;
  const bool FollowCalls;
  std::vector<SyncEvent> &Out;
  llvm::SmallVector<HeldLock, 4> Locks;
};

} // namespace

llvm::ArrayRef<SyncEvent> SyncTraces::trace(const FunctionDecl *F) {
  if (auto It = Memo.find(F); It != Memo.end())
    return It->second;
  Memo[F];
  std::vector<SyncEvent> Events;
  ++Depth;
  if (const Stmt *Body = F->getBody()) {
    TraceBuilder Builder(Analysis, *this, Depth <= Analysis.maxCallDepth(),
                         Events);
    Builder.TraverseStmt(const_cast<Stmt *>(Body));
  }
  --Depth;
  std::vector<SyncEvent> &Slot = Memo[F];
  Slot = std::move(Events);
  return Slot;
}

} // namespace clang::tidy::threadleak
