//===--- ExceptionUnsafeCompletionCheck.cpp - threadleak ------------------===//

#include "ExceptionUnsafeCompletionCheck.h"
#include "analysis/Exceptions.h"
#include "analysis/Names.h"
#include "analysis/StatementWalk.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/DenseSet.h"
#include <algorithm>
#include <functional>

using namespace clang::ast_matchers;

namespace clang::tidy::threadleak {

ExceptionUnsafeCompletionCheck::ExceptionUnsafeCompletionCheck(
    StringRef Name, ClangTidyContext *Context)
    : ThreadLeakCheck(Name, Context),
      CompletionSignalsOption(Options.get("CompletionSignals", "")),
      UserSignals(parseQualifiedNames(CompletionSignalsOption)) {}

void ExceptionUnsafeCompletionCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  ThreadLeakCheck::storeOptions(Opts);
  Options.store(Opts, "CompletionSignals", CompletionSignalsOption);
}

using TryStack = llvm::SmallVector<const CXXTryStmt *, 4>;
using BranchStack = llvm::SmallVector<std::pair<const Stmt *, unsigned>, 4>;

struct ExceptionUnsafeCompletionCheck::Frame {
  const Expr *Call = nullptr;
  const FunctionDecl *Caller = nullptr;
  TryStack Trys;
  /// A guard declared in the caller before the call signals on unwinding.
  bool GuardBefore = false;
  bool InLoop = false;
};

/// Whether two points are on different branches of one if statement.
static bool exclusive(const BranchStack &A, const BranchStack &B) {
  return llvm::any_of(A, [&](const std::pair<const Stmt *, unsigned> &X) {
    return llvm::any_of(B, [&](const std::pair<const Stmt *, unsigned> &Y) {
      return X.first == Y.first && X.second != Y.second;
    });
  });
}

/// Walks the functions a thread runs and reports the completion signals an
/// exception can skip.
class CompletionWalker {
public:
  using Frame = ExceptionUnsafeCompletionCheck::Frame;

  CompletionWalker(ExceptionUnsafeCompletionCheck &Check,
                   ThreadAnalysis &Analysis, const ThreadLaunch &Launch)
      : Check(Check), Analysis(Analysis), Launch(Launch),
        SM(Analysis.context().getSourceManager()) {}

  void walk(const FunctionDecl *F, llvm::ArrayRef<Frame> Chain);

private:
  enum class Handling { Covers, Swallows, Rethrows };
  struct ThrowPoint {
    const Expr *E;
    TryStack Trys;
    BranchStack Branches;
  };
  /// The state of the walk of one function.
  struct State {
    const FunctionDecl *F = nullptr;
    llvm::ArrayRef<Frame> Chain;
    llvm::DenseMap<const Expr *, CompletionSignal> Signals;
    llvm::SmallVector<const VarDecl *, 2> Guards;
    llvm::SmallVector<ThrowPoint, 8> Throws;
    TryStack Trys;
    BranchStack Branches;
    unsigned LoopDepth = 0;
  };

  void traverse(const Stmt *Root, State &St);
  void visitExpr(const Expr *E, State &St);
  void onSignal(const Expr *Site, const CompletionSignal &Signal,
                const FunctionDecl *SignalIn, State &St);
  bool signalsWithin(const FunctionDecl *G, unsigned Depth);
  std::optional<std::pair<CompletionSignal, const FunctionDecl *>>
  firstSignal(const FunctionDecl *G, unsigned Depth);
  bool stmtSignals(const Stmt *S);
  bool isGuard(const VarDecl *Var);
  Handling handling(const CXXTryStmt *Try);
  bool isThreadOwnedPromise(const ValueDecl *D, const State &St) const;
  void report(const Expr *Site, const CompletionSignal &Signal,
              const FunctionDecl *SignalIn, const ThrowPoint &Throw,
              const CXXTryStmt *Catcher, const State &St);

  ExceptionUnsafeCompletionCheck &Check;
  ThreadAnalysis &Analysis;
  const ThreadLaunch &Launch;
  const SourceManager &SM;
  llvm::DenseSet<const FunctionDecl *> Walked;
  llvm::DenseSet<std::pair<const FunctionDecl *, const ValueDecl *>> Reported;
};

