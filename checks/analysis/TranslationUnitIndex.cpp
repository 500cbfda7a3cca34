//===--- TranslationUnitIndex.cpp - threadleak ----------------------------===//

#include "TranslationUnitIndex.h"
#include "CompletionSignals.h"
#include "Names.h"
#include "SyncEffects.h"
#include "SystemHeaders.h"
#include "ThreadLaunches.h"
#include "ThreadWrappers.h"
#include "Waits.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ASTLambda.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::threadleak {

/// The call a future is made from: `F = call()`, `std::future<int> F(call())`.
static const CallExpr *futureSourceCall(const Expr *Value) {
  if (!Value)
    return nullptr;
  Value = Value->IgnoreImplicit()->IgnoreParens();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Value);
      Construct && Construct->getNumArgs() == 1)
    Value = Construct->getArg(0)->IgnoreImplicit()->IgnoreParens();
  return dyn_cast<CallExpr>(Value);
}

/// `Promise.get_future()` or `Ptr->get_future()` on a std::promise, as \p E.
static const CXXMemberCallExpr *promiseGetFuture(const Expr *E) {
  const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(futureSourceCall(E));
  const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
  if (!Method || !Method->getIdentifier() ||
      Method->getName() != "get_future" ||
      className(Method->getThisType()->getPointeeType()) != "std::promise")
    return nullptr;
  return Call;
}

/// The promise \p GetFuture is called on: `P` in `P.get_future()`, and the
/// smart pointer `P` in `P->get_future()`.
static const ValueDecl *promiseOf(const CXXMemberCallExpr *GetFuture) {
  const Expr *Object = GetFuture->getImplicitObjectArgument()->IgnoreImplicit();
  if (const auto *Arrow = dyn_cast<CXXOperatorCallExpr>(Object);
      Arrow && Arrow->getOperator() == OO_Arrow && Arrow->getNumArgs() >= 1)
    Object = Arrow->getArg(0);
  return referencedDecl(Object);
}

/// The class of an object (canonical), through pointers and references, for
/// objects whose identity is not known (a condition variable received by
/// pointer).
const CXXRecordDecl *objectClass(const ValueDecl *D) {
  QualType T = D->getType().getNonReferenceType();
  if (const auto *Ptr = T->getAs<PointerType>())
    T = Ptr->getPointeeType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  return RD ? RD->getCanonicalDecl() : nullptr;
}

/// The class \p T names, canonical; null for other or unknown types.
static const CXXRecordDecl *classOf(QualType T) {
  const CXXRecordDecl *RD = T.isNull() ? nullptr : T->getAsCXXRecordDecl();
  return RD ? RD->getCanonicalDecl() : nullptr;
}

