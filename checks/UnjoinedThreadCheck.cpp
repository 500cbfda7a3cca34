//===--- UnjoinedThreadCheck.cpp - threadleak -----------------------------===//

#include "UnjoinedThreadCheck.h"
#include "analysis/DetachedUses.h"
#include "analysis/Exceptions.h"
#include "analysis/Lifetimes.h"
#include "analysis/LoopBounds.h"
#include "analysis/Names.h"
#include "analysis/StatementWalk.h"
#include "analysis/ThreadMembers.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::threadleak {

namespace {
/// Like forEach, but only over a compound statement's own statements:
/// forEach walks the whole subtree below each child, which costs quadratic
/// time in deeply nested blocks.
AST_MATCHER_P(CompoundStmt, forEachSubstatement,
              ast_matchers::internal::Matcher<Stmt>, Inner) {
  ast_matchers::internal::BoundNodesTreeBuilder Result;
  bool Matched = false;
  for (const Stmt *S : Node.body()) {
    ast_matchers::internal::BoundNodesTreeBuilder Statement(*Builder);
    if (Inner.matches(*S, Finder, &Statement)) {
      Matched = true;
      Result.addMatch(Statement);
    }
  }
  *Builder = std::move(Result);
  return Matched;
}
} // namespace

void UnjoinedThreadCheck::registerUserCodeMatchers(UserCodeMatchers &Matchers) {
  auto NotInSystemHeader = unless(isExpansionInSystemHeader());
  auto StdThread = cxxRecordDecl(hasName("::std::thread"));
  auto IsStdThread =
      hasUnqualifiedDesugaredType(recordType(hasDeclaration(StdThread)));
  // Local threads: the function they are declared in is analysed at the
  // end. Local containers of threads: the function they are declared in is
  // looked at for loops that fill them (member containers: the class's
  // constructors, from the "field" matches). Matched from their
  // declaration statements and classes: every parameter of the standard
  // library is a VarDecl, and each class has several fields.
  Matchers.add(declStmt(
      NotInSystemHeader,
      forEach(varDecl(
          hasLocalStorage(),
          anyOf(varDecl(hasType(IsStdThread)).bind("local"),
                varDecl(hasType(hasUnqualifiedDesugaredType(recordType(
                            hasDeclaration(classTemplateSpecializationDecl(
                                hasAnyTemplateArgument(
                                    refersToType(IsStdThread))))))))
                    .bind("local_container"))))));
  Matchers.add(cxxRecordDecl(NotInSystemHeader, isDefinition(),
                             forEach(fieldDecl().bind("field"))));
  Matchers.add(cxxMemberCallExpr(
                   NotInSystemHeader,
                   callee(cxxMethodDecl(
                       hasName("detach"),
                       ofClass(hasAnyName("::std::thread", "::std::jthread")))))
                   .bind("detach"));
}

/// The launches a detached thread object may come from: a temporary
/// (`std::thread(F).detach()`) or a local's initializer.
static llvm::SmallVector<const Expr *, 2> detachedLaunches(const Expr *Object) {
  const Expr *E = Object->IgnoreImplicit()->IgnoreParens();
  if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E))
    E = Cast->getSubExpr()->IgnoreImplicit();
  if (isa<CXXConstructExpr>(E))
    return {E};
  if (const auto *Var = dyn_cast_or_null<VarDecl>(referencedDecl(Object)))
    return initialLaunches(Var);
  return {};
}

