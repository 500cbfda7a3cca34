//===--- ThreadMembers.cpp - threadleak -----------------------------------===//

#include "ThreadMembers.h"
#include "JoinablePaths.h"
#include "Lifetimes.h"
#include "Names.h"
#include "StatementWalk.h"
#include "SyncEffects.h"
#include "ThreadAnalysis.h"
#include "ThreadLaunches.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::threadleak {

static ThreadHolding holding(QualType T, unsigned Depth) {
  if (T.isNull() || Depth > 3 || T->isReferenceType() || T->isDependentType())
    return ThreadHolding::None;
  T = T.getCanonicalType();
  if (const auto *Array = dyn_cast<ArrayType>(T.getTypePtr()))
    return holding(Array->getElementType(), Depth + 1) == ThreadHolding::None
               ? ThreadHolding::None
               : ThreadHolding::Container;
  if (const auto *Ptr = T->getAs<PointerType>())
    return Depth == 0 && className(Ptr->getPointeeType()) == "std::thread" &&
                   !Ptr->getPointeeType()->isPointerType()
               ? ThreadHolding::RawPointer
               : ThreadHolding::None;
  const auto *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return ThreadHolding::None;
  std::string Name = qualifiedName(RD);
  if (Name == "std::thread")
    return ThreadHolding::Thread;
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  if (!Spec || !StringRef(Name).starts_with("std::") ||
      Name == "std::shared_ptr" || Name == "std::weak_ptr" ||
      Name == "std::function" || Name == "std::reference_wrapper")
    return ThreadHolding::None;
  for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray()) {
    if (Arg.getKind() != TemplateArgument::Type)
      continue;
    ThreadHolding Inner = holding(Arg.getAsType(), Depth + 1);
    if (Inner == ThreadHolding::None || Inner == ThreadHolding::RawPointer)
      continue;
    return Name == "std::unique_ptr" ? ThreadHolding::UniquePtr
                                     : ThreadHolding::Container;
  }
  return ThreadHolding::None;
}

ThreadHolding threadHolding(QualType T) { return holding(T, 0); }

static bool isPthreadHandle(const FieldDecl *Field) {
  const auto *Typedef = Field->getType()->getAs<TypedefType>();
  return Typedef && Typedef->getDecl()->getName() == "pthread_t";
}

/// The container a container launch puts its thread into.
static const ValueDecl *launchContainer(const ThreadLaunch &Launch) {
  return isContainerLaunch(Launch)
             ? referencedDecl(cast<CXXMemberCallExpr>(Launch.Launch)
                                  ->getImplicitObjectArgument())
             : nullptr;
}

/// Whether \p Launch is pthread_create into an element of an array.
static bool startsArrayElement(const ThreadLaunch &Launch) {
  if (Launch.Kind != LaunchKind::Pthread)
    return false;
  const Expr *Handle =
      cast<CallExpr>(Launch.Launch)->getArg(0)->IgnoreParenImpCasts();
  if (const auto *Address = dyn_cast<UnaryOperator>(Handle);
      Address && Address->getOpcode() == UO_AddrOf)
    return isa<ArraySubscriptExpr>(
        Address->getSubExpr()->IgnoreParenImpCasts());
  const auto *Offset = dyn_cast<BinaryOperator>(Handle);
  return Offset && Offset->isAdditiveOp();
}

/// Whether every thread member of \p Class is a container of threads, and
/// there is one.
static bool holdsOnlyThreadContainers(const CXXRecordDecl *Class) {
  if (!Class->hasDefinition())
    return false;
  bool HasContainer = false;
  for (const FieldDecl *Field : Class->fields()) {
    ThreadHolding Holding = threadHolding(Field->getType());
    if (Holding == ThreadHolding::Container)
      HasContainer = true;
    else if (Holding != ThreadHolding::None || isPthreadHandle(Field))
      return false;
  }
  return HasContainer;
}