bool CompletionWalker::stmtSignals(const Stmt *S) {
  bool Found = false;
  forEachStmt(S, [&](const Stmt *Child) {
    if (Found)
      return;
    const auto *Call = dyn_cast<CallExpr>(Child);
    if (!Call)
      return;
    if (signalCall(Call, Check.UserSignals) || isSetException(Call) ||
        signalledObject(Call, Check.UserSignals))
      Found = true;
    else
      for (const FunctionDecl *Target : Analysis.callTargets(Call))
        if (signalsWithin(Target, 1))
          Found = true;
  });
  if (Found)
    return true;
  // A decrement or a flag write followed by a notify.
  bool Notifies = false;
  bool Writes = false;
  forEachStmt(S, [&](const Stmt *Child) {
    if (const auto *Call = dyn_cast<CallExpr>(Child))
      Notifies |= signalledObject(Call, {}) != nullptr;
    if (const auto *Unary = dyn_cast<UnaryOperator>(Child))
      Writes |= Unary->isDecrementOp();
    if (const auto *Binary = dyn_cast<BinaryOperator>(Child))
      Writes |= Binary->isAssignmentOp();
  });
  return Notifies && Writes;
}

bool CompletionWalker::signalsWithin(const FunctionDecl *G, unsigned Depth) {
  auto It = Check.SignalsMemo.find(G);
  if (It != Check.SignalsMemo.end())
    return It->second;
  Check.SignalsMemo[G] = false;
  bool Result = !findCompletionSignals(G, Check.UserSignals).empty();
  if (!Result && Depth < Analysis.maxCallDepth())
    for (const auto &[Call, Callee] : Analysis.facts(G).Calls)
      if (signalsWithin(Callee, Depth + 1)) {
        Result = true;
        break;
      }
  Check.SignalsMemo[G] = Result;
  return Result;
}

std::optional<std::pair<CompletionSignal, const FunctionDecl *>>
CompletionWalker::firstSignal(const FunctionDecl *G, unsigned Depth) {
  llvm::SmallVector<CompletionSignal, 2> Own =
      findCompletionSignals(G, Check.UserSignals);
  if (!Own.empty())
    return std::make_pair(Own.front(), G);
  if (Depth >= Analysis.maxCallDepth())
    return std::nullopt;
  for (const auto &[Call, Callee] : Analysis.facts(G).Calls)
    if (Callee != G && signalsWithin(Callee, Depth + 1))
      if (auto Found = firstSignal(Callee, Depth + 1))
        return Found;
  return std::nullopt;
}

bool CompletionWalker::isGuard(const VarDecl *Var) {
  const CXXRecordDecl *RD =
      Var->getType().getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition() || RD->hasTrivialDestructor())
    return false;
  // A RAII struct whose destructor signals.
  if (const CXXDestructorDecl *Dtor = RD->getDestructor())
    if (const FunctionDecl *Def = analysableDefinition(Dtor, SM))
      if (signalsWithin(Def, 1))
        return true;
  // A scope guard holding a callable that signals (a scope_exit-like
  // template, a std::shared_ptr or std::unique_ptr with a deleter).
  bool Found = false;
  std::function<void(const Stmt *)> Scan = [&](const Stmt *S) {
    if (!S || Found)
      return;
    if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
      Found = stmtSignals(Lambda->getBody());
      return;
    }
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
      if (const auto *Fn = dyn_cast<FunctionDecl>(Ref->getDecl()))
        if (const FunctionDecl *Def = analysableDefinition(Fn, SM))
          Found = signalsWithin(Def, 1);
    for (const Stmt *Child : S->children())
      Scan(Child);
  };
  Scan(Var->getInit());
  return Found;
}

CompletionWalker::Handling CompletionWalker::handling(const CXXTryStmt *Try) {
  bool Swallows = false;
  for (unsigned I = 0; I < Try->getNumHandlers(); ++I) {
    const CXXCatchStmt *Handler = Try->getHandler(I);
    if (stmtSignals(Handler->getHandlerBlock()))
      return Handling::Covers;
    bool Leaves = false;
    forEachStmt(Handler->getHandlerBlock(), [&](const Stmt *S) {
      if (isa<CXXThrowExpr>(S))
        Leaves = true;
      else if (const auto *Call = dyn_cast<CallExpr>(S))
        if (const FunctionDecl *Callee = Call->getDirectCallee();
            Callee && Callee->isNoReturn())
          Leaves = true;
    });
    if (!Leaves)
      Swallows = true;
  }
  return Swallows ? Handling::Swallows : Handling::Rethrows;
}

