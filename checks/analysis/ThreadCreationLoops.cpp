//===--- ThreadCreationLoops.cpp - threadleak -----------------------------===//

#include "ThreadCreationLoops.h"
#include "FunctionBodyVisitor.h"
#include "Loops.h"
#include "Names.h"
#include "StatementWalk.h"
#include "ThreadMembers.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::threadleak {

using LoopStack = llvm::SmallVector<const Stmt *, 4>;

/// A place in a loop that starts a thread: the launch itself, or a call to
/// a function that starts one.
struct ThreadCreationLoops::Site {
  const Expr *Where = nullptr;
  const ThreadLaunch *Launch = nullptr;
  /// For a call: the function it calls that starts the thread.
  const FunctionDecl *Callee = nullptr;
  LoopStack Loops;
  /// For each loop in Loops: whether the site is inside an `if`, a
  /// `switch` or a `?:` within that loop.
  llvm::SmallVector<bool, 4> Guarded;
  enum FateKind {
    Outlives, ///< detached, `new`, a pthread, a user launcher
    Held,     ///< kept in Handle (a variable, or a container if IsContainer)
    Scoped,   ///< joined or waited for before the statement ends
    Unknown,  ///< cannot tell: not judged
  } Fate = Unknown;
  const ValueDecl *Handle = nullptr;
  bool IsContainer = false;
  /// What the thread is stored into: the left side of the assignment,
  /// pthread_create's handle argument; null otherwise.
  const Expr *Target = nullptr;
};

/// What a walk of one loop (or one function body) found.
struct ThreadCreationLoops::Walk {
  std::vector<Site> Sites;
  /// Something that limits how many threads run at once (a join, a wait on
  /// earlier threads, a semaphore acquire), with the loops around it.
  std::vector<std::pair<const Stmt *, LoopStack>> Throttles;
  /// Calls to functions defined here, with the loops around them.
  struct Call {
    const CallExpr *Expr = nullptr;
    LoopStack Loops;
    llvm::SmallVector<bool, 4> Guarded;
    llvm::SmallVector<const FunctionDecl *, 2> Targets;
  };
  std::vector<Call> Calls;
  /// Locals declared in the walk, with the number of loops around them.
  llvm::DenseMap<const ValueDecl *, unsigned> DeclaredAt;
  llvm::DenseSet<const ValueDecl *> Detached;
  llvm::DenseSet<const ValueDecl *> Joined;
  /// A thread or future moved into a container or another variable.
  llvm::DenseMap<const ValueDecl *, const ValueDecl *> MovedInto;
  llvm::DenseSet<const Stmt *> NestedLoops;
};

struct ThreadCreationLoops::CallSummary {
  Walk W;
  std::optional<bool> Throttles;
  std::optional<PerCall> Launch;
};

static bool isNamedMethod(const CXXMemberCallExpr *Call,
                          std::initializer_list<StringRef> Names) {
  const CXXMethodDecl *M = Call->getMethodDecl();
  return M && M->getIdentifier() && llvm::is_contained(Names, M->getName());
}

static bool isCalled(const CallExpr *Call,
                     std::initializer_list<StringRef> Names) {
  const FunctionDecl *F = Call->getDirectCallee();
  return F && F->getIdentifier() && llvm::is_contained(Names, F->getName());
}

/// The class of a container's elements (`std::jthread`), or "".
static std::string elementClass(QualType Container) {
  QualType Element = containerElementType(Container);
  return Element.isNull() ? "" : className(Element);
}

/// Destroying one joins or waits for its thread.
static bool joinsOnDestruction(StringRef Class) {
  return Class == "std::jthread" || Class == "std::future" ||
         Class == "std::shared_future";
}

/// Whether \p S compares a count (`Active < Max`, `Done == Total`): not a
/// test against zero, a bool or null, which is how a queue tests for data.
static bool comparesCount(const Stmt *S) {
  if (!S)
    return false;
  if (const auto *Binary = dyn_cast<BinaryOperator>(S);
      Binary && Binary->isComparisonOp()) {
    auto IsTrivial = [](const Expr *E) {
      E = E->IgnoreParenImpCasts();
      if (const auto *Int = dyn_cast<IntegerLiteral>(E))
        return Int->getValue() == 0;
      return isa<CXXBoolLiteralExpr, CXXNullPtrLiteralExpr, GNUNullExpr>(E);
    };
    if (!IsTrivial(Binary->getLHS()) && !IsTrivial(Binary->getRHS()))
      return true;
  }
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S))
    return comparesCount(Lambda->getBody());
  return llvm::any_of(S->children(),
                      [](const Stmt *Child) { return comparesCount(Child); });
}

