//===--- JoinablePaths.cpp - threadleak -----------------------------------===//

#include "JoinablePaths.h"
#include "Names.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <deque>
#include <memory>

namespace clang::tidy::threadleak {

static bool isStdThreadType(QualType T) {
  const auto *RD = T.isNull() ? nullptr : T->getAsCXXRecordDecl();
  return RD && RD->getIdentifier() && RD->getName() == "thread" &&
         qualifiedName(RD) == "std::thread";
}

bool isStdThreadLaunch(const Expr *E) {
  if (!E)
    return false;
  E = E->IgnoreImplicit()->IgnoreParens();
  if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E))
    E = Cast->getSubExpr()->IgnoreImplicit()->IgnoreParens();
  const auto *Construct = dyn_cast<CXXConstructExpr>(E);
  return Construct && Construct->getNumArgs() >= 1 &&
         !Construct->getConstructor()->isCopyOrMoveConstructor() &&
         isStdThreadType(Construct->getType());
}

namespace {

/// What the CFG walk needs to know about the function's statements: its
/// local threads, the uses that end their joinable state, the try blocks
/// around each statement and each thread.
class ThreadUses : public RecursiveASTVisitor<ThreadUses> {
  using Base = RecursiveASTVisitor<ThreadUses>;

public:
  explicit ThreadUses(const FunctionDecl *F) : F(F) {}

  // Lambda bodies and local classes are functions of their own; a capture
  // is seen on the lambda's CFG element.
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }

  bool TraverseCXXTryStmt(CXXTryStmt *Try) {
    WalkUpFromCXXTryStmt(Try);
    Tries.push_back(Try);
    bool Result = TraverseStmt(Try->getTryBlock());
    Tries.pop_back();
    for (unsigned I = 0; Result && I < Try->getNumHandlers(); ++I)
      Result = TraverseStmt(Try->getHandler(I));
    return Result;
  }

  bool VisitStmt(Stmt *S) {
    if (!Tries.empty())
      InnermostTry[S] = Tries.back();
    return true;
  }

  bool VisitVarDecl(VarDecl *Var) {
    if (Var->getDeclContext() == F && Var->hasLocalStorage() &&
        !isa<ParmVarDecl>(Var) && isStdThreadType(Var->getType())) {
      Index[Var] = Threads.size();
      Threads.push_back(Var);
      EnclosingTries[Var].append(Tries.begin(), Tries.end());
    }
    return true;
  }

  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (Method && Method->getIdentifier() && Method->getName() == "get_id")
      if (const auto *Ref = dyn_cast<DeclRefExpr>(
              Call->getImplicitObjectArgument()->IgnoreParenImpCasts()))
        Harmless.insert(Ref);
    return true;
  }

  const FunctionDecl *F;
  llvm::SmallVector<const VarDecl *, 2> Threads;
  llvm::DenseMap<const VarDecl *, unsigned> Index;
  llvm::DenseMap<const VarDecl *, llvm::SmallVector<const CXXTryStmt *, 1>>
      EnclosingTries;
  llvm::DenseMap<const Stmt *, const CXXTryStmt *> InnermostTry;
  llvm::DenseSet<const DeclRefExpr *> Harmless;

private:
  llvm::SmallVector<const CXXTryStmt *, 2> Tries;
};

/// A thread-tracking forward dataflow over the CFG: the set of local
/// threads that may be joinable at each point.
class JoinableFlow {
public:
  JoinableFlow(const CFG &Graph, const ThreadUses &Uses, bool CanThrow,
               bool UncaughtTerminates, bool UncaughtFailsTheTest,
               ASTContext &Context,
               llvm::function_ref<unsigned(const Expr *)> ThrowCauses)
      : Graph(Graph), Uses(Uses), CanThrow(CanThrow),
        UncaughtTerminates(UncaughtTerminates),
        UncaughtFailsTheTest(UncaughtFailsTheTest), Context(Context),
        ThrowCauses(ThrowCauses) {
    for (const CFGBlock *Dispatch :
         llvm::make_range(Graph.try_blocks_begin(), Graph.try_blocks_end()))
      if (const auto *Try =
              dyn_cast_or_null<CXXTryStmt>(Dispatch->getTerminatorStmt()))
        DispatchOf[Try] = Dispatch;
  }

  std::vector<JoinableExit> run() {
    unsigned N = Uses.Threads.size();
    In.assign(Graph.getNumBlockIDs(), llvm::BitVector(N));
    Seen.assign(Graph.getNumBlockIDs(), false);
    const CFGBlock &Entry = Graph.getEntry();
    Seen[Entry.getBlockID()] = true;
    Work.push_back(&Entry);
    while (!Work.empty()) {
      const CFGBlock *B = Work.front();
      Work.pop_front();
      transfer(*B, /*Report=*/false);
    }
    for (const CFGBlock *B : Graph)
      if (Seen[B->getBlockID()])
        transfer(*B, /*Report=*/true);
    return std::move(Exits);
  }

private:
  void merge(const CFGBlock *To, const llvm::BitVector &State) {
    if (!To)
      return;
    unsigned ID = To->getBlockID();
    llvm::BitVector Before = In[ID];
    In[ID] |= State;
    if (!Seen[ID] || In[ID] != Before) {
      Seen[ID] = true;
      Work.push_back(To);
    }
  }