bool CompletionWalker::isThreadOwnedPromise(const ValueDecl *D,
                                            const State &St) const {
  const auto *Var = dyn_cast_or_null<VarDecl>(D);
  if (!Var || className(Var->getType()) != "std::promise" ||
      Var->getType()->isReferenceType() || !Var->hasLocalStorage())
    return false;
  if (Var->isInitCapture() || isa<ParmVarDecl>(Var))
    return true;
  const DeclContext *Owner = Var->getDeclContext();
  if (Owner == St.F || llvm::any_of(St.Chain, [&](const Frame &Fr) {
        return Fr.Caller == Owner;
      }))
    return true;
  // A capture of the thread body's lambda: owned when copied.
  if (const LambdaExpr *Lambda = resolveLambda(Launch.Callable))
    for (const LambdaCapture &Capture : Lambda->captures())
      if (Capture.capturesVariable() && Capture.getCapturedVar() == Var)
        return Capture.getCaptureKind() == LCK_ByCopy;
  return false;
}

void CompletionWalker::walk(const FunctionDecl *F,
                            llvm::ArrayRef<Frame> Chain) {
  if (!F || !F->getBody() || !Walked.insert(F).second)
    return;
  State St;
  St.F = F;
  St.Chain = Chain;
  for (const CompletionSignal &Signal :
       findCompletionSignals(F, Check.UserSignals))
    St.Signals[Signal.Where] = Signal;
  traverse(F->getBody(), St);
}

void CompletionWalker::traverse(const Stmt *Root, State &St) {
  // The walk keeps its own stack of what is left to do, so deeply nested
  // code does not exhaust the native one. Steps are pushed in reverse.
  enum class Step {
    Traverse,
    EnterBranch,
    ElseBranch,
    LeaveBranch,
    LeaveTry,
    LeaveLoop,
    Visit
  };
  llvm::SmallVector<std::pair<Step, const Stmt *>, 32> Work;
  Work.emplace_back(Step::Traverse, Root);
  // The condition, then each branch with the branch stack marking it.
  auto PushBranches = [&Work](const Stmt *Branch, const Stmt *Cond,
                              const Stmt *Then, const Stmt *Else) {
    Work.emplace_back(Step::LeaveBranch, Branch);
    Work.emplace_back(Step::Traverse, Else);
    Work.emplace_back(Step::ElseBranch, Branch);
    Work.emplace_back(Step::Traverse, Then);
    Work.emplace_back(Step::EnterBranch, Branch);
    Work.emplace_back(Step::Traverse, Cond);
  };
  while (!Work.empty()) {
    auto [Kind, S] = Work.pop_back_val();
    switch (Kind) {
    case Step::EnterBranch:
      St.Branches.push_back({S, 0});
      continue;
    case Step::ElseBranch:
      St.Branches.back().second = 1;
      continue;
    case Step::LeaveBranch:
      St.Branches.pop_back();
      continue;
    case Step::LeaveTry:
      St.Trys.pop_back();
      continue;
    case Step::LeaveLoop:
      --St.LoopDepth;
      continue;
    case Step::Visit:
      visitExpr(cast<Expr>(S), St);
      continue;
    case Step::Traverse:
      break;
    }
    if (!S || isa<LambdaExpr>(S))
      continue;
    if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
      // Handlers run only on the exceptional path: they are judged by
      // handling(), not walked.
      St.Trys.push_back(Try);
      Work.emplace_back(Step::LeaveTry, Try);
      Work.emplace_back(Step::Traverse, Try->getTryBlock());
      continue;
    }
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      PushBranches(If, If->getCond(), If->getThen(), If->getElse());
      Work.emplace_back(Step::Traverse, If->getConditionVariableDeclStmt());
      Work.emplace_back(Step::Traverse, If->getInit());
      continue;
    }
    if (const auto *Cond = dyn_cast<ConditionalOperator>(S)) {
      Work.emplace_back(Step::Visit, Cond);
      PushBranches(Cond, Cond->getCond(), Cond->getTrueExpr(),
                   Cond->getFalseExpr());
      continue;
    }
    if (const auto *Decl = dyn_cast<DeclStmt>(S))
      for (const class Decl *D : Decl->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D); Var && isGuard(Var))
          St.Guards.push_back(Var);
    if (isa<Expr>(S))
      Work.emplace_back(Step::Visit, S);
    if (isa<WhileStmt, ForStmt, DoStmt, CXXForRangeStmt>(S)) {
      ++St.LoopDepth;
      Work.emplace_back(Step::LeaveLoop, S);
    }
    size_t First = Work.size();
    for (const Stmt *Child : S->children())
      Work.emplace_back(Step::Traverse, Child);
    std::reverse(Work.begin() + First, Work.end());
  }
}