void UnjoinedThreadCheck::check(const MatchFinder::MatchResult &Result) {
  Context = Result.Context;
  const auto &Nodes = Result.Nodes;
  if (const auto *Var = Nodes.getNodeAs<VarDecl>("local")) {
    if (const auto *F =
            dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod()))
      FunctionsWithThreads.insert(F);
    return;
  }
  if (const auto *Field = Nodes.getNodeAs<FieldDecl>("field")) {
    if (threadHolding(Field->getType()) != ThreadHolding::None)
      ThreadMembers.insert(Field);
    return;
  }
  if (const auto *Var = Nodes.getNodeAs<VarDecl>("local_container")) {
    if (const auto *F =
            dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod()))
      FunctionsWithContainerLaunches.insert(F);
    return;
  }
  if (const auto *Detach = Nodes.getNodeAs<CXXMemberCallExpr>("detach")) {
    for (const Expr *Launch :
         detachedLaunches(Detach->getImplicitObjectArgument()))
      if (std::optional<ThreadLaunch> L =
              getThreadLaunch(Launch, threadLaunchers()))
        Detaches.emplace_back(Detach, *L);
  }
}

void UnjoinedThreadCheck::onEndOfTranslationUnit() {
  if (!Context)
    Context = launchContext();
  // `std::thread(F);` is a launch, so the index is only asked when some
  // launch matched.
  if (launchContext())
    for (const Expr *Discarded : analysis(*Context).index().DiscardedThreads)
      if (SourceLocation Loc = Discarded->getBeginLoc(); firstReportAt(Loc))
        diag(Loc, "temporary std::thread is destroyed at the end of the "
                  "statement while its thread still runs, which calls "
                  "std::terminate; keep the thread in a variable and join it");
  if (Context) {
    for (const FunctionDecl *F : FunctionsWithThreads)
      checkLocalThreads(F);
    for (const FieldDecl *Field : ThreadMembers) {
      checkMember(Field);
      if (threadHolding(Field->getType()) == ThreadHolding::Container)
        if (const auto *Class = dyn_cast<CXXRecordDecl>(Field->getParent()))
          for (const CXXConstructorDecl *Ctor : Class->ctors())
            if (const FunctionDecl *Def = Ctor->getDefinition())
              FunctionsWithContainerLaunches.insert(Def);
    }
    for (const ThreadLaunch &Launch :
         matchedLaunches(ContainerLaunches::Excluded))
      if (Launch.Kind == LaunchKind::Pthread)
        checkPthread(Launch);
    for (const FunctionDecl *F : FunctionsWithContainerLaunches)
      checkContainerLoops(F);
    for (const auto &[Detach, Launch] : Detaches)
      checkDetached(Detach, Launch);
  }
  Detaches.clear();
  FunctionsWithThreads.clear();
  ThreadMembers.clear();
  FunctionsWithContainerLaunches.clear();
}

// ===== Local std::thread destroyed joinable =====

/// Code clang could not make sense of (a RecoveryExpr, while the user is
/// typing): what it does to a thread is unknown.
static bool containsErrors(const Stmt *Body) {
  bool Found = false;
  forEachStmtDeep(Body, [&](const Stmt *S) {
    if (const auto *E = dyn_cast<Expr>(S); E && E->containsErrors())
      Found = true;
  });
  return Found;
}

void UnjoinedThreadCheck::checkLocalThreads(const FunctionDecl *F) {
  if (containsErrors(F->getBody()))
    return;
  ThreadAnalysis &Analysis = analysis(*Context);
  std::vector<JoinableExit> Exits = findJoinableExits(
      F, *Context, [&](const Expr *E) { return throwCauses(Analysis, E); });
  // Only the paths the policy reports: a failed ASSERT_* or REQUIRE, or a
  // thread that cannot start, only with their options.
  llvm::erase_if(Exits, [&](const JoinableExit &Exit) {
    return !policy().reports(Exit.Causes);
  });
  reportLocal(Exits, F);
}