/// A call that makes the loop wait for earlier threads or for a free slot:
/// a join, a future's get or wait, a latch or barrier wait, a semaphore
/// acquire, destroying joining threads (`Threads.clear()` of jthreads), a
/// condition variable wait for a count (`Active < Max`).
static bool isThrottleCall(const CallExpr *Call) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *M = Member->getMethodDecl();
    if (!M || !M->getIdentifier())
      return false;
    StringRef Name = M->getName();
    std::string Class = objectClassName(Member);
    std::string LowerClass = StringRef(Class).lower();
    if (Name == "join" || Name == "join_all" || Name == "joinAll" ||
        Name == "wait_all" || Name == "waitAll")
      return true;
    if ((Class == "std::future" || Class == "std::shared_future") &&
        (Name == "get" || Name == "wait" || Name == "wait_for" ||
         Name == "wait_until"))
      return true;
    if ((Name == "wait" || Name == "Wait" || Name == "arrive_and_wait") &&
        (StringRef(LowerClass).contains("latch") ||
         StringRef(LowerClass).contains("barrier") ||
         StringRef(LowerClass).contains("group") ||
         StringRef(LowerClass).contains("counter")))
      return true;
    if (Name == "acquire" || Name == "try_acquire" ||
        Name == "try_acquire_for" || Name == "try_acquire_until" ||
        Name == "Acquire" || Name == "TryAcquire")
      return true;
    if (isNamedMethod(Member, {"clear", "erase", "pop_front", "pop_back",
                               "resize", "remove_if"}) &&
        joinsOnDestruction(
            elementClass(writtenType(Member->getImplicitObjectArgument()))))
      return true;
    if ((Class == "std::condition_variable" ||
         Class == "std::condition_variable_any") &&
        (Name == "wait" || Name == "wait_for" || Name == "wait_until") &&
        Call->getNumArgs() >= 2 &&
        comparesCount(Call->getArg(Call->getNumArgs() - 1)))
      return true;
    return false;
  }
  if (isCalled(Call, {"pthread_join", "sem_wait", "sem_trywait",
                      "sem_timedwait", "sem_clockwait"}))
    return true;
  if (isCalled(Call, {"erase_if", "erase"}) && Call->getNumArgs() >= 1 &&
      joinsOnDestruction(elementClass(Call->getArg(0)->getType())))
    return true;
  return false;
}

/// A call that waits or sleeps: the body of a loop that waits for a free
/// slot (`while (Active >= Max) sleep_for(...)`).
static bool isPause(const CallExpr *Call) {
  return isCalled(Call, {"sleep_for", "sleep_until", "yield", "sleep", "usleep",
                         "nanosleep", "wait", "wait_for", "wait_until",
                         "pthread_cond_wait", "pthread_cond_timedwait"});
}

static bool containsPause(const Stmt *S) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (const auto *Call = dyn_cast<CallExpr>(S); Call && isPause(Call))
    return true;
  return llvm::any_of(S->children(),
                      [](const Stmt *Child) { return containsPause(Child); });
}

/// `std::move(X)` or `X`: the variable X.
static const ValueDecl *movedVariable(const Expr *E) {
  E = E->IgnoreImplicit()->IgnoreParens();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
      Construct && Construct->getNumArgs() == 1)
    E = Construct->getArg(0)->IgnoreImplicit()->IgnoreParens();
  if (const auto *Call = dyn_cast<CallExpr>(E);
      Call && Call->getNumArgs() == 1 && isCalled(Call, {"move"}))
    E = Call->getArg(0);
  const auto *Var = dyn_cast_or_null<VarDecl>(referencedDecl(E));
  return Var;
}