void CompletionWalker::visitExpr(const Expr *E, State &St) {
  auto Signal = St.Signals.find(E);
  if (Signal != St.Signals.end()) {
    onSignal(E, Signal->second, St.F, St);
  } else if (const auto *Call = dyn_cast<CallExpr>(E);
             Call && St.Chain.size() < Analysis.maxCallDepth() &&
             !signalCall(Call, Check.UserSignals)) {
    for (const FunctionDecl *Target : Analysis.callTargets(Call)) {
      if (Target == St.F || !signalsWithin(Target, St.Chain.size() + 1))
        continue;
      if (auto Found = firstSignal(Target, St.Chain.size() + 1)) {
        CompletionSignal Through = Found->first;
        onSignal(Call, Through, Found->second, St);
      }
      llvm::SmallVector<Frame, 4> Chain(St.Chain.begin(), St.Chain.end());
      Frame Fr;
      Fr.Call = Call;
      Fr.Caller = St.F;
      Fr.Trys = St.Trys;
      Fr.GuardBefore = !St.Guards.empty();
      Fr.InLoop =
          St.LoopDepth > 0 ||
          llvm::any_of(St.Chain, [](const Frame &F) { return F.InLoop; });
      Chain.push_back(std::move(Fr));
      walk(Target, Chain);
    }
  }
  if (mayThrow(Analysis, E, Check.policy().reportedCauses()))
    St.Throws.push_back({E, St.Trys, St.Branches});
}

void CompletionWalker::onSignal(const Expr *Site,
                                const CompletionSignal &Signal,
                                const FunctionDecl *SignalIn, State &St) {
  bool InLoop = St.LoopDepth > 0 || Signal.InLoop ||
                llvm::any_of(St.Chain, [](const Frame &F) { return F.InLoop; });
  // A flag set or a semaphore released in a loop is a producer's hand-off,
  // not a completion.
  if (InLoop && (Signal.Kind == SignalKind::FlagThenNotify ||
                 Signal.Kind == SignalKind::SemaphoreRelease))
    return;
  // A promise the thread owns is destroyed by the unwinding: its future
  // gets broken_promise and the waiter is released.
  if (Signal.Kind == SignalKind::PromiseSet &&
      isThreadOwnedPromise(Signal.Object, St))
    return;
  if (Reported.contains({St.F, Signal.Object}))
    return;
  for (const ThrowPoint &Throw : St.Throws) {
    if (Throw.E == Site || exclusive(Throw.Branches, St.Branches))
      continue;
    if (llvm::any_of(St.Guards, [&](const VarDecl *G) {
          return SM.isBeforeInTranslationUnit(G->getBeginLoc(),
                                              Throw.E->getBeginLoc());
        }))
      return;
    const CXXTryStmt *Catcher = nullptr;
    bool Safe = false;
    bool Decided = false;
    // The innermost try whose handler does not rethrow decides: it signals
    // (safe), or it swallows the exception (the signal is skipped if it was
    // inside that try; in a caller it always is).
    auto Judge = [&](const TryStack &Trys, bool InThisFunction) {
      for (const CXXTryStmt *Try : llvm::reverse(Trys)) {
        Handling H = handling(Try);
        if (H == Handling::Rethrows)
          continue;
        Decided = true;
        if (H == Handling::Covers ||
            (InThisFunction && !llvm::is_contained(St.Trys, Try)))
          Safe = true;
        else
          Catcher = Try;
        return;
      }
    };
    Judge(Throw.Trys, /*InThisFunction=*/true);
    for (const Frame &Fr : llvm::reverse(St.Chain)) {
      if (Decided)
        break;
      if (Fr.GuardBefore)
        Safe = Decided = true;
      else
        Judge(Fr.Trys, /*InThisFunction=*/false);
    }
    // Out of the thread body: std::thread calls std::terminate, std::async
    // and pools keep the exception and the program goes on.
    if (!Decided && Launch.Kind != LaunchKind::StdAsync &&
        Launch.Kind != LaunchKind::User)
      Safe = true;
    if (Safe)
      continue;
    // Every waiter gives up at its deadline: the skipped signal costs it
    // its timeout, not a hang.
    if (Check.waiters().allWaitWithDeadline(Signal))
      return;
    Reported.insert({St.F, Signal.Object});
    report(Site, Signal, SignalIn, Throw, Catcher, St);
    return;
  }
}

/// How to name an expression that may throw in a message.
static std::string throwerName(const Expr *E) {
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    return "the construction of '" +
           qualifiedName(Construct->getConstructor()->getParent()) + "'";
  if (const auto *Call = dyn_cast<CallExpr>(E))
    if (const FunctionDecl *Callee = Call->getDirectCallee()) {
      if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
          Method && Method->getParent()->isLambda())
        return "the call";
      return "'" + Callee->getNameAsString() + "'";
    }
  return "the call";
}