  int indexOf(const Expr *E) const {
    const auto *Ref =
        dyn_cast_or_null<DeclRefExpr>(E ? E->IgnoreParenImpCasts() : nullptr);
    if (!Ref)
      return -1;
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    auto It = Var ? Uses.Index.find(Var) : Uses.Index.end();
    return It == Uses.Index.end() ? -1 : static_cast<int>(It->second);
  }

  void addExit(JoinableExit::ExitKind Kind, unsigned I, const Stmt *Where,
               SourceLocation Loc, unsigned Causes) {
    JoinableExit Exit;
    Exit.Kind = Kind;
    Exit.Causes = Causes;
    Exit.Thread = Uses.Threads[I];
    Exit.Launch = LaunchOf.lookup(Exit.Thread);
    Exit.Where = Where;
    Exit.Loc = Loc;
    if (llvm::none_of(Exits, [&](const JoinableExit &Known) {
          return Known.Thread == Exit.Thread && Known.Where == Where;
        }))
      Exits.push_back(Exit);
  }

  /// An exception thrown by \p S, for \p Causes: threads declared inside
  /// the try block that catches it (or anywhere, when nothing here catches
  /// it) are destroyed by the unwinding; the others reach the handlers. One
  /// that leaves main() terminates the process anyway; one that leaves a
  /// test body fails the test (an assertion failure's path).
  void throwFrom(const Stmt *S, llvm::BitVector State, bool Report,
                 unsigned Causes) {
    const CXXTryStmt *Try = Uses.InnermostTry.lookup(S);
    if (!Try && UncaughtTerminates)
      return;
    if (Try)
      Causes = expectedByTheAuthor(Causes);
    else if (UncaughtFailsTheTest)
      Causes = AssertionFailurePath;
    for (unsigned I : State.set_bits()) {
      const VarDecl *Var = Uses.Threads[I];
      bool Unwound =
          !Try || llvm::is_contained(Uses.EnclosingTries.lookup(Var), Try);
      if (!Unwound)
        continue;
      State.reset(I);
      if (Report)
        addExit(JoinableExit::Exception, I, S,
                isa<Expr>(S) ? cast<Expr>(S)->getExprLoc() : S->getBeginLoc(),
                Causes);
    }
    if (Try && !Report)
      merge(DispatchOf.lookup(Try), State);
  }