namespace {

/// Walks the translation unit's own code once and fills the index.
class TranslationUnitIndexer
    : public RecursiveASTVisitor<TranslationUnitIndexer> {
  using Base = RecursiveASTVisitor<TranslationUnitIndexer>;

public:
  TranslationUnitIndexer(const SourceManager &SM, TranslationUnitIndex &Out)
      : SM(SM), Out(Out) {}

  bool shouldVisitTemplateInstantiations() const { return true; }

  // Library code does not write the user's flags.
  bool TraverseDecl(Decl *D) {
    if (!D)
      return true;
    if (isInSystemHeader(D, SM))
      return true;
    const auto *F = dyn_cast<FunctionDecl>(D);
    if (!F || !F->doesThisDeclarationHaveABody())
      return Base::TraverseDecl(D);
    if (const auto *Method = dyn_cast<CXXMethodDecl>(F))
      recordOverrides(Method, Method);
    Functions.push_back(F);
    bool Result = Base::TraverseDecl(D);
    Functions.pop_back();
    return Result;
  }

  bool TraverseLambdaExpr(LambdaExpr *L) {
    Functions.push_back(L->getCallOperator());
    bool Result = Base::TraverseLambdaExpr(L);
    Functions.pop_back();
    return Result;
  }

  bool VisitExpr(Expr *E) {
    if (const Expr *Stored = storedObject(E)) {
      write(Stored);
      if (const ValueDecl *D = referencedDecl(Stored); D && setsValue(E))
        (storedConstant(E) ? Out.SetToConstant : Out.SetToComputed).insert(D);
    }
    if (const Expr *Counter = countedObject(E))
      if (const ValueDecl *D = referencedDecl(Counter))
        Out.Counted.insert(D);
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *Op) {
    if (Op->getOpcode() == BO_Assign) {
      storeCallable(Op->getLHS(), Op->getRHS());
      storeParameter(Op->getLHS(), Op->getRHS());
    }
    return true;
  }

  // Taking the address lets the object escape: whoever holds the pointer
  // may write it.
  bool VisitUnaryOperator(UnaryOperator *Op) {
    if (Op->getOpcode() == UO_AddrOf)
      write(Op->getSubExpr());
    return true;
  }

  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Call) {
    if (Call->getOperator() == OO_Equal && Call->getNumArgs() == 2) {
      storeCallable(Call->getArg(0), Call->getArg(1));
      storeParameter(Call->getArg(0), Call->getArg(1));
      storeFuture(Call->getArg(0), Call->getArg(1));
    }
    return true;
  }

  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (Method && Method->isVirtual() && !Functions.empty())
      VirtualCalls.emplace_back(Functions.back(), Method);
    return true;
  }

  bool VisitCallExpr(CallExpr *Call) {
    recordLaunch(Call);
    if (const FieldDecl *Member = calledMember(Call);
        Member && !Functions.empty())
      addUnique(MemberCalls, Functions.back(), Member);
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return true;
    const FunctionDecl *Def = Callee->getDefinition();
    if (Def && !Functions.empty())
      for (const WrapperObject &Object : wrapperObjects(Def))
        if (const ValueDecl *Passed = wrapperCallObject(Call, Object))
          WrapperCalls.push_back({Functions.back(), Passed, Def, Object.Class});
    if (Def && !isInSystemHeader(Def, SM)) {
      call(Def);
      recordWrapperCandidate(Def, Call);
    }
    // `std::make_unique<Thread>(Fn)`, `Threads.emplace_back(Fn)`: the
    // library runs a constructor of the translation unit, maybe a wrapper's.
    if (const CXXConstructorDecl *Ctor = forwardedConstructor(Call))
      if (const FunctionDecl *CtorDef = Ctor->getDefinition();
          CtorDef && !isInSystemHeader(CtorDef, SM))
        recordWrapperCandidate(CtorDef, Call);
    if (const Expr *Woken = wokenObject(Call))
      wake(Woken);
    Out.SetsPromiseException |= isSetException(Call);
    if ((isThreadJoin(Call) || isStopRequest(Call)) && !Functions.empty())
      Out.Joiners.insert(Functions.back());
    if (Callee->getIdentifier() && Callee->isExternC() &&
        Call->getNumArgs() >= 1) {
      if (Callee->getName() == "pthread_detach" && !Functions.empty())
        if (const auto *Arg =
                dyn_cast<CallExpr>(Call->getArg(0)->IgnoreParenImpCasts()))
          if (const FunctionDecl *Self = Arg->getDirectCallee();
              Self && Self->getIdentifier() &&
              Self->getName() == "pthread_self")
            Out.SelfDetaching[Call] = Functions.back();
    }
    if (Callee->getIdentifier() && Callee->getName() == "move" &&
        Call->getNumArgs() == 1 && qualifiedName(Callee) == "std::move")
      if (const ValueDecl *Moved = referencedDecl(Call->getArg(0)))
        Out.MovedAway.insert(Moved);
    // A member operator's object is its first argument but no parameter.
    bool MemberOperator =
        isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee);
    writeReferenceArguments(
        Callee, llvm::drop_begin(Call->arguments(), MemberOperator));
    return true;
  }

  bool VisitCompoundStmt(CompoundStmt *Block) {
    for (const Stmt *S : Block->body())
      if (const auto *E = dyn_cast<Expr>(S); E && isDiscardedThread(E))
        Out.DiscardedThreads.push_back(E);
    return true;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    recordLaunch(Construct);
    if (const FunctionDecl *Def = Construct->getConstructor()->getDefinition();
        Def && !isInSystemHeader(Def, SM))
      recordWrapperCandidate(Def, Construct);
    writeReferenceArguments(Construct->getConstructor(),
                            Construct->arguments());
    if (className(Construct->getType()) == "std::stop_callback" &&
        Construct->getNumArgs() == 2)
      if (const FunctionDecl *Callback = resolveCallable(Construct->getArg(1)))
        StopCallbacks.push_back(Callback);
    return true;
  }

  /// `for (auto &P : Pending)`: the variable stands for elements of
  /// `Pending`.
  bool VisitCXXForRangeStmt(CXXForRangeStmt *For) {
    if (const ValueDecl *Range = referencedDecl(For->getRangeInit()))
      ElementContainers[For->getLoopVariable()] = Range;
    return true;
  }

  /// `return Promise.get_future();`
  bool VisitReturnStmt(ReturnStmt *Return) {
    if (const CXXMemberCallExpr *GetFuture =
            promiseGetFuture(Return->getRetValue());
        GetFuture && !Functions.empty())
      if (const ValueDecl *Holder =
              promiseHolder(GetFuture->getImplicitObjectArgument()))
        Out.ReturnedPromises[Functions.back()] = Holder;
    return true;
  }

  bool VisitVarDecl(VarDecl *Var) {
    QualType T = Var->getType();
    if (const CXXRecordDecl *RD = classOf(T))
      (Var->isStaticLocal() ? Out.NeverDestroyedInstances
                            : Out.DestroyedInstances)
          .insert(RD);
    if (!Var->hasInit())
      return true;
    if (T->isLValueReferenceType() &&
        !T.getNonReferenceType().isConstQualified())
      write(Var->getInit());
    storeCallable(Var, Var->getInit());
    storeFuture(Var, Var->getInit());
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(
            Var->getInit()->IgnoreImplicit()->IgnoreParens()))
      if (const ValueDecl *Container =
              referencedDecl(Call->getImplicitObjectArgument());
          Container && Call->getMethodDecl() &&
          isInSystemHeader(Call->getMethodDecl(), SM))
        ElementContainers[Var] = Container;
    return true;
  }

  bool VisitFieldDecl(FieldDecl *Field) {
    if (const CXXRecordDecl *RD = classOf(Field->getType()))
      Out.DestroyedInstances.insert(RD);
    if (const Expr *Init = Field->getInClassInitializer())
      storeCallable(Field, Init);
    return true;
  }

  bool VisitCXXConstructorDecl(CXXConstructorDecl *Ctor) {
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (const FieldDecl *Field = Init->getMember()) {
        storeCallable(Field, Init->getInit());
        storeFuture(Field, Init->getInit());
        if (const ParmVarDecl *P = launchedParameter(Init->getInit(), Ctor); P)
          ParameterStores.push_back({Ctor, Field, P});
      }
    return true;
  }

  bool VisitCXXNewExpr(CXXNewExpr *New) {
    if (const CXXRecordDecl *RD = classOf(New->getAllocatedType()))
      Out.NeverDestroyedInstances.insert(RD);
    return true;
  }

  bool VisitCXXDeleteExpr(CXXDeleteExpr *Delete) {
    // In a template the destroyed type may not be known yet.
    if (const CXXRecordDecl *RD = classOf(Delete->getDestroyedType()))
      Out.DestroyedInstances.insert(RD);
    return true;
  }

  /// What needs the whole TU seen: the overriders a virtual call reaches,
  /// the objects a stop_callback's callback wakes, the thread wrappers.
  void finish() {
    findThreadWrappers();
    addWakeWrapperCalls();
    for (const auto &[Caller, Method] : VirtualCalls)
      for (const FunctionDecl *Overrider : Out.overridersOf(Method))
        if (Overrider != Caller)
          addUnique(Out.Callers, Overrider, Caller);
    for (const FunctionDecl *Callback : StopCallbacks)
      for (const auto &[Object, Functions] : Out.Wakers)
        if (llvm::is_contained(Functions, Callback))
          Out.WokenByStopCallback.insert(Object);
  }

