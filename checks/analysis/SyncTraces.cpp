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

bool SyncEvent::mayHold(const ValueDecl *Mutex) const {
  return llvm::is_contained(MayHold, Mutex);
}

namespace {

/// The arguments of a call or construction, and the object a method is
/// called on.
struct CallOperands {
  llvm::SmallVector<const Expr *, 4> Args;
  const Expr *Object = nullptr;

  explicit CallOperands(const CallExpr *Call) {
    llvm::ArrayRef<const Expr *> All(Call->getArgs(), Call->getNumArgs());
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      Object = Member->getImplicitObjectArgument();
    } else if (isa<CXXOperatorCallExpr>(Call) &&
               isa_and_nonnull<CXXMethodDecl>(Call->getDirectCallee()) &&
               !All.empty()) {
      Object = All.front();
      All = All.drop_front();
    }
    Args.assign(All.begin(), All.end());
  }
  explicit CallOperands(const CXXConstructExpr *Construct)
      : Args(Construct->arguments()) {}
};

/// Walks one function body in source order and records its events.
class TraceBuilder : public FunctionBodyVisitor<TraceBuilder> {
  using Base = FunctionBodyVisitor<TraceBuilder>;

public:
  TraceBuilder(ThreadAnalysis &Analysis, SyncTraces &Traces, bool FollowCalls,
               std::vector<SyncEvent> &Out)
      : Analysis(Analysis), Traces(Traces), FollowCalls(FollowCalls), Out(Out) {
  }

  // A lock declared in a block is given back at the end of the block; a
  // mutex locked by hand stays locked.
  bool TraverseCompoundStmt(CompoundStmt *S) {
    size_t Outer = Locks.size();
    bool Result = Base::TraverseCompoundStmt(S);
    Locks.erase(std::remove_if(Locks.begin() + Outer, Locks.end(),
                               [](const HeldLock &Entry) {
                                 return Entry.Lock != nullptr;
                               }),
                Locks.end());
    return Result;
  }

  bool VisitVarDecl(VarDecl *Var) {
    if (LambdaDepth > 0)
      return true;
    if (!isLockType(Var->getType())) {
      const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(
          Var->getInit() ? Var->getInit()->IgnoreImplicit() : nullptr);
      if (Construct && Var->hasLocalStorage() &&
          !Var->getType()->isReferenceType())
        construct(Construct, Var);
      return true;
    }
    bool Takes = locksOnConstruction(Var);
    for (const ValueDecl *Mutex : mutexesOfLock(Var)) {
      Locks.push_back({Var, Mutex, Takes, /*Known=*/true});
      if (Takes)
        add(SyncEvent::Lock, Mutex, Var->getInit());
    }
    return true;
  }

  /// The members a constructor initialises with a lock hold it as long as
  /// the object lives: the constructor leaves it taken.
  void constructMembers(const CXXConstructorDecl *Ctor) {
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->isAnyMemberInitializer() && Init->getInit())
        if (const auto *Construct =
                dyn_cast<CXXConstructExpr>(Init->getInit()->IgnoreImplicit()))
          construct(Construct, nullptr);
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
    const ValueDecl *Locked = lockedBy(Call);
    const ValueDecl *Unlocked = Locked ? nullptr : unlockedBy(Call);
    if (Locked)
      lock(Locked, Call);
    else if (Unlocked)
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
    if (!Locked && !Unlocked)
      applyLockEffects(Call, Targets);
    return true;
  }

  /// What the function leaves done to its mutexes when it returns.
  std::vector<LockEffect> effects() const {
    std::vector<LockEffect> Effects;
    for (const ValueDecl *Mutex : Released)
      Effects.push_back({LockEffect::GivesBack, Mutex});
    for (const HeldLock &Entry : Locks)
      if (!Entry.Lock && (Entry.Held || !Entry.Known))
        Effects.push_back(
            {Entry.Known ? LockEffect::Takes : LockEffect::MayTake,
             Entry.Mutex});
    return Effects;
  }