static std::string signalName(const CompletionSignal &Signal) {
  std::string Object =
      Signal.Object ? " on '" + Signal.Object->getNameAsString() + "'" : "";
  switch (Signal.Kind) {
  case SignalKind::CounterThenNotify:
  case SignalKind::FlagThenNotify:
    return "(the " + Signal.Name + " and its notify)";
  default:
    return "'" + Signal.Name + "'" + Object;
  }
}

void CompletionWalker::report(const Expr *Site, const CompletionSignal &Signal,
                              const FunctionDecl *SignalIn,
                              const ThrowPoint &Throw,
                              const CXXTryStmt *Catcher, const State &St) {
  SourceLocation Loc = Site->getExprLoc();
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Site))
    Loc = Member->getExprLoc();
  else if (!isa<CallExpr>(Site))
    Loc = Site->getBeginLoc();
  if (!Check.firstReportAt(Loc))
    return;
  bool Through = SignalIn != St.F;
  std::string What = Through
                         ? "the call to '" + SignalIn->getNameAsString() +
                               "', which signals completion " +
                               (StringRef(signalName(Signal)).starts_with("(")
                                    ? signalName(Signal)
                                    : "(" + signalName(Signal) + ")") +
                               ","
                         : "completion signal " + signalName(Signal);
  unsigned How = 2;
  if (Catcher)
    How = 0;
  else if (Launch.Kind == LaunchKind::StdAsync)
    How = 1;
  std::string Waited =
      Signal.Object ? "'" + Signal.Object->getNameAsString() + "'" : "it";
  Check.diag(Loc, "%0 is skipped %1: %select{the exception is "
                  "caught and the thread goes on|std::async stores the "
                  "exception in the future|the launcher catches the "
                  "exception}2, and whoever waits for %3 then waits forever "
                  "(or until its own timeout)")
      << What
      << (isa<CXXThrowExpr>(Throw.E)
              ? std::string("by the throw")
              : "when " + throwerName(Throw.E) + " throws")
      << How << Waited;
  if (isa<CXXThrowExpr>(Throw.E))
    Check.diag(Throw.E->getExprLoc(), "the exception is thrown here",
               DiagnosticIDs::Note);
  else
    Check.diag(Throw.E->getExprLoc(), "%0 may throw here", DiagnosticIDs::Note)
        << throwerName(Throw.E);
  if (Catcher)
    Check.diag(Catcher->getHandler(0)->getCatchLoc(),
               "the exception is caught here, after the signal was skipped",
               DiagnosticIDs::Note);
  else
    Check.diag(Launch.Launch->getBeginLoc(),
               "%select{|the thread is started by std::async here|the task "
               "is handed to the launcher here}0",
               DiagnosticIDs::Note)
        << How;
  if (Through)
    Check.diag(Signal.Where->getExprLoc(), "completion is signalled here",
               DiagnosticIDs::Note);
  if (Signal.Kind == SignalKind::PromiseSet)
    Check.diag(Loc,
               "set the promise on every path: catch (...) { %0"
               ".set_exception(std::current_exception()); } around the work",
               DiagnosticIDs::Note)
        << (Signal.Object ? Signal.Object->getNameAsString() : "P");
  else
    Check.diag(Loc,
               "signal in a destructor so that every path signals: a scope "
               "guard or a small RAII struct whose destructor calls %0, "
               "created before the work",
               DiagnosticIDs::Note)
        << (Through ? "'" + SignalIn->getNameAsString() + "'"
                    : signalName(Signal));
}

void ExceptionUnsafeCompletionCheck::analyseLaunch(const ThreadLaunch &Launch) {
  const FunctionDecl *Body =
      analysableDefinition(Launch.Body, Context->getSourceManager());
  if (!Body || Body->isDependentContext())
    return;
  CompletionWalker Walker(*this, analysis(*Context), Launch);
  Walker.walk(Body, {});
}

CompletionWaiters &ExceptionUnsafeCompletionCheck::waiters() {
  if (!Waiters)
    Waiters.emplace(*Context, analysis(*Context).index());
  return *Waiters;
}

void ExceptionUnsafeCompletionCheck::onEndOfTranslationUnit() {
  Context = launchContext();
  if (Context)
    for (const ThreadLaunch &Launch : withWrapperLaunches(
             matchedLaunches(ContainerLaunches::Included), *Context))
      analyseLaunch(Launch);
  SignalsMemo.clear();
  Waiters.reset();
}

} // namespace clang::tidy::threadleak