void UnjoinedThreadCheck::reportLocal(const std::vector<JoinableExit> &Exits,
                                      const FunctionDecl *F) {
  for (size_t I = 0; I < Exits.size();) {
    const VarDecl *Var = Exits[I].Thread;
    size_t End = I;
    while (End < Exits.size() && Exits[End].Thread == Var)
      ++End;
    const JoinableExit &First = Exits[I];
    SourceLocation Loc = Var->getLocation();
    if (First.Launch && isa<CXXOperatorCallExpr>(First.Launch))
      Loc = First.Launch->getBeginLoc();
    bool OnlyEndOfScope =
        llvm::all_of(llvm::ArrayRef<JoinableExit>(Exits).slice(I, End - I),
                     [](const JoinableExit &E) {
                       return E.Kind == JoinableExit::EndOfScope;
                     });
    if (firstReportAt(Loc)) {
      if (OnlyEndOfScope)
        diag(Loc, "thread %0 goes out of scope without being joined or "
                  "detached, and destroying a joinable std::thread calls "
                  "std::terminate; join it before the end of its scope")
            << Var;
      else
        diag(Loc,
             "thread %0 is destroyed while still joinable when %select{a "
             "return leaves|a break leaves|a continue leaves|a goto leaves|"
             "control reaches the end of|an exception leaves}1 its scope "
             "before the join, which calls std::terminate; join it on every "
             "path (an RAII guard that joins, or catch (...) { join; throw; })")
            << Var << First.Kind;
      unsigned Notes = 0;
      for (size_t J = I; J < End && Notes < 3; ++J, ++Notes) {
        const JoinableExit &Exit = Exits[J];
        switch (Exit.Kind) {
        case JoinableExit::Return:
          diag(Exit.Loc, "this return destroys %0 before it is joined",
               DiagnosticIDs::Note)
              << Var;
          break;
        case JoinableExit::Break:
        case JoinableExit::Continue:
        case JoinableExit::Goto:
          diag(Exit.Loc,
               "this %select{break|continue|goto}1 leaves the scope of %0 "
               "before it is joined",
               DiagnosticIDs::Note)
              << Var << (Exit.Kind - JoinableExit::Break);
          break;
        case JoinableExit::EndOfScope:
          diag(Exit.Loc, "%0 is destroyed here while still joinable",
               DiagnosticIDs::Note)
              << Var;
          break;
        case JoinableExit::Exception:
          diag(Exit.Loc,
               "%select{if this throws, the exception|this throw}1 destroys "
               "%0 before it is joined",
               DiagnosticIDs::Note)
              << Var << isa<CXXThrowExpr>(Exit.Where);
          break;
        }
      }
      if (std::optional<FixItHint> Fix = localJThreadFix(Var, F))
        diag(Var->getTypeSpecStartLoc(),
             "use std::jthread, which joins when it is destroyed; the owner "
             "then waits for the thread to finish",
             DiagnosticIDs::Note)
            << *Fix;
    }
    I = End;
  }
}

/// The replacement of a declaration's type spelled exactly `std::thread`.
static std::optional<FixItHint> replaceThreadType(TypeSourceInfo *TSI,
                                                  const ASTContext &Context) {
  if (!TSI)
    return std::nullopt;
  SourceRange Range = TSI->getTypeLoc().getSourceRange();
  if (Range.isInvalid() || Range.getBegin().isMacroID() ||
      Range.getEnd().isMacroID())
    return std::nullopt;
  CharSourceRange Tokens = CharSourceRange::getTokenRange(Range);
  if (Lexer::getSourceText(Tokens, Context.getSourceManager(),
                           Context.getLangOpts()) != "std::thread")
    return std::nullopt;
  return FixItHint::CreateReplacement(Tokens, "std::jthread");
}

namespace {
/// Whether every use of a thread is a call jthread has too (join,
/// joinable, get_id): then the declaration can become a std::jthread.
class JThreadCompatibleUses
    : public RecursiveASTVisitor<JThreadCompatibleUses> {
public:
  explicit JThreadCompatibleUses(const ValueDecl *Thread) : Thread(Thread) {}
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    const Expr *Object =
        Call->getImplicitObjectArgument()->IgnoreParenImpCasts();
    if (Method && Method->getIdentifier() &&
        llvm::is_contained({"join", "joinable", "get_id"}, Method->getName()))
      Allowed.insert(Object);
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (Ref->getDecl() == Thread && !Allowed.contains(Ref))
      Compatible = false;
    return true;
  }
  bool VisitMemberExpr(MemberExpr *Member) {
    if (Member->getMemberDecl() == Thread && !Allowed.contains(Member))
      Compatible = false;
    return true;
  }
  bool Compatible = true;

private:
  const ValueDecl *Thread;
  llvm::DenseSet<const Expr *> Allowed;
};
} // namespace