llvm::DenseSet<const FunctionDecl *>
bodiesOfSeveralThreads(llvm::ArrayRef<ThreadLaunch> Launches) {
  // The one body each class or container starts, or null once it starts
  // two.
  llvm::DenseMap<const void *, const FunctionDecl *> GroupBody;
  llvm::DenseMap<const FunctionDecl *, unsigned> LaunchCount;
  auto GroupOf = [](const ThreadLaunch &Launch) -> const void * {
    if (const CXXRecordDecl *Owner = owningClass(Launch))
      return Owner;
    return launchContainer(Launch);
  };
  for (const ThreadLaunch &Launch : Launches) {
    if (!Launch.Body)
      continue;
    ++LaunchCount[Launch.Body];
    if (const void *Group = GroupOf(Launch)) {
      auto [It, New] = GroupBody.try_emplace(Group, Launch.Body);
      if (!New && It->second != Launch.Body)
        It->second = nullptr;
    }
  }
  llvm::DenseSet<const FunctionDecl *> Several;
  llvm::DenseMap<const CXXRecordDecl *, bool> OnlyContainers;
  for (const ThreadLaunch &Launch : Launches) {
    if (!Launch.Body || Several.contains(Launch.Body))
      continue;
    bool Group = false;
    if (const void *Key = GroupOf(Launch);
        Key && GroupBody.lookup(Key) == Launch.Body) {
      const CXXRecordDecl *Owner = owningClass(Launch);
      Group = launchContainer(Launch) != nullptr;
      if (!Group && Owner) {
        auto [It, New] = OnlyContainers.try_emplace(Owner, false);
        if (New)
          It->second = holdsOnlyThreadContainers(Owner);
        Group = It->second;
      }
    }
    if (Group || LaunchCount.lookup(Launch.Body) > 1 ||
        startsArrayElement(Launch))
      Several.insert(Launch.Body);
  }
  return Several;
}

/// The member of `this` an expression stores into or calls on:
/// `T`, `this->T`, `Threads[I]`, `*Ptr`, `Ptr->...`.
static const FieldDecl *ownMember(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Member = dyn_cast<MemberExpr>(E)) {
      if (isa<CXXThisExpr>(Member->getBase()->IgnoreImplicit()->IgnoreParens()))
        return dyn_cast<FieldDecl>(Member->getMemberDecl());
      return nullptr;
    }
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
      OverloadedOperatorKind K = Op->getOperator();
      if ((K == OO_Subscript || K == OO_Star || K == OO_Arrow) &&
          Op->getNumArgs() >= 1) {
        E = Op->getArg(0);
        continue;
      }
      return nullptr;
    }
    if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(E)) {
      E = Sub->getBase();
      continue;
    }
    if (const auto *Unary = dyn_cast<UnaryOperator>(E);
        Unary && Unary->getOpcode() == UO_Deref) {
      E = Unary->getSubExpr();
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

static bool isPthreadT(QualType T) {
  for (const auto *Typedef = T->getAs<TypedefType>(); Typedef;
       Typedef = Typedef->desugar()->getAs<TypedefType>())
    if (Typedef->getDecl()->getName() == "pthread_t")
      return true;
  return false;
}

/// A std::thread, std::jthread, pthread_t, or a std::unique_ptr of one of
/// the first two: one thread.
static bool holdsOneThread(QualType T) {
  if (T.isNull() || T->isDependentType())
    return false;
  if (isPthreadT(T))
    return true;
  if (!T->isRecordType())
    return false; // className looks through pointers
  std::string Class = className(T);
  if (Class == "std::unique_ptr") {
    const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
        T->getAsCXXRecordDecl());
    if (!Spec || Spec->getTemplateArgs().size() == 0 ||
        Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
      return false;
    T = Spec->getTemplateArgs()[0].getAsType();
    if (!T->isRecordType())
      return false;
    Class = className(T);
  }
  return Class == "std::thread" || Class == "std::jthread";
}

const FieldDecl *ownSingleThreadMember(const Expr *Target) {
  if (!Target)
    return nullptr;
  const Expr *E = Target->IgnoreImplicit()->IgnoreParens();
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_AddrOf)
    E = Unary->getSubExpr()->IgnoreImplicit()->IgnoreParens();
  if (!isa<MemberExpr>(E))
    return nullptr;
  const FieldDecl *Field = ownMember(E);
  return Field && holdsOneThread(Field->getType()) &&
                 !detachedOrMovedAway(Field)
             ? Field
             : nullptr;
}

static bool isThreadHoldingObject(const Expr *E) {
  QualType T = E->IgnoreParenImpCasts()->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  return threadHolding(T) != ThreadHolding::None;
}