/// The container an element expression is in (`V[i]`, `V.at(i)`); the
/// variable or member itself otherwise.
static const ValueDecl *storage(const Expr *E) {
  E = E->IgnoreImplicit()->IgnoreParens();
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      Op && Op->getOperator() == OO_Subscript)
    return referencedDecl(Op->getArg(0));
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E))
    return referencedDecl(Subscript->getBase());
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E);
      Member && isNamedMethod(Member, {"at", "back", "front"}))
    return referencedDecl(Member->getImplicitObjectArgument());
  return referencedDecl(E);
}

static bool isInsertion(const CXXMemberCallExpr *Call) {
  return isNamedMethod(Call,
                       {"push_back", "emplace_back", "push_front",
                        "emplace_front", "insert", "emplace", "push",
                        "try_emplace", "insert_or_assign", "emplace_hint"});
}

namespace {

/// Walks a loop (or a function body) and records where threads start, what
/// holds them, and what limits them.
class Walker : public FunctionBodyVisitor<Walker> {
public:
  using Site = ThreadCreationLoops::Site;
  using Walk = ThreadCreationLoops::Walk;

  Walker(const llvm::DenseMap<const Expr *, ThreadLaunch> &Launches,
         ThreadAnalysis &Analysis, Walk &Out)
      : Launches(Launches), Analysis(Analysis), Out(Out) {}

  // Pre and post hooks rather than a TraverseStmt override, which would
  // recurse on the native stack for every statement: RecursiveASTVisitor
  // keeps its own queue between them.
  bool dataTraverseStmtPre(Stmt *S) {
    bool IsLoop =
        LambdaDepth == 0 && isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S);
    bool IsBranch = isa<IfStmt, SwitchStmt, AbstractConditionalOperator>(S);
    Open.push_back({Out.Sites.size(), IsLoop, IsBranch});
    Parents.push_back(S);
    if (IsLoop) {
      Loops.push_back(S);
      BranchesAtLoop.push_back(Branches);
      Out.NestedLoops.insert(S);
    }
    Branches += IsBranch;
    return true;
  }

  bool dataTraverseStmtPost(Stmt *S) {
    OpenStatement Done = Open.pop_back_val();
    Branches -= Done.IsBranch;
    if (Done.IsLoop) {
      Loops.pop_back();
      BranchesAtLoop.pop_back();
      // `while (Active >= Max) sleep_for(...)`: waits for a free slot.
      if (Out.Sites.size() == Done.SitesBefore && !Loops.empty() &&
          comparesCount(loopCondition(S)) && containsPause(loopBody(S)))
        Out.Throttles.emplace_back(S, Loops);
    }
    Parents.pop_back();
    return true;
  }

  bool VisitVarDecl(VarDecl *Var) {
    if (LambdaDepth == 0)
      Out.DeclaredAt[Var] = Loops.size();
    return true;
  }

  bool VisitExpr(Expr *E) {
    if (LambdaDepth > 0)
      return true;
    if (auto It = Launches.find(E); It != Launches.end()) {
      addLaunch(E, It->second);
      return true;
    }
    const auto *Call = dyn_cast<CallExpr>(E);
    if (!Call)
      return true;
    recordUses(Call);
    if (isThrottleCall(Call)) {
      Out.Throttles.emplace_back(Call, Loops);
      return true;
    }
    llvm::SmallVector<const FunctionDecl *, 2> Targets =
        Analysis.callTargets(Call);
    if (!Targets.empty()) {
      Walk::Call &Recorded = Out.Calls.emplace_back();
      Recorded.Expr = Call;
      Recorded.Loops = Loops;
      Recorded.Guarded = guarded();
      Recorded.Targets = std::move(Targets);
    }
    return true;
  }

private:
  llvm::SmallVector<bool, 4> guarded() const {
    llvm::SmallVector<bool, 4> Result;
    for (unsigned AtEntry : BranchesAtLoop)
      Result.push_back(Branches > AtEntry);
    return Result;
  }