std::optional<FixItHint>
UnjoinedThreadCheck::localJThreadFix(const VarDecl *Var,
                                     const FunctionDecl *F) {
  if (!getLangOpts().CPlusPlus20 || Var->getInitStyle() == VarDecl::CInit ||
      !isStdThreadLaunch(Var->getInit()))
    return std::nullopt;
  JThreadCompatibleUses Uses(Var);
  Uses.TraverseStmt(F->getBody());
  if (!Uses.Compatible)
    return std::nullopt;
  return replaceThreadType(Var->getTypeSourceInfo(), *Context);
}

// ===== Members whose destructor never joins =====

void UnjoinedThreadCheck::checkMember(const FieldDecl *Field) {
  const auto *Class = dyn_cast<CXXRecordDecl>(Field->getParent());
  if (!Class || Class->isUnion() || Class->isLambda())
    return;
  // A template's members are analysed in its instantiations, where the
  // initializers and calls are resolved (one report for all of them).
  if (Class->isDependentContext())
    return;
  ThreadHolding Holding = threadHolding(Field->getType());
  const Stmt *Start = memberStart(Field);
  if (!Start || detachedOrMovedAway(Field))
    return;
  ThreadAnalysis &Analysis = analysis(*Context);
  if (Analysis.index().MovedAway.contains(Field))
    return;
  if (!Class->methods().empty()) {
    ThreadLaunch Owner;
    Owner.Body = *Class->method_begin();
    if (isProcessLifetimeThread(Owner, *Context))
      return;
  }
  const CXXDestructorDecl *Dtor = Class->getDestructor();
  enum { Implicit, Defaulted, Written } DtorKind = Implicit;
  MemberShutdown Shutdown;
  if (Dtor && !Dtor->isImplicit()) {
    DtorKind = Dtor->isDefaulted() ? Defaulted : Written;
    if (Dtor->isDeleted())
      return;
  }
  if (Dtor && !Dtor->isDefaulted()) {
    const auto *Def = dyn_cast_or_null<CXXDestructorDecl>(
        analysableDefinition(Dtor, Context->getSourceManager()));
    if (!Def)
      return; // defined in another file
    Shutdown = destructorShutdown(Def, Field, Analysis);
    if (Shutdown.Handles) {
      reportSkippedJoin(Def, Class, Field, Start);
      return;
    }
    Dtor = Def;
  }
  // A test fixture's tear-down runs before its destructor, always.
  const CXXMethodDecl *TearDown = frameworkTearDown(Class);
  if (TearDown) {
    const FunctionDecl *Def =
        analysableDefinition(TearDown, Context->getSourceManager());
    if (!Def)
      return; // defined in another file
    if (destructorShutdown(Def, Field, Analysis).Handles) {
      reportSkippedJoin(Def, Class, Field, Start);
      return;
    }
  }
  if (Holding == ThreadHolding::RawPointer && !Shutdown.Destroys)
    return; // not owned here, or leaked on purpose: no std::terminate
  SourceLocation Loc = Field->getLocation();
  if (!firstReportAt(Loc))
    return;
  if (Holding == ThreadHolding::RawPointer)
    diag(Loc, "the destructor of %0 deletes the std::thread %1 points to "
              "without joining it; deleting a joinable std::thread calls "
              "std::terminate; join it before the delete")
        << Class << Field;
  else if (Shutdown.SignalsStop)
    diag(Loc, "the destructor of %0 asks the thread in %1 to stop but never "
              "joins it; destroying the still joinable std::thread calls "
              "std::terminate, and the thread may still be using the object; "
              "join %1 after the stop request")
        << Class << Field;
  else
    diag(Loc, "the %select{implicit destructor|defaulted destructor|"
              "destructor}2 of %0 never joins or detaches the "
              "%select{|std::thread in |threads in |std::thread in }3member "
              "%1; destroying a joinable std::thread calls std::terminate; "
              "join %1 in the destructor")
        << Class << Field << DtorKind << static_cast<int>(Holding);
  diag(Start->getBeginLoc(), "thread started here", DiagnosticIDs::Note);
  if (TearDown)
    diag(TearDown->getLocation(),
         "%0, which the test framework runs before the destructor, does not "
         "join %1 either",
         DiagnosticIDs::Note)
        << TearDown << Field;
  if (const FunctionDecl *Joiner = joinedOutsideDestructor(Field))
    diag(Joiner->getLocation(),
         "%0 is joined only in %1, which the destructor does not call",
         DiagnosticIDs::Note)
        << Field << Joiner;
  if (DtorKind == Written)
    diag(Shutdown.Destroys ? Shutdown.Destroys->getBeginLoc()
                           : Dtor->getBody()->getEndLoc(),
         "join %0 here, before it is destroyed", DiagnosticIDs::Note)
        << Field;
  else if (DtorKind == Defaulted)
    diag(Dtor->getLocation(),
         "the defaulted destructor destroys %0 while it is joinable; define a "
         "destructor that joins it",
         DiagnosticIDs::Note)
        << Field;
  if (std::optional<FixItHint> Fix = memberJThreadFix(Field))
    diag(Field->getTypeSpecStartLoc(),
         "use std::jthread, which joins when it is destroyed; the destructor "
         "then waits for the thread to finish",
         DiagnosticIDs::Note)
        << *Fix;
}