namespace {
/// Finds a thread started inside an expression: a std::thread construction
/// with a callable, `new std::thread(F)`, `std::make_unique<std::thread>(F)`,
/// `Threads.emplace_back(F)` on a container of threads.
class LaunchFinder : public RecursiveASTVisitor<LaunchFinder> {
public:
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    if (isStdThreadLaunch(Construct)) {
      Found = Construct;
      Callable = Construct->getArg(0);
    }
    return !Found;
  }
  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || Call->getNumArgs() == 0)
      return true;
    std::string Name = qualifiedName(Callee);
    if (Name == "std::make_unique" || Name == "std::make_shared") {
      const TemplateArgumentList *Args =
          Callee->getTemplateSpecializationArgs();
      if (Args && Args->size() >= 1 &&
          Args->get(0).getKind() == TemplateArgument::Type &&
          className(Args->get(0).getAsType()) == "std::thread")
        Found = Call;
    }
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      const CXXMethodDecl *Method = Member->getMethodDecl();
      if (Method && Method->getIdentifier() &&
          Method->getName().starts_with("emplace") &&
          isThreadHoldingObject(Member->getImplicitObjectArgument()) &&
          className(Call->getArg(0)->getType()) != "std::thread")
        Found = Call;
    }
    if (Found)
      Callable = Call->getArg(0);
    return !Found;
  }
  const Expr *Found = nullptr;
  /// The argument naming what the started thread runs.
  const Expr *Callable = nullptr;
};
} // namespace

static bool containsLaunch(const Stmt *S) {
  if (!S)
    return false;
  LaunchFinder Finder;
  Finder.TraverseStmt(const_cast<Stmt *>(S));
  return Finder.Found;
}

/// The bodies of the member functions of \p Class defined in the
/// translation unit, constructors and destructor included.
static llvm::SmallVector<const FunctionDecl *, 8>
memberFunctions(const CXXRecordDecl *Class) {
  llvm::SmallVector<const FunctionDecl *, 8> Result;
  for (const Decl *D : Class->decls()) {
    const FunctionDecl *F = nullptr;
    if (const auto *Template = dyn_cast<FunctionTemplateDecl>(D))
      F = Template->getTemplatedDecl();
    else
      F = dyn_cast<CXXMethodDecl>(D);
    if (!F)
      continue;
    if (const FunctionDecl *Def = F->getDefinition(); Def && Def->getBody())
      Result.push_back(Def);
  }
  return Result;
}

namespace {
/// Finds where a class stores a started thread into a member.
class StartFinder : public RecursiveASTVisitor<StartFinder> {
public:
  explicit StartFinder(const FieldDecl *Field) : Field(Field) {}
  bool VisitBinaryOperator(BinaryOperator *Op) {
    if (Op->getOpcode() == BO_Assign && ownMember(Op->getLHS()) == Field &&
        containsLaunch(Op->getRHS()))
      Found = Op;
    return !Found;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Op) {
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
        ownMember(Op->getArg(0)) == Field && containsLaunch(Op->getArg(1)))
      Found = Op;
    return !Found;
  }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    if (ownMember(Call->getImplicitObjectArgument()) == Field &&
        containsLaunch(Call))
      Found = Call;
    return !Found;
  }
  const Stmt *Found = nullptr;

private:
  const FieldDecl *Field;
};
} // namespace

const Stmt *memberStart(const FieldDecl *Field) {
  if (containsLaunch(Field->getInClassInitializer()))
    return Field->getInClassInitializer();
  const auto *Class = dyn_cast<CXXRecordDecl>(Field->getParent());
  if (!Class)
    return nullptr;
  for (const FunctionDecl *F : memberFunctions(Class)) {
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(F))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->getMember() == Field && Init->isWritten() &&
            containsLaunch(Init->getInit()))
          return Init->getInit();
    StartFinder Finder(Field);
    Finder.TraverseStmt(F->getBody());
    if (Finder.Found)
      return Finder.Found;
  }
  return nullptr;
}

namespace {
/// What one function does with a thread member: uses it, destroys it,
/// signals a stop.
class MemberUses : public RecursiveASTVisitor<MemberUses> {
public:
  explicit MemberUses(const FieldDecl *Field) : Field(Field) {}
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }

  bool VisitCXXDeleteExpr(CXXDeleteExpr *Delete) {
    destroy(Delete->getArgument(), Delete);
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *Op) {
    if (Op->isAssignmentOp()) {
      destroy(Op->getLHS(), Op);
      signal(Op->getLHS());
    }
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Op) {
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
      destroy(Op->getArg(0), Op);
      signal(Op->getArg(0));
    }
    return true;
  }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (!Method || !Method->getIdentifier())
      return true;
    StringRef Name = Method->getName();
    const Expr *Object = Call->getImplicitObjectArgument();
    if (Name == "reset" || Name == "clear")
      destroy(Object, Call);
    if (Name == "notify_one" || Name == "notify_all" || Name == "request_stop")
      SignalsStop = true;
    if (Name == "store" || Name == "test_and_set")
      signal(Object);
    if (Name == "join")
      Joins = true;
    return true;
  }
  bool VisitCallExpr(CallExpr *Call) {
    if (const FunctionDecl *Callee = Call->getDirectCallee();
        Callee && Callee->getIdentifier() &&
        Callee->getName() == "pthread_join")
      Joins = true;
    return true;
  }
  bool VisitMemberExpr(MemberExpr *Member) {
    if (Member->getMemberDecl() == Field && !Destroyed.contains(Member))
      Handles = true;
    return true;
  }
  bool VisitCXXDependentScopeMemberExpr(CXXDependentScopeMemberExpr *Member) {
    if (Member->getMember().getAsIdentifierInfo() == Field->getIdentifier())
      Handles = true;
    return true;
  }

  bool Handles = false;
  bool SignalsStop = false;
  bool Joins = false;
  const Stmt *Destroys = nullptr;

private:
  void destroy(const Expr *Target, const Stmt *By) {
    const auto *Member =
        dyn_cast<MemberExpr>(Target->IgnoreImplicit()->IgnoreParens());
    if (Member && Member->getMemberDecl() == Field) {
      Destroyed.insert(Member);
      if (!Destroys)
        Destroys = By;
    }
  }
  /// A stop flag set: a bool or atomic member of the class written.
  void signal(const Expr *Target) {
    const ValueDecl *D = referencedDecl(Target);
    if (!D || !isa<FieldDecl>(D) || D == Field)
      return;
    QualType T = D->getType();
    if (T->isBooleanType() || isAtomicBool(T) || isAtomicInteger(T))
      SignalsStop = true;
  }

  const FieldDecl *Field;
  llvm::DenseSet<const MemberExpr *> Destroyed;
};
} // namespace

MemberShutdown destructorShutdown(const FunctionDecl *Dtor,
                                  const FieldDecl *Field,
                                  ThreadAnalysis &Analysis) {
  MemberShutdown Result;
  for (auto [F, Depth] : Analysis.reachableFunctions(Dtor)) {
    MemberUses Uses(Field);
    Uses.TraverseStmt(F->getBody());
    Result.Handles |= Uses.Handles;
    Result.SignalsStop |= Uses.SignalsStop;
    if (!Result.Destroys)
      Result.Destroys = Uses.Destroys;
  }
  return Result;
}

const FunctionDecl *joinedOutsideDestructor(const FieldDecl *Field) {
  const auto *Class = dyn_cast<CXXRecordDecl>(Field->getParent());
  if (!Class)
    return nullptr;
  for (const FunctionDecl *F : memberFunctions(Class)) {
    if (isa<CXXDestructorDecl>(F))
      continue;
    MemberUses Uses(Field);
    Uses.TraverseStmt(F->getBody());
    if (Uses.Handles && Uses.Joins)
      return F;
  }
  return nullptr;
}

namespace {
class DetachFinder : public RecursiveASTVisitor<DetachFinder> {
public:
  explicit DetachFinder(const FieldDecl *Field) : Field(Field) {}
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (Method && Method->getIdentifier() &&
        (Method->getName() == "detach" || Method->getName() == "swap" ||
         Method->getName() == "release"))
      Detaches = true;
    return true;
  }
  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || !Callee->getIdentifier())
      return true;
    StringRef Name = Callee->getName();
    if ((Name == "move" || Name == "swap" || Name == "exchange") &&
        llvm::any_of(Call->arguments(),
                     [&](const Expr *Arg) { return ownMember(Arg) == Field; }))
      Moved = true;
    return true;
  }
  bool VisitMemberExpr(MemberExpr *Member) {
    if (Member->getMemberDecl() == Field)
      Uses = true;
    return true;
  }
  bool Detaches = false;
  bool Moved = false;
  bool Uses = false;