  /// The causes for which \p S throws here; NoCause when it is no throw
  /// point.
  unsigned throwPointCauses(const Stmt *S) const {
    if (!CanThrow ||
        !isa<CallExpr, CXXConstructExpr, CXXNewExpr, CXXThrowExpr>(S))
      return NoCause;
    // A failing thread start, join or detach (std::system_error) is not the
    // exception this analysis is about: it is reported for threads started
    // in a loop, not for every pair of threads.
    if (isStdThreadLaunch(cast<Expr>(S)))
      return NoCause;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S))
      if (isStdThreadType(Member->getObjectType()))
        return NoCause;
    return ThrowCauses(cast<Expr>(S));
  }

  void transfer(const CFGBlock &B, bool Report) {
    llvm::BitVector State = In[B.getBlockID()];
    bool Thrown = false;
    for (const CFGElement &Element : B) {
      if (std::optional<CFGAutomaticObjDtor> Dtor =
              Element.getAs<CFGAutomaticObjDtor>()) {
        auto It = Uses.Index.find(Dtor->getVarDecl());
        if (It == Uses.Index.end())
          continue;
        if (State.test(It->second) && Report)
          reportDestruction(It->second, Dtor->getTriggerStmt());
        State.reset(It->second);
        continue;
      }
      std::optional<CFGStmt> Statement = Element.getAs<CFGStmt>();
      if (!Statement)
        continue;
      const Stmt *S = Statement->getStmt();
      if (State.any())
        if (unsigned Causes = throwPointCauses(S))
          throwFrom(S, State, Report, Causes);
      if (isa<CXXThrowExpr>(S))
        Thrown = true;
      if (const auto *Decl = dyn_cast<DeclStmt>(S)) {
        for (const clang::Decl *D : Decl->decls())
          if (const auto *Var = dyn_cast<VarDecl>(D)) {
            auto It = Uses.Index.find(Var);
            if (It == Uses.Index.end())
              continue;
            bool Started = isStdThreadLaunch(Var->getInit());
            State[It->second] = Started;
            if (Started)
              LaunchOf[Var] = Var->getInit();
          }
      } else if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
        int I = indexOf(Ref);
        if (I >= 0 && !Uses.Harmless.contains(Ref))
          State.reset(I);
      } else if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
        for (const LambdaCapture &Capture : Lambda->captures())
          if (Capture.capturesVariable())
            if (const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar()))
              if (auto It = Uses.Index.find(Var); It != Uses.Index.end())
                State.reset(It->second);
      } else if (const auto *Assign = dyn_cast<CXXOperatorCallExpr>(S)) {
        if (Assign->getOperator() == OO_Equal && Assign->getNumArgs() == 2 &&
            isStdThreadLaunch(Assign->getArg(1))) {
          int I = indexOf(Assign->getArg(0));
          if (I >= 0) {
            State.set(I);
            LaunchOf[Uses.Threads[I]] = Assign;
          }
        }
      }
    }
    if (Report || Thrown)
      return;
    for (const CFGBlock::AdjacentBlock &Succ : B.succs())
      merge(Succ.getReachableBlock(), State);
  }

  void reportDestruction(unsigned I, const Stmt *Trigger) {
    JoinableExit::ExitKind Kind = JoinableExit::EndOfScope;
    SourceLocation Loc;
    unsigned Causes = OrdinaryPath;
    if (!Trigger) {
      Loc = Uses.Threads[I]->getLocation();
    } else if (isa<ReturnStmt>(Trigger)) {
      Kind = JoinableExit::Return;
      Loc = Trigger->getBeginLoc();
      // ASSERT_* and FAIL() return from the test when they fail.
      if (testAssertionAt(Loc, Context.getSourceManager(),
                          Context.getLangOpts())
              .Kind == TestAssertion::Fatal)
        Causes = AssertionFailurePath;
    } else if (isa<BreakStmt>(Trigger)) {
      Kind = JoinableExit::Break;
      Loc = Trigger->getBeginLoc();
    } else if (isa<ContinueStmt>(Trigger)) {
      Kind = JoinableExit::Continue;
      Loc = Trigger->getBeginLoc();
    } else if (isa<GotoStmt, IndirectGotoStmt>(Trigger)) {
      Kind = JoinableExit::Goto;
      Loc = Trigger->getBeginLoc();
    } else if (const auto *Block = dyn_cast<CompoundStmt>(Trigger)) {
      Loc = Block->getRBracLoc();
    } else {
      Loc = Trigger->getEndLoc();
    }
    addExit(Kind, I, Trigger, Loc, Causes);
  }

  const CFG &Graph;
  const ThreadUses &Uses;
  const bool CanThrow;
  const bool UncaughtTerminates;
  const bool UncaughtFailsTheTest;
  ASTContext &Context;
  llvm::function_ref<unsigned(const Expr *)> ThrowCauses;
  llvm::DenseMap<const CXXTryStmt *, const CFGBlock *> DispatchOf;
  llvm::DenseMap<const VarDecl *, const Stmt *> LaunchOf;
  std::vector<llvm::BitVector> In;
  std::vector<bool> Seen;
  std::deque<const CFGBlock *> Work;
  std::vector<JoinableExit> Exits;
};

} // namespace

llvm::SmallVector<const VarDecl *, 2> localThreads(const FunctionDecl *F) {
  if (!F || !F->getBody())
    return {};
  ThreadUses Uses(F);
  Uses.TraverseStmt(F->getBody());
  return Uses.Threads;
}

/// Whether an exception can leave \p F (else it calls std::terminate).
static bool canThrowOut(const FunctionDecl *F) {
  if (isa<CXXDestructorDecl>(F))
    return false;
  const auto *Proto = F->getType()->getAs<FunctionProtoType>();
  return !Proto || !Proto->isNothrow();
}

std::vector<JoinableExit>
findJoinableExits(const FunctionDecl *F, ASTContext &Context,
                  llvm::function_ref<unsigned(const Expr *)> ThrowCauses) {
  Stmt *Body = F ? F->getBody() : nullptr;
  if (!Body || isa<CoroutineBodyStmt>(Body) || F->isDependentContext())
    return {};
  ThreadUses Uses(F);
  Uses.TraverseStmt(Body);
  if (Uses.Threads.empty())
    return {};
  CFG::BuildOptions Options;
  Options.AddImplicitDtors = true;
  Options.setAllAlwaysAdd();
  std::unique_ptr<CFG> Graph = CFG::buildCFG(F, Body, &Context, Options);
  if (!Graph)
    return {};
  JoinableFlow Flow(*Graph, Uses,
                    canThrowOut(F) && Context.getLangOpts().CXXExceptions,
                    F->isMain(), isTestBody(F), Context, ThrowCauses);
  std::vector<JoinableExit> Exits = Flow.run();
  const SourceManager &SM = Context.getSourceManager();
  llvm::sort(Exits, [&](const JoinableExit &A, const JoinableExit &B) {
    if (A.Thread != B.Thread)
      return SM.isBeforeInTranslationUnit(A.Thread->getLocation(),
                                          B.Thread->getLocation());
    return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
  });
  return Exits;
}

} // namespace clang::tidy::threadleak