void UnjoinedThreadCheck::reportSkippedJoin(const FunctionDecl *Dtor,
                                            const CXXRecordDecl *Class,
                                            const FieldDecl *Field,
                                            const Stmt *Start) {
  std::optional<ThreadFlagGuard> Guard =
      joinGuardedByThreadFlag(Dtor, Field, Start, analysis(*Context));
  if (!Guard || !firstReportAt(Field->getLocation()))
    return;
  diag(Field->getLocation(),
       "the %select{destructor|tear-down}3 of %0 skips the join of %1 on %2, "
       "which the thread itself writes: once it has, %1 is destroyed joinable "
       "and std::terminate is called; join %1 whenever it is joinable, "
       "whatever %2 says")
      << Class << Field << Guard->Flag << !isa<CXXDestructorDecl>(Dtor);
  diag(Guard->Guard->getIfLoc(), "%0 skips the join of %1 here",
       DiagnosticIDs::Note)
      << Guard->In << Field;
  diag(Guard->ThreadWrite->getExprLoc(), "the thread writes %0 here",
       DiagnosticIDs::Note)
      << Guard->Flag;
}

std::optional<FixItHint>
UnjoinedThreadCheck::memberJThreadFix(const FieldDecl *Field) {
  const auto *Class = cast<CXXRecordDecl>(Field->getParent());
  if (!getLangOpts().CPlusPlus20 ||
      threadHolding(Field->getType()) != ThreadHolding::Thread ||
      Field->getAccess() == AS_public)
    return std::nullopt;
  // Destroyed first, so it joins before the members its thread uses go.
  const FieldDecl *Last = nullptr;
  for (const FieldDecl *F : Class->fields())
    Last = F;
  if (Last != Field)
    return std::nullopt;
  const Stmt *Start = memberStart(Field);
  const auto *Init = dyn_cast_or_null<Expr>(Start);
  if (!Init || !isStdThreadLaunch(Init) ||
      !isa<CXXConstructExpr>(Init->IgnoreImplicit()) ||
      isa<CXXTemporaryObjectExpr>(Init->IgnoreImplicit()))
    return std::nullopt;
  JThreadCompatibleUses Uses(Field);
  for (const Decl *D : Class->decls())
    if (const auto *Method = dyn_cast<CXXMethodDecl>(D))
      if (const FunctionDecl *Def = Method->getDefinition())
        Uses.TraverseStmt(Def->getBody());
  if (!Uses.Compatible)
    return std::nullopt;
  return replaceThreadType(Field->getTypeSourceInfo(), *Context);
}