private:
  const FieldDecl *Field;
};
} // namespace

bool detachedOrMovedAway(const FieldDecl *Field) {
  const auto *Class = dyn_cast<CXXRecordDecl>(Field->getParent());
  if (!Class)
    return false;
  return llvm::any_of(memberFunctions(Class), [&](const FunctionDecl *F) {
    DetachFinder Finder(Field);
    Finder.TraverseStmt(F->getBody());
    return Finder.Moved || (Finder.Uses && Finder.Detaches);
  });
}

/// The function the thread started by \p Start runs, if it is resolved.
static const FunctionDecl *startedBody(const Stmt *Start) {
  LaunchFinder Finder;
  Finder.TraverseStmt(const_cast<Stmt *>(Start));
  return Finder.Callable ? resolveCallable(Finder.Callable) : nullptr;
}

/// Where a function run by a thread (or one it calls) stores to \p Flag, a
/// member of the object the thread runs on.
static const Expr *storeTo(const FieldDecl *Flag, const FunctionDecl *Body,
                           ThreadAnalysis &Analysis) {
  for (auto [F, Depth] : Analysis.reachableFunctions(Body)) {
    const Expr *Found = nullptr;
    forEachStmt(F->getBody(), [&](const Stmt *S) {
      const auto *E = dyn_cast<Expr>(S);
      if (Found || !E)
        return;
      if (const Expr *Object = storedObject(E);
          Object && ownMember(Object) == Flag)
        Found = E;
    });
    if (Found)
      return Found;
  }
  return nullptr;
}

static bool usesMember(const Stmt *S, const FieldDecl *Field) {
  bool Found = false;
  forEachStmt(S, [&](const Stmt *Child) {
    if (const auto *Member = dyn_cast<MemberExpr>(Child))
      Found |= Member->getMemberDecl() == Field;
  });
  return Found;
}

static bool exits(const Stmt *S) {
  bool Found = false;
  forEachStmt(S, [&](const Stmt *Child) {
    Found |= isa<ReturnStmt>(Child) || isa<CXXThrowExpr>(Child);
  });
  return Found;
}

namespace {
/// Looks, on the way from a destructor to the join of a member, for an `if`
/// that skips the join and whose condition reads a flag the thread writes.
class JoinGuardFinder {
public:
  JoinGuardFinder(const FieldDecl *Field, const FunctionDecl *ThreadBody,
                  ThreadAnalysis &Analysis)
      : Field(Field), ThreadBody(ThreadBody), Analysis(Analysis) {}

  /// Searches \p F, whose joins of the member (or calls to \p Joiners, the
  /// functions that join it) are the statements the guard would skip.
  std::optional<ThreadFlagGuard>
  search(const FunctionDecl *F,
         const llvm::SmallPtrSetImpl<const FunctionDecl *> &Joiners) {
    this->Joiners = &Joiners;
    In = F;
    Path.clear();
    walk(F->getBody());
    return Result;
  }

private:
  bool handles(const Stmt *S) const {
    if (!S)
      return false;
    bool Found = usesMember(S, Field);
    forEachStmt(S, [&](const Stmt *Child) {
      if (const auto *Call = dyn_cast<CallExpr>(Child))
        if (const FunctionDecl *Callee = Call->getDirectCallee())
          Found |= Joiners->contains(Callee->getCanonicalDecl());
    });
    return Found;
  }