private:
  /// The innermost function being walked that is not a lambda: the one
  /// whose parameters a launch in a lambda may run.
  const FunctionDecl *enclosingFunction() const {
    for (const FunctionDecl *F : llvm::reverse(Functions))
      if (!isLambdaCallOperator(F))
        return F;
    return nullptr;
  }

  void recordLaunch(const Expr *E) {
    const FunctionDecl *F = enclosingFunction();
    if (!F || !mayLaunchThread(E))
      return;
    if (std::optional<ThreadLaunch> L = getThreadLaunch(E, {}))
      Launches.emplace_back(F, *L);
  }

  /// A call that may be a wrapper's: its callee takes a callable.
  void recordWrapperCandidate(const FunctionDecl *Callee, const Expr *Call) {
    auto [It, Inserted] = TakesCallable.try_emplace(Callee, false);
    if (Inserted)
      It->second = llvm::any_of(Callee->parameters(), isCallableParameter);
    if (It->second)
      WrapperCandidates.push_back({Callee, Call, enclosingFunction()});
  }

  void storeParameter(const Expr *Target, const Expr *Value) {
    const FunctionDecl *F = enclosingFunction();
    if (!F)
      return;
    if (auto Stored = storedParameter(Target, Value, F))
      ParameterStores.push_back({F, Stored->first, Stored->second});
  }

  /// A wrapper runs a parameter in the thread it starts, or stores it in
  /// a member that the started thread's body (or a function it calls)
  /// calls.
  void findThreadWrappers() {
    for (const auto &[F, Launch] : Launches) {
      if (const ParmVarDecl *P = launchedParameter(Launch.Callable, F)) {
        Out.ThreadWrappers[F] = {P->getFunctionScopeIndex(), Launch, true};
        continue;
      }
      if (!Launch.Body)
        continue;
      const FunctionDecl *Body = Launch.Body->getDefinition();
      for (const auto &[Caller, Members] : MemberCalls) {
        if (Caller != Body && !Added.contains({&Out.Callers, Caller, Body}))
          continue;
        for (const ParameterStore &Store : ParameterStores)
          if (llvm::is_contained(Members, Store.Member))
            Out.ThreadWrappers[Store.In] = {
                Store.Param->getFunctionScopeIndex(), Launch, false};
      }
    }
    findWrappersOfWrappers();
    for (const WrapperCandidate &Candidate : WrapperCandidates)
      if (auto It = Out.ThreadWrappers.find(Candidate.Callee);
          It != Out.ThreadWrappers.end())
        if (std::optional<ThreadLaunch> L =
                wrapperLaunch(Candidate.Call, It->second.Param)) {
          // No wrapper is added from here on, so the pointer stays valid.
          L->Wrapped = &It->second.Launch;
          Out.WrapperLaunches.push_back(*L);
        }
  }

  /// A function that hands its own callable parameter to a wrapper is a
  /// wrapper too (`void spawnNamed(F Fn) { spawn(std::move(Fn)); }`), with
  /// the launch that really starts the thread; chains of any length, one
  /// link a round.
  void findWrappersOfWrappers() {
    std::vector<bool> Judged(WrapperCandidates.size(), false);
    for (bool Grew = true; Grew;) {
      Grew = false;
      for (size_t I = 0; I < WrapperCandidates.size(); ++I) {
        const WrapperCandidate &Candidate = WrapperCandidates[I];
        if (Judged[I] || !Candidate.Caller)
          continue;
        auto It = Out.ThreadWrappers.find(Candidate.Callee);
        if (It == Out.ThreadWrappers.end())
          continue;
        Judged[I] = true;
        if (Out.ThreadWrappers.contains(Candidate.Caller))
          continue;
        const ParmVarDecl *P =
            launchedParameter(wrapperArgument(Candidate.Call, It->second.Param),
                              Candidate.Caller);
        if (!P)
          continue;
        TranslationUnitIndex::ThreadWrapper Outer = It->second;
        Outer.Param = P->getFunctionScopeIndex();
        Out.ThreadWrappers[Candidate.Caller] = Outer;
        Grew = true;
      }
    }
  }

  /// A call of a function that wakes a member of its own class or of what a
  /// parameter points to (`void SignalAll() { pthread_cond_broadcast(&Cond);
  /// }`, `void signal(Channel *C) { pthread_cond_signal(&C->Cond); }`) wakes
  /// the object it hands that function, as a wrapped wait waits on it
  /// (Waits.h).
  void addWakeWrapperCalls() {
    auto &WakeWrappers = Out.WakeWrappers;
    for (const auto &[Object, Functions] : Out.Wakers)
      if (const auto *Field = dyn_cast<FieldDecl>(Object))
        if (const CXXRecordDecl *Class = memberClass(Field))
          for (const FunctionDecl *F : Functions)
            for (const WrapperObject &Wrapped : wrapperObjects(F))
              if (Wrapped.Class == Class)
                WakeWrappers.insert({F, Class});
    for (const WrapperCall &Call : WrapperCalls)
      if (WakeWrappers.contains({Call.Wrapper, Call.Class})) {
        addUnique(Out.Wakers, Call.Object, Call.Caller);
        if (const CXXRecordDecl *Class = objectClass(Call.Object))
          Out.WokenClasses.insert(Class);
      }
  }

  void write(const Expr *E) {
    const ValueDecl *D = referencedDecl(E);
    if (!D)
      return;
    Out.Written.insert(D);
    if (!Functions.empty())
      addUnique(Out.Writers, D, Functions.back());
  }

  void wake(const Expr *E) {
    if (Functions.empty())
      return;
    const ValueDecl *D = referencedDecl(E);
    if (className(E->getType()) == "std::promise") {
      D = promiseHolder(E);
      Out.SetsPromiseElement |= !D;
    }
    if (!D)
      return;
    addUnique(Out.Wakers, D, Functions.back());
    if (const CXXRecordDecl *Class = objectClass(D))
      Out.WokenClasses.insert(Class);
  }

  void call(const FunctionDecl *Callee) {
    if (!Functions.empty() && Callee != Functions.back())
      addUnique(Out.Callers, Callee, Functions.back());
  }

  void recordOverrides(const CXXMethodDecl *Overrider,
                       const CXXMethodDecl *Method) {
    for (const CXXMethodDecl *Base : Method->overridden_methods()) {
      addUnique(Out.Overriders, Base->getCanonicalDecl(),
                static_cast<const FunctionDecl *>(Overrider));
      recordOverrides(Overrider, Base);
    }
  }

  /// `Fn = [this] { run(); }`, `std::function<void()> Fn = &step;`,
  /// `Poll = Uart ? pollUart : pollSpi;`, `Poll = Drivers[Kind];`.
  void storeCallable(const Expr *Target, const Expr *Value) {
    if (const ValueDecl *D = referencedDecl(Target))
      storeCallable(D, Value);
  }
  void storeCallable(const ValueDecl *D, const Expr *Value) {
    QualType T = D->getType().getNonReferenceType();
    bool Holder = className(T) == "std::function" ||
                  T->isFunctionPointerType() ||
                  T->isMemberFunctionPointerType();
    if (!Holder || !Value)
      return;
    for (const FunctionDecl *F : possibleCallables(Value))
      if (const FunctionDecl *Def = F->getDefinition())
        addUnique(Out.CallableTargets, D, Def);
  }

  /// The variable or member that holds the std::promise \p Object names:
  /// the promise itself, or the container it is an element of
  /// (`Pending[Id]`, `Slots.back()`, `It->second` for an iterator `It` of
  /// `Pending`, the variable of a range-for over it); null when none of the
  /// translation unit does.
  const ValueDecl *promiseHolder(const Expr *Object) {
    Object = Object->IgnoreImplicit()->IgnoreParens();
    if (const auto *Member = dyn_cast<MemberExpr>(Object);
        Member && isInSystemHeader(Member->getMemberDecl(), SM))
      Object = Member->getBase()->IgnoreImplicit()->IgnoreParens();
    const Expr *Container = nullptr;
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Object))
      Container = Op->getNumArgs() > 0 ? Op->getArg(0) : nullptr;
    else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Object))
      Container = Call->getImplicitObjectArgument();
    const ValueDecl *D = referencedDecl(Container ? Container : Object);
    if (const ValueDecl *Elements = ElementContainers.lookup(D))
      D = Elements;
    return D && !isInSystemHeader(D, SM) ? D : nullptr;
  }

  /// `Future = Promise.get_future()`.
  void storeFuture(const Expr *Target, const Expr *Value) {
    if (const ValueDecl *D = referencedDecl(Target))
      storeFuture(D, Value);
  }
  void storeFuture(const ValueDecl *Future, const Expr *Value) {
    const CallExpr *Call = futureSourceCall(Value);
    if (!Call)
      return;
    if (const CXXMemberCallExpr *GetFuture = promiseGetFuture(Call)) {
      if (const ValueDecl *Promise = promiseOf(GetFuture))
        Out.FuturePromise[Future] = Promise;
      return;
    }
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      if (const FunctionDecl *Def = Callee->getDefinition();
          Def && !isInSystemHeader(Def, SM))
        Out.FutureSources[Future] = Def;
  }

  template <typename Range>
  void writeReferenceArguments(const FunctionDecl *Callee, Range Args) {
    unsigned I = 0;
    for (const Expr *Arg : Args) {
      if (I >= Callee->getNumParams())
        break;
      QualType T = Callee->getParamDecl(I++)->getType();
      if (T->isReferenceType() && !T.getNonReferenceType().isConstQualified())
        write(Arg);
    }
  }

  /// Appends \p Value to \p Key's list in \p Map unless it is there: a
  /// set, not a search of the list, as a function called from every thread
  /// body has thousands of callers.
  template <typename MapT, typename T>
  void addUnique(MapT &Map, const typename MapT::key_type &Key, T Value) {
    if (Added.insert({&Map, Key, Value}).second)
      Map[Key].push_back(Value);
  }
  llvm::DenseSet<std::tuple<const void *, const void *, const void *>> Added;

  const SourceManager &SM;
  TranslationUnitIndex &Out;
  llvm::SmallVector<const FunctionDecl *, 4> Functions;
  llvm::SmallVector<const FunctionDecl *, 2> StopCallbacks;
  llvm::SmallVector<std::pair<const FunctionDecl *, const CXXMethodDecl *>, 4>
      VirtualCalls;
  /// Variables that stand for elements of a container, with the container:
  /// `for (auto &P : Pending)`, `auto It = Pending.find(Id)`.
  llvm::DenseMap<const ValueDecl *, const ValueDecl *> ElementContainers;
  /// Thread launches, with the function (not a lambda) they are written in.
  std::vector<std::pair<const FunctionDecl *, ThreadLaunch>> Launches;
  /// The callable members each function calls.
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<const FieldDecl *, 1>>
      MemberCalls;
  /// A callable parameter stored into a member.
  struct ParameterStore {
    const FunctionDecl *In;
    const FieldDecl *Member;
    const ParmVarDecl *Param;
  };
  std::vector<ParameterStore> ParameterStores;
  llvm::DenseMap<const FunctionDecl *, bool> TakesCallable;
  /// Calls of functions with a callable parameter, and the function each
  /// call is in.
  struct WrapperCandidate {
    const FunctionDecl *Callee;
    const Expr *Call;
    const FunctionDecl *Caller;
  };
  std::vector<WrapperCandidate> WrapperCandidates;
  /// Calls of functions that may wrap a wait or a wake (Waits.h), once per
  /// object the call hands them.
  struct WrapperCall {
    const FunctionDecl *Caller;
    const ValueDecl *Object;
    const FunctionDecl *Wrapper;
    const CXXRecordDecl *Class;
  };
  std::vector<WrapperCall> WrapperCalls;
};

} // namespace

TranslationUnitIndex::TranslationUnitIndex(ASTContext &Context) {
  TranslationUnitIndexer Indexer(Context.getSourceManager(), *this);
  Indexer.TraverseDecl(Context.getTranslationUnitDecl());
  Indexer.finish();
}

llvm::SmallVector<const ValueDecl *, 1>
wokenThroughWrappers(const CallExpr *Call, const FunctionDecl *Target,
                     const TranslationUnitIndex &Index) {
  llvm::SmallVector<const ValueDecl *, 1> Woken;
  if (Index.WakeWrappers.empty())
    return Woken;
  for (const WrapperObject &Object : wrapperObjects(Target))
    if (Index.WakeWrappers.contains({Target, Object.Class}))
      if (const ValueDecl *Passed = wrapperCallObject(Call, Object))
        Woken.push_back(Passed);
  return Woken;
}

llvm::ArrayRef<const FunctionDecl *>
TranslationUnitIndex::overridersOf(const FunctionDecl *Method) const {
  auto It = Overriders.find(Method->getCanonicalDecl());
  if (It == Overriders.end())
    return {};
  return It->second;
}

} // namespace clang::tidy::threadleak