// ===== pthread_t never joined or detached =====

namespace {
/// The uses of a pthread_t handle in its function, other than the
/// pthread_create that starts it and calls that neither join, detach nor
/// keep it.
class HandleUses : public RecursiveASTVisitor<HandleUses> {
public:
  HandleUses(const ValueDecl *Handle, const CallExpr *Create)
      : Handle(Handle), Create(Create) {}
  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Call == Create ||
        (Callee && Callee->getIdentifier() &&
         llvm::is_contained({"pthread_setname_np", "pthread_getname_np",
                             "pthread_kill", "pthread_cancel", "pthread_equal",
                             "pthread_setschedparam", "pthread_getschedparam",
                             "pthread_setschedprio", "pthread_setaffinity_np",
                             "pthread_getaffinity_np", "pthread_getcpuclockid",
                             "pthread_sigqueue"},
                            Callee->getName())))
      for (const Expr *Arg : Call->arguments())
        if (referencedDecl(Arg) == Handle)
          Harmless.insert(Arg->IgnoreParenImpCasts());
    if (Callee && Callee->getIdentifier() &&
        Callee->getName() == "pthread_attr_setdetachstate")
      SetsDetachState = true;
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *Op) {
    if (Harmless.contains(Op))
      Harmless.insert(Op->getSubExpr()->IgnoreParenImpCasts());
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (Ref->getDecl() == Handle && !Harmless.contains(Ref))
      Used = true;
    return true;
  }
  bool Used = false;
  bool SetsDetachState = false;

private:
  const ValueDecl *Handle;
  const CallExpr *Create;
  llvm::DenseSet<const Expr *> Harmless;
};
} // namespace

void UnjoinedThreadCheck::checkPthread(const ThreadLaunch &Launch) {
  const auto *Handle = dyn_cast_or_null<VarDecl>(pthreadHandle(Launch));
  if (!Handle || !Handle->hasLocalStorage() || isa<ParmVarDecl>(Handle) ||
      Handle->getType()->isReferenceType())
    return;
  const auto *F =
      dyn_cast_or_null<FunctionDecl>(Handle->getParentFunctionOrMethod());
  if (!F || !F->getBody() || F->isMain() || F->isDependentContext())
    return;
  ThreadAnalysis &Analysis = analysis(*Context);
  const SourceManager &SM = Context->getSourceManager();
  // A start routine defined elsewhere may detach itself.
  if (!analysableDefinition(Launch.Body, SM))
    return;
  for (const auto &[Call, Function] : Analysis.index().SelfDetaching)
    if (Function == Launch.Body->getDefinition())
      return;
  const auto *Create = cast<CallExpr>(Launch.Launch);
  HandleUses Uses(Handle, Create);
  Uses.TraverseStmt(F->getBody());
  bool DefaultAttributes =
      Create->getArg(1)->IgnoreParenImpCasts()->isNullPointerConstant(
          *Context, Expr::NPC_ValueDependentIsNotNull);
  if (Uses.Used || (!DefaultAttributes && Uses.SetsDetachState) ||
      (!DefaultAttributes && !referencedDecl(Create->getArg(1))))
    return;
  if (!DefaultAttributes) {
    const auto *Attr =
        dyn_cast_or_null<VarDecl>(referencedDecl(Create->getArg(1)));
    if (!Attr || !Attr->hasLocalStorage())
      return;
  }
  if (isProcessLifetimeThread(Launch, *Context))
    return;
  SourceLocation Loc = Create->getBeginLoc();
  if (!firstReportAt(Loc))
    return;
  diag(Loc, "thread %0 is never joined or detached: when it ends, its stack "
            "and exit status stay allocated until the process exits; call "
            "pthread_join(%1, ...) or pthread_detach(%1)")
      << Handle << Handle->getName();
}