  /// A join of the member, a loop joining the threads of a member
  /// container, or a call to a function that joins the member.
  bool isJoinSite(const Stmt *S) const {
    if (const auto *Loop = dyn_cast<CXXForRangeStmt>(S)) {
      if (ownMember(Loop->getRangeInit()) != Field)
        return false;
      bool Joins = false;
      forEachStmt(Loop->getBody(), [&](const Stmt *In) {
        const auto *Call = dyn_cast<CallExpr>(In);
        Joins |= Call && isThreadJoin(Call);
      });
      return Joins;
    }
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call)
      return false;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
        Member && isThreadJoin(Call) &&
        ownMember(Member->getImplicitObjectArgument()) == Field)
      return true;
    const FunctionDecl *Callee = Call->getDirectCallee();
    return Callee && Joiners->contains(Callee->getCanonicalDecl());
  }

  /// The first member flag in \p Cond that the thread writes, with where.
  std::optional<std::pair<const FieldDecl *, const Expr *>>
  threadWrittenFlag(const Expr *Cond) const {
    std::optional<std::pair<const FieldDecl *, const Expr *>> Found;
    forEachStmt(Cond, [&](const Stmt *S) {
      const auto *E = dyn_cast<Expr>(S);
      const FieldDecl *Flag = E ? ownMember(E) : nullptr;
      if (Found || !Flag || Flag == Field || !isa<MemberExpr>(E))
        return;
      QualType T = Flag->getType();
      if (!T->isIntegralOrEnumerationType() && !isAtomicBool(T) &&
          !isAtomicInteger(T))
        return;
      if (const Expr *Store = storeTo(Flag, ThreadBody, Analysis))
        Found = {Flag, Store};
    });
    return Found;
  }

  void judge(const IfStmt *If) {
    if (auto Flag = threadWrittenFlag(If->getCond()))
      Result = ThreadFlagGuard{If, Flag->first, Flag->second, In};
  }

  /// Whether a statement after Path[Index], in the blocks around it,
  /// handles the member: the path that skips an if's branch reaches it.
  bool handledAfter(size_t Index) const {
    for (size_t I = Index; I > 0; --I) {
      const auto *Block = dyn_cast<CompoundStmt>(Path[I - 1]);
      if (!Block)
        continue;
      bool After = false;
      for (const Stmt *Sibling : Block->body()) {
        if (After && handles(Sibling))
          return true;
        After |= Sibling == Path[I];
      }
    }
    return false;
  }

  /// \p Site is a join: checks the statements around it, innermost first.
  void guardOf(const Stmt *Site) {
    const Stmt *Child = Site;
    for (size_t Index = Path.size(); Index-- > 0;) {
      const Stmt *Parent = Path[Index];
      if (Result)
        return;
      if (const auto *If = dyn_cast<IfStmt>(Parent)) {
        bool InThen = Child == If->getThen();
        if ((InThen || Child == If->getElse()) &&
            !handles(InThen ? If->getElse() : If->getThen()) &&
            !handledAfter(Index))
          judge(If);
      } else if (const auto *Block = dyn_cast<CompoundStmt>(Parent)) {
        for (const Stmt *Before : Block->body()) {
          if (Before == Child || Result)
            break;
          const auto *If = dyn_cast<IfStmt>(Before);
          if (If && ((exits(If->getThen()) && !handles(If->getThen())) ||
                     (If->getElse() && exits(If->getElse()) &&
                      !handles(If->getElse()))))
            judge(If);
        }
      }
      Child = Parent;
    }
  }

  void walk(const Stmt *S) {
    if (!S || Result || isa<LambdaExpr>(S))
      return;
    if (isJoinSite(S)) {
      guardOf(S);
      return;
    }
    Path.push_back(S);
    for (const Stmt *Child : S->children())
      walk(Child);
    Path.pop_back();
  }

  const FieldDecl *Field;
  const FunctionDecl *ThreadBody;
  ThreadAnalysis &Analysis;
  const llvm::SmallPtrSetImpl<const FunctionDecl *> *Joiners = nullptr;
  const FunctionDecl *In = nullptr;
  llvm::SmallVector<const Stmt *, 16> Path;
  std::optional<ThreadFlagGuard> Result;
};
} // namespace

std::optional<ThreadFlagGuard>
joinGuardedByThreadFlag(const FunctionDecl *Dtor, const FieldDecl *Field,
                        const Stmt *Start, ThreadAnalysis &Analysis) {
  const FunctionDecl *ThreadBody = startedBody(Start);
  if (!ThreadBody || !ThreadBody->hasBody())
    return std::nullopt;
  auto Reached = Analysis.reachableFunctions(Dtor);
  // The functions on the destructor's path that join the member themselves.
  llvm::SmallPtrSet<const FunctionDecl *, 4> Joiners;
  for (auto [F, Depth] : Reached) {
    MemberUses Uses(Field);
    Uses.TraverseStmt(F->getBody());
    if (Uses.Handles && Uses.Joins)
      Joiners.insert(F->getCanonicalDecl());
  }
  JoinGuardFinder Finder(Field, ThreadBody, Analysis);
  for (auto [F, Depth] : Reached)
    if (std::optional<ThreadFlagGuard> Guard = Finder.search(F, Joiners))
      return Guard;
  return std::nullopt;
}

} // namespace clang::tidy::threadleak