  void recordUses(const CallExpr *Call) {
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      const Expr *Object = Member->getImplicitObjectArgument();
      if (isNamedMethod(Member, {"detach"}))
        Out.Detached.insert(threadHolder(Object));
      else if (isNamedMethod(Member, {"join"}))
        Out.Joined.insert(threadHolder(Object));
      else if (isInsertion(Member))
        for (const Expr *Arg : Call->arguments())
          if (const ValueDecl *Moved = movedVariable(Arg))
            Out.MovedInto[Moved] = storage(Object);
      return;
    }
    if (isCalled(Call, {"pthread_detach"}) && Call->getNumArgs() == 1)
      Out.Detached.insert(referencedDecl(Call->getArg(0)));
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
        Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
      if (const ValueDecl *Moved = movedVariable(Op->getArg(1)))
        Out.MovedInto[Moved] = storage(Op->getArg(0));
  }

  void addLaunch(const Expr *E, const ThreadLaunch &Launch) {
    Site S;
    S.Where = E;
    S.Launch = &Launch;
    S.Loops = Loops;
    S.Guarded = guarded();
    classifyFate(S, E, Launch);
    Out.Sites.push_back(std::move(S));
  }

  /// What holds the thread \p E starts, from the expressions around it.
  void classifyFate(Site &S, const Expr *E, const ThreadLaunch &Launch) {
    if (Launch.Kind == LaunchKind::Pthread || Launch.Kind == LaunchKind::User) {
      // pthread_join in the loop is a throttle; a user launcher's thread is
      // the launcher's.
      S.Fate = Site::Outlives;
      if (const auto *Create = cast<CallExpr>(E);
          Launch.Kind == LaunchKind::Pthread && Create->getNumArgs() > 0)
        S.Target = Create->getArg(0);
      return;
    }
    if (const auto *Emplace = dyn_cast<CXXMemberCallExpr>(E)) {
      S.Fate = Site::Held;
      S.Handle = storage(Emplace->getImplicitObjectArgument());
      S.IsContainer = true;
      return;
    }
    const Stmt *Child = E;
    const Stmt *Parent = nullptr;
    for (size_t I = Parents.size() - 1; I-- > 0;) {
      Parent = Parents[I];
      if (isa<ImplicitCastExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr,
              ExprWithCleanups, ParenExpr, CXXFunctionalCastExpr,
              CXXStaticCastExpr>(Parent)) {
        Child = Parent;
        Parent = nullptr;
        continue;
      }
      if (const auto *Copy = dyn_cast<CXXConstructExpr>(Parent);
          Copy && Copy->getNumArgs() == 1 &&
          Copy->getConstructor()->isCopyOrMoveConstructor()) {
        Child = Parent;
        Parent = nullptr;
        continue;
      }
      break;
    }
    if (!Parent)
      return;
    if (const auto *Member = dyn_cast<MemberExpr>(Parent)) {
      // A temporary: `std::thread(F).detach()`; anything else (join, get,
      // wait) ends with the statement.
      const auto *Method = dyn_cast<CXXMethodDecl>(Member->getMemberDecl());
      S.Fate =
          Method && Method->getIdentifier() && Method->getName() == "detach"
              ? Site::Outlives
              : Site::Scoped;
      return;
    }
    if (const auto *Decl = dyn_cast<DeclStmt>(Parent)) {
      for (const clang::Decl *D : Decl->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D);
            Var && Var->getInit() == Child) {
          S.Fate = Site::Held;
          S.Handle = Var;
        }
      return;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Parent)) {
      if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
          Op->getArg(1) == Child) {
        const Expr *Target = Op->getArg(0)->IgnoreImplicit()->IgnoreParens();
        S.Fate = Site::Held;
        S.Handle = storage(Target);
        S.IsContainer = S.Handle && S.Handle != referencedDecl(Target);
        S.Target = Target;
      }
      return;
    }
    if (const auto *Insert = dyn_cast<CXXMemberCallExpr>(Parent)) {
      if (isInsertion(Insert)) {
        S.Fate = Site::Held;
        S.Handle = storage(Insert->getImplicitObjectArgument());
        S.IsContainer = true;
      }
      return;
    }
    if (isa<CXXNewExpr>(Parent)) {
      S.Fate = Site::Outlives;
      return;
    }
    if (!isa<Expr>(Parent) && !isa<ReturnStmt>(Parent)) {
      // A discarded temporary: a std::async future or a std::jthread waits
      // for the thread at the end of the statement, a boost::thread
      // detaches it; a std::thread terminates the process.
      if (Launch.Kind == LaunchKind::StdAsync ||
          Launch.Kind == LaunchKind::StdJThread)
        S.Fate = Site::Scoped;
      else if (Launch.Kind == LaunchKind::Boost)
        S.Fate = Site::Outlives;
    }
  }

  const llvm::DenseMap<const Expr *, ThreadLaunch> &Launches;
  ThreadAnalysis &Analysis;
  Walk &Out;
  LoopStack Loops;
  /// The branches entered, in all and when each loop was entered.
  unsigned Branches = 0;
  llvm::SmallVector<unsigned, 4> BranchesAtLoop;
  llvm::SmallVector<const Stmt *, 16> Parents;
  /// What dataTraverseStmtPost needs of each statement being walked.
  struct OpenStatement {
    size_t SitesBefore;
    bool IsLoop;
    bool IsBranch;
  };
  llvm::SmallVector<OpenStatement, 16> Open;
};

} // namespace