// ===== Threads started into a container in a loop =====

namespace {
/// Finds loops that start threads into a container that an exception from
/// a later start would destroy with joinable threads in it.
class ContainerLoopFinder : public RecursiveASTVisitor<ContainerLoopFinder> {
  using Base = RecursiveASTVisitor<ContainerLoopFinder>;

public:
  explicit ContainerLoopFinder(const FunctionDecl *F) : F(F) {}
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
  bool TraverseCXXTryStmt(CXXTryStmt *Try) {
    ++TryDepth;
    bool Result = TraverseStmt(Try->getTryBlock());
    --TryDepth;
    for (unsigned I = 0; Result && I < Try->getNumHandlers(); ++I)
      Result = TraverseStmt(Try->getHandler(I));
    return Result;
  }
// NOLINTBEGIN(bugprone-macro-parentheses)
#define LOOP(CLASS)                                                            \
  bool Traverse##CLASS(CLASS *S) {                                             \
    Loops.push_back(S);                                                        \
    bool Result = Base::Traverse##CLASS(S);                                    \
    Loops.pop_back();                                                          \
    return Result;                                                             \
  }
  LOOP(WhileStmt)
  LOOP(DoStmt)
  LOOP(ForStmt)
  LOOP(CXXForRangeStmt)
#undef LOOP
  // NOLINTEND(bugprone-macro-parentheses)

  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (Loops.empty() || TryDepth > 0 || !Method || !Method->getIdentifier() ||
        Call->getNumArgs() == 0 ||
        !llvm::is_contained({"emplace_back", "emplace_front", "emplace",
                             "push_back", "push_front"},
                            Method->getName()))
      return true;
    const Expr *Object = Call->getImplicitObjectArgument();
    if (threadHolding(Object->getType()) != ThreadHolding::Container)
      return true;
    // The element must be a std::thread started here.
    const Expr *Arg = Call->getArg(0);
    bool Starts =
        isStdThreadLaunch(Arg) || (Method->getName().starts_with("emplace") &&
                                   className(Arg->getType()) != "std::thread");
    if (!Starts)
      return true;
    const ValueDecl *Container = referencedDecl(Object);
    bool Owned = false;
    if (const auto *Var = dyn_cast_or_null<VarDecl>(Container))
      Owned = Var->hasLocalStorage() && !isa<ParmVarDecl>(Var) &&
              !Var->getType()->isReferenceType() && Var->getDeclContext() == F;
    else if (const auto *Field = dyn_cast_or_null<FieldDecl>(Container))
      if (const auto *Member =
              dyn_cast<MemberExpr>(Object->IgnoreImplicit()->IgnoreParens()))
        Owned = isa<CXXConstructorDecl>(F) &&
                isa<CXXThisExpr>(Member->getBase()->IgnoreImplicit()) &&
                Field->getParent() == cast<CXXMethodDecl>(F)->getParent();
    if (!Owned)
      return true;
    const Stmt *Loop = Loops.back();
    if (llvm::none_of(Found, [&](const auto &Known) {
          return std::get<0>(Known) == Loop;
        }))
      Found.emplace_back(Loop, Call, Container);
    return true;
  }

  std::vector<
      std::tuple<const Stmt *, const CXXMemberCallExpr *, const ValueDecl *>>
      Found;

private:
  const FunctionDecl *F;
  unsigned TryDepth = 0;
  llvm::SmallVector<const Stmt *, 4> Loops;
};
} // namespace