private:
  struct HeldLock {
    const VarDecl *Lock; ///< null for a mutex locked by hand
    const ValueDecl *Mutex;
    bool Held;
    /// False for a mutex that may be held (SyncEvent::MayHold): it stays
    /// so until the end of its scope, whatever is locked or unlocked.
    bool Known;
  };

  SyncEvent &add(SyncEvent::EventKind Kind, const ValueDecl *Object,
                 const Expr *Where) {
    SyncEvent &Event = Out.emplace_back();
    Event.Kind = Kind;
    Event.Object = Object;
    Event.Where = Where;
    Event.Repeated = LoopDepth > 0;
    addHeld(Event);
    return Event;
  }

  /// Adds the mutexes held now to \p Event's.
  void addHeld(SyncEvent &Event) const {
    for (const HeldLock &Entry : Locks) {
      llvm::SmallVectorImpl<const ValueDecl *> &Set =
          Entry.Known ? static_cast<llvm::SmallVectorImpl<const ValueDecl *> &>(
                            Event.Held)
                      : Event.MayHold;
      if (Entry.Held && !llvm::is_contained(Set, Entry.Mutex))
        Set.push_back(Entry.Mutex);
    }
  }

  void lock(const ValueDecl *LockOrMutex, const Expr *Where) {
    bool IsLock = false;
    for (HeldLock &Entry : Locks)
      if (Entry.Known && Entry.Lock == LockOrMutex) {
        Entry.Held = IsLock = true;
        add(SyncEvent::Lock, Entry.Mutex, Where);
      }
    if (!IsLock) {
      Locks.push_back({nullptr, LockOrMutex, true, true});
      add(SyncEvent::Lock, LockOrMutex, Where);
    }
  }

  void unlock(const ValueDecl *LockOrMutex) {
    bool Found = false;
    for (HeldLock &Entry : Locks)
      if (Entry.Known && Entry.Lock == LockOrMutex) {
        Entry.Held = false;
        Found = true;
      }
    for (HeldLock &Entry : llvm::reverse(Locks))
      if (Entry.Known && !Entry.Lock && Entry.Mutex == LockOrMutex &&
          Entry.Held) {
        Entry.Held = false;
        Found = true;
        break;
      }
    // Given back without being taken here: the caller's.
    if (!Found && !llvm::is_contained(Released, LockOrMutex))
      Released.push_back(LockOrMutex);
  }

  /// \p Mutex, taken by \p Owner's construction to the end of its scope,
  /// or by hand when \p Owner is null.
  void take(const VarDecl *Owner, const ValueDecl *Mutex, const Expr *Where) {
    if (!Owner) {
      lock(Mutex, Where);
      return;
    }
    Locks.push_back({Owner, Mutex, true, true});
    add(SyncEvent::Lock, Mutex, Where);
  }

  void mayTake(const VarDecl *Owner, const ValueDecl *Mutex) {
    if (llvm::none_of(Locks, [&](const HeldLock &Entry) {
          return !Entry.Known && Entry.Lock == Owner && Entry.Mutex == Mutex;
        }))
      Locks.push_back({Owner, Mutex, true, false});
  }

  /// What the callee \p Callee leaves done to mutexes, in the caller's
  /// names; the locks \p Owner's construction takes are held to the end of
  /// its scope. With \p Certain false (one of several targets), a lock is
  /// only maybe taken. Returns the mutexes taken.
  llvm::SmallVector<const ValueDecl *, 2>
  applyEffectsOf(const FunctionDecl *Callee, const CallOperands &Operands,
                 const VarDecl *Owner, const Expr *Where, bool Certain) {
    llvm::SmallVector<const ValueDecl *, 2> Taken;
    for (const LockEffect &Effect : Traces.lockEffects(Callee))
      for (const ValueDecl *Mutex :
           mutexAtCall(Effect.Mutex, Callee, Operands.Args, Operands.Object)) {
        if (Effect.Kind == LockEffect::GivesBack) {
          if (Certain)
            unlock(Mutex);
        } else if (Effect.Kind == LockEffect::Takes && Certain) {
          take(Owner, Mutex, Where);
          Taken.push_back(Mutex);
        } else {
          mayTake(Owner, Mutex);
        }
      }
    return Taken;
  }

  /// What code the trace does not read receives by pointer or reference
  /// (a record: a mutex, or an object that may wrap one) it may lock.
  void handOver(const VarDecl *Owner, const CallOperands &Operands,
                const FunctionDecl *Callee,
                llvm::ArrayRef<const ValueDecl *> Taken) {
    auto Consider = [&](const Expr *E, bool ByReference) {
      const ValueDecl *D = referencedDecl(E);
      QualType T = E->getType();
      if (D && !llvm::is_contained(Taken, D) &&
          ((T->isPointerType() && T->getPointeeType()->isRecordType()) ||
           (ByReference && T->isRecordType())))
        mayTake(Owner, D);
    };
    if (Operands.Object)
      Consider(Operands.Object, /*ByReference=*/true);
    for (auto [I, Arg] : llvm::enumerate(Operands.Args))
      Consider(Arg, Callee && I < Callee->getNumParams() &&
                        Callee->getParamDecl(I)->getType()->isReferenceType());
  }

  /// A construction of a class not a standard lock: a project RAII lock
  /// holds what its constructor takes, in \p Var's scope (or, for a member
  /// a constructor initialises, \p Var null, as long as the object lives);
  /// any other mutex it is handed may be held meanwhile.
  void construct(const CXXConstructExpr *Construct, const VarDecl *Var) {
    CallOperands Operands(Construct);
    if (isLockType(Construct->getType())) {
      for (const ValueDecl *Mutex : mutexesTakenBy(Construct))
        take(Var, Mutex, Construct);
      return;
    }
    const FunctionDecl *Ctor = analysableDefinition(
        Construct->getConstructor(), Analysis.context().getSourceManager());
    llvm::SmallVector<const ValueDecl *, 2> Taken;
    if (Ctor && FollowCalls)
      Taken = applyEffectsOf(Ctor, Operands, Var, Construct, true);
    handOver(Var, Operands, Construct->getConstructor(), Taken);
  }

  void applyLockEffects(const CallExpr *Call,
                        llvm::ArrayRef<const FunctionDecl *> Targets) {
    CallOperands Operands(Call);
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Targets.empty()) {
      const SourceManager &SM = Analysis.context().getSourceManager();
      if (!Callee || (!isInSystemHeader(Callee, SM) && !Callee->isImplicit()))
        handOver(nullptr, Operands, Callee, {});
      return;
    }
    // Past the call depth the callee is not read: it may lock.
    if (!FollowCalls) {
      handOver(nullptr, Operands, Callee, {});
      return;
    }
    for (const FunctionDecl *Target : Targets)
      applyEffectsOf(Target, Operands, nullptr, Call, Targets.size() == 1);
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
    for (const FunctionDecl *Target : Targets)
      for (const SyncEvent &Inner : Traces.trace(Target)) {
        SyncEvent &Event = Out.emplace_back(Inner);
        Event.Via = Call;
        Event.Repeated |= LoopDepth > 0;
        addHeld(Event);
      }
  }

  ThreadAnalysis &Analysis;
  SyncTraces &Traces;
  const bool FollowCalls;
  std::vector<SyncEvent> &Out;
  llvm::SmallVector<HeldLock, 4> Locks;
  /// Mutexes given back that were not taken here.
  llvm::SmallVector<const ValueDecl *, 1> Released;
};

} // namespace

const SyncTraces::FunctionTrace &SyncTraces::compute(const FunctionDecl *F) {
  if (auto It = Memo.find(F); It != Memo.end())
    return It->second;
  Memo[F];
  FunctionTrace Result;
  ++Depth;
  if (const Stmt *Body = F->getBody()) {
    TraceBuilder Builder(Analysis, *this, Depth <= Analysis.maxCallDepth(),
                         Result.Events);
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(F))
      Builder.constructMembers(Ctor);
    Builder.TraverseStmt(const_cast<Stmt *>(Body));
    Result.Effects = Builder.effects();
  }
  --Depth;
  FunctionTrace &Slot = Memo[F];
  Slot = std::move(Result);
  return Slot;
}

llvm::ArrayRef<SyncEvent> SyncTraces::trace(const FunctionDecl *F) {
  return compute(F).Events;
}

llvm::ArrayRef<LockEffect> SyncTraces::lockEffects(const FunctionDecl *F) {
  return compute(F).Effects;
}

} // namespace clang::tidy::threadleak