/// Whether a std::async call runs its function on a new thread for sure:
/// the policy is std::launch::async alone. The default policy lets the
/// library defer the call.
static bool startsThread(const ThreadLaunch &Launch, const ASTContext &Ctx) {
  if (Launch.Kind != LaunchKind::StdAsync)
    return true;
  const auto *Call = cast<CallExpr>(Launch.Launch);
  const Expr *Policy = Call->getArg(0);
  const auto *ET = Policy->getType()->getAs<EnumType>();
  if (!ET || qualifiedName(ET->getDecl()) != "std::launch" ||
      Policy->isValueDependent())
    return false;
  Expr::EvalResult Result;
  if (!Policy->EvaluateAsInt(Result, Ctx))
    return false;
  return Result.Val.getInt() == 1; // async, not async | deferred
}

/// A launcher from the ThreadLaunchers option that hands work to a pool
/// rather than starting a thread (`ThreadPool::submit`).
static bool isPoolLauncher(const ThreadLaunch &Launch) {
  if (Launch.Kind != LaunchKind::User)
    return false;
  const auto *Call = cast<CallExpr>(Launch.Launch);
  std::string Name = StringRef(qualifiedName(Call->getDirectCallee())).lower();
  return StringRef(Name).contains("pool") ||
         StringRef(Name).contains("executor");
}

ThreadCreationLoops::ThreadCreationLoops(ThreadAnalysis &Analysis,
                                         llvm::ArrayRef<ThreadLaunch> All,
                                         ThreadCreationLimits Limits)
    : Analysis(Analysis), Limits(std::move(Limits)) {
  for (const ThreadLaunch &L : All)
    if (startsThread(L, Analysis.context()) && !isPoolLauncher(L))
      Launches.try_emplace(L.Launch, L);
}

ThreadCreationLoops::~ThreadCreationLoops() = default;

std::vector<UnboundedCreation>
ThreadCreationLoops::find(llvm::ArrayRef<const Stmt *> Loops) {
  std::vector<UnboundedCreation> Found;
  if (Launches.empty())
    return Found;
  llvm::DenseSet<const Stmt *> Walked;
  for (const Stmt *Loop : Loops) {
    if (Walked.contains(Loop))
      continue;
    Walk W;
    Walker(Launches, Analysis, W).TraverseStmt(const_cast<Stmt *>(Loop));
    Walked.insert(W.NestedLoops.begin(), W.NestedLoops.end());
    for (const Site &S : W.Sites)
      judge(S, W, Found);
    for (const Walk::Call &C : W.Calls)
      for (const FunctionDecl *Target : C.Targets)
        if (PerCall L = launchPerCall(Target, 1); L.Launch) {
          // `for (auto &S : Services) S->start();` where start() keeps
          // its thread in a std::thread member: one thread per object
          // that exists before the loop, not per unit of load.
          if (const auto *Method = dyn_cast<CXXMemberCallExpr>(C.Expr);
              Method && L.InOwnMember &&
              isLoopElement(Method->getImplicitObjectArgument(), C.Loops))
            continue;
          Site S;
          S.Where = C.Expr;
          S.Launch = L.Launch;
          S.Callee = Target;
          S.Loops = C.Loops;
          S.Guarded = C.Guarded;
          S.Fate = Site::Outlives;
          judge(S, W, Found);
          break;
        }
  }
  return Found;
}