void UnjoinedThreadCheck::checkContainerLoops(const FunctionDecl *F) {
  // A thread that cannot start is a failure of the environment: reported
  // only with ReportEnvironmentFailures (analysis/ReportingPolicy.h).
  if (!policy().EnvironmentFailures)
    return;
  const auto *Proto = F->getType()->getAs<FunctionProtoType>();
  if (!F->getBody() || isa<CXXTryStmt>(F->getBody()) ||
      isa<CXXDestructorDecl>(F) || (Proto && Proto->isNothrow()) ||
      F->isDependentContext() || !getLangOpts().CXXExceptions)
    return;
  if (const auto *Method = dyn_cast<CXXMethodDecl>(F)) {
    ThreadLaunch Owner;
    Owner.Body = Method;
    if (isProcessLifetimeThread(Owner, *Context))
      return;
  }
  ContainerLoopFinder Finder(F);
  Finder.TraverseStmt(F->getBody());
  for (const auto &[Loop, Call, Container] : Finder.Found) {
    // A local container filled a constant number of times (a test's three
    // threads): a start that fails there is not a case anyone handles.
    if (isa<VarDecl>(Container) &&
        loopBound(Loop, analysis(*Context), {}).Kind == LoopBoundKind::Constant)
      continue;
    // A loop that starts threads with nothing bounding how many: one
    // warning, threadleak-unbounded-thread-creation's, whose fix (a pool,
    // a semaphore) replaces the loop.
    if (isReportedAsUnboundedCreation(F, Call, *Context))
      continue;
    SourceLocation Loc = Loop->getBeginLoc();
    if (!firstReportAt(Loc))
      continue;
    diag(Loc, "if starting a thread fails in a later iteration of this loop "
              "(std::system_error), the exception destroys %select{local|"
              "member}0 %1 while the threads already started are joinable, "
              "which calls std::terminate; catch the exception, join the "
              "threads started so far and rethrow")
        << isa<FieldDecl>(Container) << Container;
    diag(Call->getExprLoc(), "thread started here", DiagnosticIDs::Note);
  }
}

// ===== Detached threads that outlive what they use =====

void UnjoinedThreadCheck::checkDetached(const CXXMemberCallExpr *Detach,
                                        const ThreadLaunch &Launch) {
  // A detached thread that never finishes is threadleak-detached-thread's
  // (one warning per detach), and an owner that lives as long as the
  // process outlives its threads.
  if (isReportedAtDetach(Launch, *Context) ||
      isProcessLifetimeThread(Launch, *Context))
    return;
  std::optional<OutlivedUse> Use = findOutlivedUse(Launch, analysis(*Context));
  SourceLocation Loc = Detach->getExprLoc();
  if (!Use || !firstReportAt(Loc))
    return;
  if (Use->Kind == OutlivedUse::This) {
    diag(Loc, "detached thread uses 'this' of %0, whose %select{implicit "
              "destructor|destructor}1 does not wait for it: the thread may "
              "use the object after it is destroyed; keep the thread and join "
              "it in the destructor, or let the thread own the object through "
              "a std::shared_ptr")
        << Use->Object << (Use->Destructor != nullptr);
    diag(Use->Where, "the thread gets 'this' here", DiagnosticIDs::Note);
    if (Use->Destructor)
      diag(Use->Destructor->getLocation(),
           "the destructor of %0 neither joins nor waits for the thread",
           DiagnosticIDs::Note)
          << Use->Object;
    return;
  }
  diag(Loc, "detached thread uses %0, a local of %1, by reference, and "
            "nothing makes %1 wait for the thread: it may use %0 after %1 "
            "returns; pass it by value, or join the thread before returning")
      << Use->Local << Use->Launcher;
  diag(Use->Where, "%0 is passed to the thread by reference here",
       DiagnosticIDs::Note)
      << Use->Local;
}

} // namespace clang::tidy::threadleak