bool ThreadCreationLoops::startsUnboundedIn(const FunctionDecl *F,
                                            const Stmt *S) {
  // The loops a matcher for loops outside system headers finds in F.
  const SourceManager &SM = Analysis.context().getSourceManager();
  std::vector<const Stmt *> Loops;
  forEachStmtDeep(F->getBody(), [&](const Stmt *Child) {
    if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(Child) &&
        !SM.isInSystemHeader(SM.getExpansionLoc(Child->getBeginLoc())))
      Loops.push_back(Child);
  });
  std::vector<UnboundedCreation> Found = find(Loops);
  if (Found.empty())
    return false;
  llvm::SmallPtrSet<const Stmt *, 8> Inside;
  forEachStmtDeep(S, [&](const Stmt *Child) { Inside.insert(Child); });
  return llvm::any_of(Found, [&](const UnboundedCreation &U) {
    return Inside.contains(U.Where);
  });
}

ThreadCreationLoops::CallSummary &
ThreadCreationLoops::summary(const FunctionDecl *F) {
  std::unique_ptr<CallSummary> &Entry = Summaries[F];
  if (!Entry) {
    Entry = std::make_unique<CallSummary>();
    Walker(Launches, Analysis, Entry->W).TraverseStmt(F->getBody());
  }
  return *Entry;
}

bool ThreadCreationLoops::throttles(const FunctionDecl *F, unsigned Depth) {
  CallSummary &S = summary(F);
  if (S.Throttles)
    return *S.Throttles;
  S.Throttles = !S.W.Throttles.empty();
  if (!*S.Throttles && Depth < Analysis.maxCallDepth())
    S.Throttles = llvm::any_of(S.W.Calls, [&](const Walk::Call &C) {
      return llvm::any_of(C.Targets, [&](const FunctionDecl *T) {
        return throttles(T, Depth + 1);
      });
    });
  return *S.Throttles;
}

/// The object a member function is called on is the caller's own:
/// `launch()`, `this->launch()`.
static bool isCallOnThis(const CallExpr *Call) {
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
  return Member &&
         isa<CXXThisExpr>(
             Member->getImplicitObjectArgument()->IgnoreParenImpCasts());
}

ThreadCreationLoops::PerCall
ThreadCreationLoops::launchPerCall(const FunctionDecl *F, unsigned Depth) {
  CallSummary &S = summary(F);
  if (S.Launch)
    return *S.Launch;
  S.Launch = PerCall(); // also the answer while F is being looked at
  if (throttles(F, Depth))
    return {};
  // The first launch kept in a single-thread member of F's object: the
  // answer unless F also starts a thread that is not.
  PerCall InOwnMember;
  for (const Site &Launch : S.W.Sites) {
    bool Outlives = Launch.Fate == Site::Outlives;
    bool MovedAway = false;
    if (Launch.Fate == Site::Held && Launch.Handle) {
      // Kept in a member, a global or a parameter's container: the thread
      // outlives the call; a local is joined or destroyed before it returns.
      Outlives = !S.W.DeclaredAt.contains(Launch.Handle) ||
                 S.W.Detached.contains(Launch.Handle);
      if (const ValueDecl *Into = S.W.MovedInto.lookup(Launch.Handle)) {
        Outlives = !S.W.DeclaredAt.contains(Into);
        MovedAway = true;
      }
    }
    if (!Outlives)
      continue;
    if (const FieldDecl *Member = ownSingleThreadMember(Launch.Target);
        Member && !MovedAway && !S.W.Detached.contains(Member) &&
        !Launch.IsContainer) {
      if (!InOwnMember.Launch)
        InOwnMember = {Launch.Launch, true};
      continue;
    }
    return *(S.Launch = PerCall{Launch.Launch, false});
  }
  if (Depth < Analysis.maxCallDepth())
    for (const Walk::Call &C : S.W.Calls)
      for (const FunctionDecl *T : C.Targets)
        if (PerCall L = launchPerCall(T, Depth + 1); L.Launch) {
          if (L.InOwnMember && isCallOnThis(C.Expr)) {
            if (!InOwnMember.Launch)
              InOwnMember = L;
            continue;
          }
          return *(S.Launch = PerCall{L.Launch, false});
        }
  return *(S.Launch = InOwnMember);
}

bool ThreadCreationLoops::isThreadPoolWorker(const ThreadLaunch &Launch) {
  if (!analysableDefinition(Launch.Body, Analysis.context().getSourceManager()))
    return false;
  for (auto [F, Depth] : Analysis.reachableFunctions(Launch.Body)) {
    const FunctionFacts &Facts = Analysis.facts(F);
    if (!Facts.EndlessLoops.empty() ||
        llvm::any_of(Facts.BlockingCalls, [](const BlockingCall &Wait) {
          return Wait.EnclosingLoop != nullptr;
        }))
      return true;
  }
  return false;
}

LoopBound ThreadCreationLoops::boundOf(const Stmt *Loop) {
  auto [It, Inserted] = Bounds.try_emplace(Loop);
  if (Inserted)
    It->second = loopBound(Loop, Analysis, Limits.Blocking);
  return It->second;
}

static unsigned commonLoops(const LoopStack &A, const LoopStack &B) {
  unsigned N = 0;
  while (N < A.size() && N < B.size() && A[N] == B[N])
    ++N;
  return N;
}

void ThreadCreationLoops::judge(const Site &S, const Walk &W,
                                std::vector<UnboundedCreation> &Found) {
  Site::FateKind Fate = S.Fate;
  const ValueDecl *Handle = S.Handle;
  if (Fate == Site::Held) {
    if (!Handle)
      return;
    if (!S.IsContainer) {
      if (W.Detached.contains(Handle)) {
        Fate = Site::Outlives;
      } else if (const ValueDecl *Into = W.MovedInto.lookup(Handle)) {
        Handle = Into; // a container now
      } else {
        std::string Class = className(Handle->getType());
        // A std::thread that is neither detached nor moved away is joined
        // in the loop or terminates the process (unjoined-thread's): no
        // threads pile up.
        if (Class == "std::thread")
          return;
        if (Class == "boost::thread" && !W.Joined.contains(Handle))
          Fate = Site::Outlives;
        else if (!W.DeclaredAt.contains(Handle))
          return; // assigning a jthread or future waits for the previous one
      }
    }
  } else if (Fate != Site::Outlives) {
    return;
  }
  // The loops inside which threads accumulate: those inside the scope of
  // what holds them, and inside the innermost loop that waits for them.
  unsigned From = 0;
  if (Fate == Site::Held)
    From = W.DeclaredAt.lookup(Handle);
  for (const auto &Throttle : W.Throttles)
    From = std::max(From, commonLoops(Throttle.second, S.Loops));
  for (const Walk::Call &C : W.Calls)
    if (llvm::any_of(C.Targets,
                     [&](const FunctionDecl *T) { return throttles(T, 1); }))
      From = std::max(From, commonLoops(C.Loops, S.Loops));
  if (From >= S.Loops.size())
    return;

  bool PoolWorker = isThreadPoolWorker(*S.Launch);
  for (size_t I = S.Loops.size(); I-- > From;) {
    LoopBound B = boundOf(S.Loops[I]);
    if (B.isBounded() || B.Kind == LoopBoundKind::Unknown)
      continue;
    // A loop that only ends on a flag and starts a thread when some
    // condition holds restarts a worker or scales a pool; with no event
    // to answer, that is not one thread per iteration.
    if ((B.Kind == LoopBoundKind::Endless ||
         B.Kind == LoopBoundKind::UntilFlag) &&
        S.Guarded[I])
      continue;
    // Workers started per element or up to a count are a pool.
    if (PoolWorker &&
        (B.Kind == LoopBoundKind::Elements || B.Kind == LoopBoundKind::Count))
      return;
    // A number of threads the program chooses (a stress test's count, a
    // pool sized when built): an outer loop on input may still pile them
    // up.
    if (B.isFixedByProgram() && !Limits.FixedThreadCounts)
      continue;
    Found.push_back({S.Where, S.Launch, S.Callee, S.Loops[I], B, 0});
    return;
  }
  if (!Limits.FixedThreadCounts)
    return;
  uint64_t Product = 1;
  for (size_t I = From; I < S.Loops.size(); ++I) {
    LoopBound B = boundOf(S.Loops[I]);
    if (B.Kind != LoopBoundKind::Constant)
      return;
    Product = B.TripCount != 0 && Product > UINT64_MAX / B.TripCount
                  ? UINT64_MAX
                  : Product * B.TripCount;
  }
  if (Product > Limits.MaxThreadsPerLoop && !PoolWorker)
    Found.push_back({S.Where, S.Launch, S.Callee, S.Loops[From],
                     boundOf(S.Loops[From]), Product});
}

} // namespace clang::tidy::threadleak
