//===--- ThreadAnalysis.cpp - threadleak shared analysis ------------------===//

#include "ThreadAnalysis.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <deque>

using namespace clang::ast_matchers;

namespace clang::tidy::threadleak {

std::string qualifiedName(const NamedDecl *D) {
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(D))
    D = Spec->getSpecializedTemplate();
  llvm::SmallVector<std::string, 4> Parts;
  Parts.push_back(D->getNameAsString());
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
      if (!NS->isInline() && !NS->isAnonymousNamespace())
        Parts.push_back(NS->getNameAsString());
    } else if (const auto *ND = dyn_cast<NamedDecl>(DC)) {
      Parts.push_back(ND->getNameAsString());
    }
  }
  std::string Name;
  for (const std::string &Part : llvm::reverse(Parts)) {
    if (!Name.empty())
      Name += "::";
    Name += Part;
  }
  return Name;
}

static const CXXRecordDecl *classOf(QualType T) {
  T = T.getNonReferenceType();
  if (const auto *Ptr = T->getAs<PointerType>())
    T = Ptr->getPointeeType();
  return T->getAsCXXRecordDecl();
}

std::string className(QualType T) {
  const CXXRecordDecl *RD = classOf(T);
  return RD ? qualifiedName(RD) : std::string();
}

bool isStopTokenType(QualType T) { return className(T) == "std::stop_token"; }

/// The value type of a std::atomic specialization; null for other types.
static const Type *atomicValueType(QualType T) {
  const CXXRecordDecl *RD = classOf(T);
  if (!RD || qualifiedName(RD) != "std::atomic")
    return nullptr;
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  if (!Spec || Spec->getTemplateArgs().size() != 1 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return nullptr;
  return Spec->getTemplateArgs()[0].getAsType().getTypePtr();
}

static bool isAtomicBool(QualType T) {
  if (className(T) == "std::atomic_flag")
    return true;
  const Type *Value = atomicValueType(T);
  return Value && Value->isBooleanType();
}

/// std::atomic of an integer or enumeration (not bool): a state word that
/// can hold "stop", or a counter.
static bool isAtomicInteger(QualType T) {
  const Type *Value = atomicValueType(T);
  return Value && !Value->isBooleanType() &&
         (Value->isIntegerType() || Value->isEnumeralType());
}

/// The type of an object as written, before the implicit conversion to the
/// base class that declares the member (both libraries implement
/// std::atomic<int>'s members in a base class).
static QualType writtenType(const Expr *Object) {
  return Object->IgnoreParenImpCasts()->getType();
}

std::string objectClassName(const CXXMemberCallExpr *Call) {
  const Expr *Object = Call->getImplicitObjectArgument();
  return Object ? className(writtenType(Object)) : std::string();
}

// ---------------------------------------------------------------------------
// Thread bodies
// ---------------------------------------------------------------------------

std::vector<StatementMatcher>
threadLaunchMatchers(const std::vector<std::string> &UserLaunchers) {
  // The system-header test comes first: it is cheap and rejects the library
  // internals (std::async's own std::thread) before any name lookup.
  auto NotInSystemHeader = unless(isExpansionInSystemHeader());
  auto ThreadClass = cxxRecordDecl(
      hasAnyName("::std::thread", "::std::jthread", "::boost::thread"));
  std::vector<StringRef> Launchers = {"::std::async", "::pthread_create"};
  Launchers.insert(Launchers.end(), UserLaunchers.begin(), UserLaunchers.end());
  return {
      cxxConstructExpr(NotInSystemHeader, argumentCountAtLeast(1),
                       hasDeclaration(cxxConstructorDecl(
                           ofClass(ThreadClass), unless(isCopyConstructor()),
                           unless(isMoveConstructor()))))
          .bind("launch"),
      callExpr(NotInSystemHeader, callee(functionDecl(hasAnyName(Launchers))))
          .bind("launch")};
}

StatementMatcher containerLaunchMatcher() {
  return cxxMemberCallExpr(
             unless(isExpansionInSystemHeader()), argumentCountAtLeast(1),
             callee(cxxMethodDecl(hasAnyName("emplace_back", "emplace_front"))))
      .bind("launch");
}

/// The thread class a container holds (`std::vector<std::jthread>`), as
/// the launch kind of the threads its emplace_back constructs.
static std::optional<LaunchKind> containedThreadKind(const CXXMethodDecl *M) {
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(M->getParent());
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return std::nullopt;
  std::string Element = className(Spec->getTemplateArgs()[0].getAsType());
  if (Element == "std::thread")
    return LaunchKind::StdThread;
  if (Element == "std::jthread")
    return LaunchKind::StdJThread;
  if (Element == "boost::thread")
    return LaunchKind::Boost;
  return std::nullopt;
}

static bool isLaunchPolicy(const Expr *E) {
  const auto *ET = E->getType()->getAs<EnumType>();
  return ET && qualifiedName(ET->getDecl()) == "std::launch";
}

std::optional<ThreadLaunch>
getThreadLaunch(const Expr *Launch,
                const std::vector<std::string> &UserLaunchers) {
  ThreadLaunch Result;
  Result.Launch = Launch;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Launch)) {
    if (Construct->getNumArgs() == 0)
      return std::nullopt;
    std::string Name = qualifiedName(Construct->getConstructor()->getParent());
    if (Name == "std::thread")
      Result.Kind = LaunchKind::StdThread;
    else if (Name == "std::jthread")
      Result.Kind = LaunchKind::StdJThread;
    else if (Name == "boost::thread")
      Result.Kind = LaunchKind::Boost;
    else
      return std::nullopt;
    Result.Callable = Construct->getArg(0);
  } else if (const auto *Emplace = dyn_cast<CXXMemberCallExpr>(Launch);
             Emplace && Emplace->getMethodDecl() &&
             containedThreadKind(Emplace->getMethodDecl())) {
    if (Emplace->getNumArgs() == 0)
      return std::nullopt;
    const Expr *First = Emplace->getArg(0);
    std::string FirstClass = className(First->getType());
    // Moving an existing thread in starts nothing.
    std::optional<LaunchKind> Kind =
        containedThreadKind(Emplace->getMethodDecl());
    if (!Kind || FirstClass == "std::thread" || FirstClass == "std::jthread" ||
        FirstClass == "boost::thread")
      return std::nullopt;
    Result.Kind = *Kind;
    Result.Callable = First;
  } else if (const auto *Call = dyn_cast<CallExpr>(Launch)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || Call->getNumArgs() == 0)
      return std::nullopt;
    std::string Name = qualifiedName(Callee);
    if (Name == "std::async") {
      Result.Kind = LaunchKind::StdAsync;
      unsigned First = isLaunchPolicy(Call->getArg(0)) ? 1 : 0;
      if (First >= Call->getNumArgs())
        return std::nullopt;
      Result.Callable = Call->getArg(First);
    } else if (Name == "pthread_create") {
      if (Call->getNumArgs() != 4)
        return std::nullopt;
      Result.Kind = LaunchKind::Pthread;
      Result.Callable = Call->getArg(2);
    } else if (llvm::is_contained(UserLaunchers, Name) ||
               llvm::is_contained(UserLaunchers, "::" + Name)) {
      Result.Kind = LaunchKind::User;
      for (const Expr *Arg : Call->arguments()) {
        if (resolveCallable(Arg)) {
          Result.Callable = Arg;
          break;
        }
      }
      if (!Result.Callable)
        return std::nullopt;
    } else {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  Result.Body = resolveCallable(Result.Callable);
  return Result;
}

/// Looks through the implicit nodes and copies between a callable and the
/// expression that produced it.
static const Expr *skipWrappers(const Expr *E) {
  while (true) {
    const Expr *Next = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(Next)) {
      if (Construct->getNumArgs() == 1 &&
          Construct->getConstructor()->isCopyOrMoveConstructor())
        Next = Construct->getArg(0);
    }
    if (Next == E)
      return E;
    E = Next;
  }
}

static bool isForwardingCall(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || Call->getNumArgs() == 0)
    return false;
  std::string Name = qualifiedName(Callee);
  return Name == "std::bind" || Name == "std::bind_front" ||
         Name == "std::ref" || Name == "std::cref" || Name == "std::move" ||
         Name == "std::forward";
}

static const FunctionDecl *definitionOrSelf(const FunctionDecl *F) {
  if (const FunctionDecl *Def = F->getDefinition())
    return Def;
  return F;
}

static const FunctionDecl *callOperator(const CXXRecordDecl *RD) {
  if (RD->isLambda()) {
    if (const FunctionTemplateDecl *Generic =
            RD->getDependentLambdaCallOperator()) {
      for (const FunctionDecl *Spec : Generic->specializations())
        if (Spec->hasBody())
          return Spec;
      return nullptr;
    }
    return RD->getLambdaCallOperator();
  }
  if (!RD->hasDefinition())
    return nullptr;
  for (const CXXMethodDecl *Method : RD->methods())
    if (Method->getOverloadedOperator() == OO_Call && !Method->isDeleted())
      return definitionOrSelf(Method);
  return nullptr;
}

static const FunctionDecl *resolveCallableImpl(const Expr *E, unsigned Depth) {
  if (!E || Depth > 4)
    return nullptr;
  E = skipWrappers(E);
  if (const auto *Lambda = dyn_cast<LambdaExpr>(E))
    return callOperator(Lambda->getLambdaClass());
  if (const auto *Unary = dyn_cast<UnaryOperator>(E))
    if (Unary->getOpcode() == UO_AddrOf || Unary->getOpcode() == UO_Deref)
      return resolveCallableImpl(Unary->getSubExpr(), Depth + 1);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *F = dyn_cast<FunctionDecl>(Ref->getDecl()))
      return definitionOrSelf(F);
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      if (!isa<ParmVarDecl>(Var) && Var->hasInit())
        if (const FunctionDecl *F =
                resolveCallableImpl(Var->getInit(), Depth + 1))
          return F;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E))
    if (isForwardingCall(Call))
      return resolveCallableImpl(Call->getArg(0), Depth + 1);
  if (const CXXRecordDecl *RD =
          E->getType().getNonReferenceType()->getAsCXXRecordDecl())
    return callOperator(RD);
  return nullptr;
}

const FunctionDecl *resolveCallable(const Expr *Callable) {
  return resolveCallableImpl(Callable, 0);
}

const LambdaExpr *resolveLambda(const Expr *Callable) {
  for (unsigned Depth = 0; Callable && Depth < 4; ++Depth) {
    const Expr *E = skipWrappers(Callable);
    if (const auto *Lambda = dyn_cast<LambdaExpr>(E))
      return Lambda;
    Callable = nullptr;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
      if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
        if (!isa<ParmVarDecl>(Var))
          Callable = Var->getInit();
    } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
      if (isForwardingCall(Call))
        Callable = Call->getArg(0);
    }
  }
  return nullptr;
}

const ValueDecl *referencedDecl(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreImplicit()->IgnoreParens();
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_AddrOf)
    E = Unary->getSubExpr()->IgnoreImplicit()->IgnoreParens();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return dyn_cast<VarDecl>(Ref->getDecl());
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    return dyn_cast<FieldDecl>(Member->getMemberDecl());
  return nullptr;
}

const ValueDecl *launchedInto(const ThreadLaunch &Launch, ASTContext &Context) {
  if (Launch.Kind == LaunchKind::Pthread)
    return referencedDecl(cast<CallExpr>(Launch.Launch)->getArg(0));
  DynTypedNode Node = DynTypedNode::create(*Launch.Launch);
  while (true) {
    DynTypedNodeList Parents = Context.getParents(Node);
    if (Parents.size() != 1)
      return nullptr;
    const DynTypedNode &Parent = Parents[0];
    if (const auto *Var = Parent.get<VarDecl>())
      return Var;
    if (const auto *Field = Parent.get<FieldDecl>())
      return Field;
    if (const auto *Init = Parent.get<CXXCtorInitializer>())
      return Init->getMember();
    // The parent map skips the initializer and names the constructor.
    if (const auto *Ctor = Parent.get<CXXConstructorDecl>()) {
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->getInit() == Node.get<Expr>())
          return Init->getMember();
      return nullptr;
    }
    if (const auto *Assign = Parent.get<CXXOperatorCallExpr>())
      return Assign->getOperator() == OO_Equal && Assign->getNumArgs() == 2
                 ? referencedDecl(Assign->getArg(0))
                 : nullptr;
    const auto *E = Parent.get<Expr>();
    if (!E || !isa<MaterializeTemporaryExpr, CXXBindTemporaryExpr,
                   ImplicitCastExpr, ExprWithCleanups, ParenExpr,
                   CXXFunctionalCastExpr, CXXConstructExpr>(E))
      return nullptr;
    Node = Parent;
  }
}

bool takesStopToken(const FunctionDecl *Body) {
  return Body && Body->getNumParams() > 0 &&
         isStopTokenType(Body->getParamDecl(0)->getType());
}

namespace {

/// Finds the last std::stop_token variable declared, before a statement, in
/// the blocks that enclose it.
class LocalTokenFinder : public RecursiveASTVisitor<LocalTokenFinder> {
public:
  LocalTokenFinder(const Stmt *Target, const SourceManager &SM)
      : SM(SM), Begin(SM.getExpansionLoc(Target->getBeginLoc())),
        End(SM.getExpansionLoc(Target->getEndLoc())) {}

  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }

  bool VisitCompoundStmt(CompoundStmt *Block) {
    SourceLocation BlockBegin = SM.getExpansionLoc(Block->getLBracLoc());
    SourceLocation BlockEnd = SM.getExpansionLoc(Block->getRBracLoc());
    if (!SM.isBeforeInTranslationUnit(BlockBegin, Begin) ||
        !SM.isBeforeInTranslationUnit(End, BlockEnd))
      return true;
    for (const Stmt *Child : Block->body()) {
      if (!SM.isBeforeInTranslationUnit(SM.getExpansionLoc(Child->getEndLoc()),
                                        Begin))
        break;
      if (const auto *Decls = dyn_cast<DeclStmt>(Child))
        for (const Decl *D : Decls->decls())
          if (const auto *Var = dyn_cast<VarDecl>(D);
              Var && Var->getIdentifier() && isStopTokenType(Var->getType()))
            Found = Var;
    }
    return true;
  }

  const VarDecl *Found = nullptr;

private:
  const SourceManager &SM;
  SourceLocation Begin, End;
};

} // namespace

const ValueDecl *stopTokenInScope(const Stmt *S, const FunctionDecl *F,
                                  const SourceManager &SM) {
  if (!S || !F)
    return nullptr;
  auto IsNamedToken = [](const ValueDecl *D) {
    return D && D->getIdentifier() && isStopTokenType(D->getType());
  };
  if (F->getBody()) {
    LocalTokenFinder Finder(S, SM);
    Finder.TraverseStmt(F->getBody());
    if (Finder.Found)
      return Finder.Found;
  }
  for (const ParmVarDecl *Param : F->parameters())
    if (IsNamedToken(Param))
      return Param;
  const auto *Method = dyn_cast<CXXMethodDecl>(F);
  if (!Method || Method->isStatic())
    return nullptr;
  const CXXRecordDecl *RD = Method->getParent();
  if (RD->isLambda()) {
    llvm::DenseMap<const ValueDecl *, FieldDecl *> Captures;
    FieldDecl *ThisCapture = nullptr;
    RD->getCaptureFields(Captures, ThisCapture);
    for (const auto &Capture : Captures)
      if (IsNamedToken(Capture.first))
        return Capture.first;
    return nullptr;
  }
  for (const FieldDecl *Field : RD->fields())
    if (IsNamedToken(Field))
      return Field;
  return nullptr;
}

const FunctionDecl *analysableDefinition(const FunctionDecl *F,
                                         const SourceManager &SM) {
  if (!F)
    return nullptr;
  const FunctionDecl *Def = F->getDefinition();
  if (!Def || !Def->getBody() || Def->getLocation().isInvalid() ||
      SM.isInSystemHeader(SM.getExpansionLoc(Def->getLocation())))
    return nullptr;
  return Def;
}

// ---------------------------------------------------------------------------
// Blocking calls
// ---------------------------------------------------------------------------

std::vector<BlockingFunction> parseBlockingFunctions(StringRef Option) {
  std::vector<BlockingFunction> Result;
  llvm::SmallVector<StringRef, 4> Entries;
  Option.split(Entries, ';', -1, /*KeepEmpty=*/false);
  for (StringRef Entry : Entries) {
    auto [Name, Timed] = Entry.split('=');
    Name = Name.trim();
    Name.consume_front("::");
    if (!Name.empty())
      Result.push_back({Name.str(), Timed.trim().str()});
  }
  return Result;
}

// ---------------------------------------------------------------------------
// Cancellation sources
// ---------------------------------------------------------------------------

/// Whether \p E names an object that only the code in \p Scope can see: a
/// non-static, non-reference local variable declared there. Members,
/// globals, dereferenced pointers and variables captured from outside are
/// shared with other threads.
static bool isLocalObject(const Expr *E, const DeclContext *Scope) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  if (!Ref || !Scope)
    return false;
  const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
  if (!Var || !Var->hasLocalStorage() || Var->getType()->isReferenceType())
    return false;
  const DeclContext *DC = Var->getDeclContext();
  return DC == Scope || Scope->Encloses(DC);
}

/// Whether \p S reads a cancellation source that another thread can set.
static bool isStopObservation(const Stmt *S, const DeclContext *Scope,
                              ThreadAnalysis &Analysis) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (!Method)
      return false;
    const Expr *ObjectExpr = Member->getImplicitObjectArgument();
    QualType Object = writtenType(ObjectExpr);
    if (isStopTokenType(Object))
      return Method->getIdentifier() && Method->getName() == "stop_requested";
    bool IsBool = isAtomicBool(Object);
    if (IsBool || isAtomicInteger(Object)) {
      bool Reads = isa<CXXConversionDecl>(Method);
      if (!Reads && Method->getIdentifier()) {
        StringRef Name = Method->getName();
        Reads =
            Name == "load" || Name == "wait" ||
            (IsBool && llvm::is_contained({"exchange", "compare_exchange_weak",
                                           "compare_exchange_strong", "test",
                                           "test_and_set"},
                                          Name));
      }
      return Reads && !isLocalObject(ObjectExpr, Scope) &&
             Analysis.isSettableFlag(referencedDecl(ObjectExpr));
    }
  }
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    // The cancellation point of pthread_cancel.
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      if (Callee->getIdentifier() && Callee->getName() == "pthread_testcancel")
        return true;
    return llvm::any_of(Call->arguments(), [](const Expr *Arg) {
      return isStopTokenType(Arg->getType());
    });
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(S))
    return className(Construct->getType()) == "std::stop_callback";
  if (const auto *Cast = dyn_cast<ImplicitCastExpr>(S)) {
    if (Cast->getCastKind() != CK_LValueToRValue)
      return false;
    const Expr *Read = Cast->getSubExpr()->IgnoreParens();
    QualType T = Read->getType();
    bool FlagType =
        T->isBooleanType() || (T.isVolatileQualified() && T->isIntegerType());
    return FlagType && !T.isConstQualified() &&
           isa<DeclRefExpr, MemberExpr>(Read) && !isLocalObject(Read, Scope) &&
           Analysis.isSettableFlag(referencedDecl(Read));
  }
  return false;
}

namespace {

/// Collects the variables and members of the TU that something stores to,
/// assigns or lets escape (address taken, bound to a non-const reference).
/// Incrementing an atomic integer is not a store: that makes it a counter,
/// not a flag.
class WriteIndexer : public RecursiveASTVisitor<WriteIndexer> {
  using Base = RecursiveASTVisitor<WriteIndexer>;

public:
  WriteIndexer(const SourceManager &SM, llvm::DenseSet<const ValueDecl *> &Out)
      : SM(SM), Out(Out) {}

  bool shouldVisitTemplateInstantiations() const { return true; }

  // Library code does not write the user's flags.
  bool TraverseDecl(Decl *D) {
    if (D && !isa<TranslationUnitDecl>(D) && D->getLocation().isValid() &&
        SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation())))
      return true;
    return Base::TraverseDecl(D);
  }

  bool VisitBinaryOperator(BinaryOperator *Op) {
    if (Op->isAssignmentOp())
      mark(Op->getLHS());
    return true;
  }

  bool VisitUnaryOperator(UnaryOperator *Op) {
    if (Op->isIncrementDecrementOp() || Op->getOpcode() == UO_AddrOf)
      mark(Op->getSubExpr());
    return true;
  }

  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Call) {
    if (Call->getNumArgs() == 0)
      return true;
    OverloadedOperatorKind Op = Call->getOperator();
    bool Modifies = (Op >= OO_PlusEqual && Op <= OO_PipeEqual) ||
                    Op == OO_PlusPlus || Op == OO_MinusMinus;
    // Arithmetic on an atomic integer counts; only assignment sets a state.
    if (Op == OO_Equal ||
        (Modifies && !isAtomicInteger(writtenType(Call->getArg(0)))))
      mark(Call->getArg(0));
    return true;
  }

  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (!Method || Method->isConst())
      return true;
    const Expr *Object = Call->getImplicitObjectArgument();
    StringRef Name = Method->getIdentifier() ? Method->getName() : "";
    bool Counts =
        isAtomicInteger(writtenType(Object)) && Name.starts_with("fetch_");
    if (!Counts && Name != "notify_one" && Name != "notify_all")
      mark(Object);
    return true;
  }

  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return true;
    // A member operator's object is its first argument but no parameter.
    bool MemberOperator =
        isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee);
    markReferenceArguments(Callee,
                           llvm::drop_begin(Call->arguments(), MemberOperator));
    return true;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    markReferenceArguments(Construct->getConstructor(), Construct->arguments());
    return true;
  }

  bool VisitVarDecl(VarDecl *Var) {
    QualType T = Var->getType();
    if (Var->hasInit() && T->isLValueReferenceType() &&
        !T.getNonReferenceType().isConstQualified())
      mark(Var->getInit());
    return true;
  }

private:
  void mark(const Expr *E) {
    if (const ValueDecl *D = referencedDecl(E))
      Out.insert(D);
  }

  template <typename Range>
  void markReferenceArguments(const FunctionDecl *Callee, Range Args) {
    unsigned I = 0;
    for (const Expr *Arg : Args) {
      if (I >= Callee->getNumParams())
        break;
      QualType T = Callee->getParamDecl(I++)->getType();
      if (T->isReferenceType() && !T.getNonReferenceType().isConstQualified())
        mark(Arg);
    }
  }

  const SourceManager &SM;
  llvm::DenseSet<const ValueDecl *> &Out;
};

} // namespace

// ---------------------------------------------------------------------------
// Loops and exits
// ---------------------------------------------------------------------------

static const Expr *loopCondition(const Stmt *Loop) {
  if (const auto *While = dyn_cast<WhileStmt>(Loop))
    return While->getCond();
  if (const auto *Do = dyn_cast<DoStmt>(Loop))
    return Do->getCond();
  if (const auto *For = dyn_cast<ForStmt>(Loop))
    return For->getCond();
  return nullptr;
}

static const Stmt *loopBody(const Stmt *Loop) {
  if (const auto *While = dyn_cast<WhileStmt>(Loop))
    return While->getBody();
  if (const auto *Do = dyn_cast<DoStmt>(Loop))
    return Do->getBody();
  if (const auto *For = dyn_cast<ForStmt>(Loop))
    return For->getBody();
  return nullptr;
}

static bool isConstantTrueLoop(const Stmt *Loop, const ASTContext &Ctx) {
  if (const auto *While = dyn_cast<WhileStmt>(Loop))
    if (While->getConditionVariable())
      return false;
  if (const auto *For = dyn_cast<ForStmt>(Loop))
    if (For->getConditionVariable())
      return false;
  if (!isa<WhileStmt, DoStmt, ForStmt>(Loop))
    return false;
  const Expr *Cond = loopCondition(Loop);
  if (!Cond)
    return true; // for (;;)
  if (Cond->isValueDependent() || Cond->isTypeDependent())
    return false;
  bool Value = false;
  return Cond->EvaluateAsBooleanCondition(Value, Ctx) && Value;
}

namespace {

/// Walks statements of one function. Counts the lambdas it is inside (their
/// bodies run only if someone calls them) and skips local classes (their
/// methods are functions of their own).
template <typename Derived>
class FunctionBodyVisitor : public RecursiveASTVisitor<Derived> {
  using Base = RecursiveASTVisitor<Derived>;

public:
  bool TraverseLambdaExpr(LambdaExpr *L) {
    ++LambdaDepth;
    bool Result = Base::TraverseLambdaExpr(L);
    --LambdaDepth;
    return Result;
  }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }

protected:
  unsigned LambdaDepth = 0;

private:
  FunctionBodyVisitor() = default;
  friend Derived;
};

/// Walks one loop's body: can control leave the loop, does it read a
/// cancellation source, which functions does it call.
class LoopScanner : public FunctionBodyVisitor<LoopScanner> {
  using Base = FunctionBodyVisitor<LoopScanner>;

public:
  LoopScanner(ThreadAnalysis &Analysis, const DeclContext *Scope)
      : Analysis(Analysis), Scope(Scope) {}

// CLASS names a statement class; it cannot be parenthesized.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define NESTED_BREAK_TARGET(CLASS)                                             \
  bool Traverse##CLASS(CLASS *S) {                                             \
    ++BreakDepth;                                                              \
    bool Result = Base::Traverse##CLASS(S);                                    \
    --BreakDepth;                                                              \
    return Result;                                                             \
  }
  NESTED_BREAK_TARGET(WhileStmt)
  NESTED_BREAK_TARGET(DoStmt)
  NESTED_BREAK_TARGET(ForStmt)
  NESTED_BREAK_TARGET(CXXForRangeStmt)
  NESTED_BREAK_TARGET(SwitchStmt)
#undef NESTED_BREAK_TARGET
  // NOLINTEND(bugprone-macro-parentheses)

  bool VisitStmt(Stmt *S) {
    if (!Loop.ObservesStopDirectly && isStopObservation(S, Scope, Analysis))
      Loop.ObservesStopDirectly = true;
    if (LambdaDepth > 0)
      return true;
    if (isa<ReturnStmt, CoreturnStmt, CXXThrowExpr, IndirectGotoStmt,
            CoawaitExpr, CoyieldExpr>(S) ||
        (isa<BreakStmt>(S) && BreakDepth == 0))
      HasExit = true;
    else if (const auto *Goto = dyn_cast<GotoStmt>(S))
      GotoTargets.insert(Goto->getLabel()->getStmt());
    else if (const auto *Label = dyn_cast<LabelStmt>(S))
      Labels.insert(Label);
    else if (const auto *Call = dyn_cast<CallExpr>(S)) {
      if (Analysis.neverReturns(Call))
        HasExit = true;
      else if (const FunctionDecl *Callee =
                   analysableDefinition(Call->getDirectCallee(),
                                        Analysis.context().getSourceManager()))
        Loop.Callees.push_back(Callee);
    }
    return true;
  }

  /// Scans \p Body of \p LoopStmt; returns the loop if it has no exit.
  std::optional<EndlessLoop> scan(const Stmt *LoopStmt) {
    Loop.Loop = LoopStmt;
    TraverseStmt(const_cast<Stmt *>(loopBody(LoopStmt)));
    for (const LabelStmt *Target : GotoTargets)
      if (!Labels.contains(Target))
        HasExit = true;
    if (HasExit)
      return std::nullopt;
    return Loop;
  }

private:
  ThreadAnalysis &Analysis;
  const DeclContext *Scope;
  EndlessLoop Loop;
  unsigned BreakDepth = 0;
  bool HasExit = false;
  llvm::SmallPtrSet<const LabelStmt *, 4> GotoTargets;
  llvm::SmallPtrSet<const LabelStmt *, 4> Labels;
};

/// Walks a function body once and records its FunctionFacts.
class FactsCollector : public FunctionBodyVisitor<FactsCollector> {
  using Base = FunctionBodyVisitor<FactsCollector>;

public:
  FactsCollector(ThreadAnalysis &Analysis, const FunctionDecl *F,
                 FunctionFacts &Out)
      : Analysis(Analysis), F(F), Out(Out),
        SM(Analysis.context().getSourceManager()) {}

// CLASS names a statement class; it cannot be parenthesized.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define ENCLOSING_LOOP(CLASS)                                                  \
  bool Traverse##CLASS(CLASS *S) {                                             \
    if (LambdaDepth == 0)                                                      \
      recordLoop(S);                                                           \
    Loops.push_back(S);                                                        \
    bool Result = Base::Traverse##CLASS(S);                                    \
    Loops.pop_back();                                                          \
    return Result;                                                             \
  }
  ENCLOSING_LOOP(WhileStmt)
  ENCLOSING_LOOP(DoStmt)
  ENCLOSING_LOOP(ForStmt)
  ENCLOSING_LOOP(CXXForRangeStmt)
#undef ENCLOSING_LOOP
  // NOLINTEND(bugprone-macro-parentheses)

  bool VisitStmt(Stmt *S) {
    if (!Out.StopObservation && isStopObservation(S, F, Analysis))
      Out.StopObservation = S;
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call)
      return true;
    const FunctionDecl *Callee =
        analysableDefinition(Call->getDirectCallee(), SM);
    if (LambdaDepth > 0) {
      // A lambda's calls happen only if someone invokes it (a wait
      // predicate, a helper): they may observe stop, but are not the
      // function's own blocking calls or callees.
      if (Callee)
        NestedLambdaCallees.push_back(Callee);
      return true;
    }
    if (std::optional<BlockingCall> Wait = Analysis.classifyKnownWait(Call)) {
      if (!Wait->Wakeable && !Wait->Predicate && !Loops.empty())
        if (const Expr *Cond = loopCondition(Loops.back()))
          Wait->Wakeable = Analysis.exprObservesStop(Cond);
      Out.BlockingCalls.push_back(*Wait);
    }
    if (Callee)
      Out.Calls.push_back({Call, Callee});
    return true;
  }

  llvm::SmallVector<const FunctionDecl *, 4> NestedLambdaCallees;

private:
  void recordLoop(const Stmt *Loop) {
    if (!isConstantTrueLoop(Loop, Analysis.context()))
      return;
    if (std::optional<EndlessLoop> Endless =
            LoopScanner(Analysis, F).scan(Loop))
      Out.EndlessLoops.push_back(std::move(*Endless));
  }

  ThreadAnalysis &Analysis;
  const FunctionDecl *F;
  FunctionFacts &Out;
  const SourceManager &SM;
  llvm::SmallVector<const Stmt *, 4> Loops;
};

} // namespace

// ---------------------------------------------------------------------------
// ThreadAnalysis
// ---------------------------------------------------------------------------

ThreadAnalysis::ThreadAnalysis(ASTContext &Context, unsigned MaxCallDepth,
                               std::vector<BlockingFunction> UserBlocking)
    : Context(Context), MaxCallDepth(MaxCallDepth),
      UserBlockingFunctions(std::move(UserBlocking)) {}

const FunctionFacts &ThreadAnalysis::facts(const FunctionDecl *F) {
  auto [It, Inserted] = Facts.try_emplace(F, nullptr);
  if (!Inserted)
    return *It->second;
  // Insert before computing: a recursive call sees the (empty) entry
  // instead of recursing forever.
  It->second = std::make_unique<FunctionFacts>();
  FunctionFacts *Out = It->second.get();
  if (const Stmt *Body = F->getBody()) {
    FactsCollector Collector(*this, F, *Out);
    Collector.TraverseStmt(const_cast<Stmt *>(Body));
    for (const FunctionDecl *Callee : Collector.NestedLambdaCallees)
      if (!Out->StopObservation && observesStop(Callee))
        Out->StopObservation = Callee->getBody();
  }
  Out->AlwaysExits = alwaysExits(F);
  return *Out;
}

bool ThreadAnalysis::observesStop(const FunctionDecl *F) {
  return observesStopWithin(F, MaxCallDepth);
}

bool ThreadAnalysis::observesStopWithin(const FunctionDecl *F, unsigned Depth) {
  auto It = StopMemo.find(F);
  if (It != StopMemo.end() && (It->second.first || It->second.second >= Depth))
    return It->second.first;
  StopMemo[F] = {false, Depth};
  const FunctionFacts &FF = facts(F);
  bool Result = FF.StopObservation != nullptr;
  if (!Result && Depth > 0)
    Result = llvm::any_of(FF.Calls, [&](const auto &Call) {
      return observesStopWithin(Call.second, Depth - 1);
    });
  StopMemo[F] = {Result, Depth};
  return Result;
}

bool ThreadAnalysis::observesStop(const EndlessLoop &Loop) {
  return Loop.ObservesStopDirectly ||
         llvm::any_of(Loop.Callees, [&](const FunctionDecl *Callee) {
           return observesStop(Callee);
         });
}

bool ThreadAnalysis::exprObservesStop(const Expr *E) {
  if (!E)
    return false;
  const FunctionDecl *Callable = resolveCallable(E);
  if (Callable && Callable->getBody())
    return observesStop(Callable);

  class ExprScanner : public RecursiveASTVisitor<ExprScanner> {
  public:
    explicit ExprScanner(ThreadAnalysis &Analysis) : Analysis(Analysis) {}
    bool VisitStmt(Stmt *S) {
      if (isStopObservation(S, nullptr, Analysis))
        Found = true;
      else if (const auto *Call = dyn_cast<CallExpr>(S))
        if (const FunctionDecl *Callee = analysableDefinition(
                Call->getDirectCallee(), Analysis.context().getSourceManager()))
          Found = Analysis.observesStop(Callee);
      return !Found;
    }
    bool Found = false;

  private:
    ThreadAnalysis &Analysis;
  };
  ExprScanner Scanner(*this);
  Scanner.TraverseStmt(const_cast<Expr *>(E));
  return Scanner.Found;
}

bool ThreadAnalysis::isSettableFlag(const ValueDecl *D) {
  // Something reached through a parameter, a reference or an expression
  // we cannot name may be set by anyone.
  if (!D || isa<ParmVarDecl>(D) || D->getType()->isReferenceType() ||
      !isa<VarDecl, FieldDecl>(D))
    return true;
  if (!WrittenFlags) {
    WrittenFlags.emplace();
    WriteIndexer(Context.getSourceManager(), *WrittenFlags)
        .TraverseDecl(Context.getTranslationUnitDecl());
  }
  if (WrittenFlags->contains(D))
    return true;
  if (isAtomicInteger(D->getType()))
    return false;
  if (const auto *Var = dyn_cast<VarDecl>(D))
    return Var->isExternallyVisible() && !Var->isStaticLocal();
  return cast<FieldDecl>(D)->getParent()->isExternallyVisible();
}

std::optional<BlockingCall>
ThreadAnalysis::classifyKnownWait(const CallExpr *Call) {
  BlockingCall Result;
  Result.Call = Call;
  auto UserTimedAlternative =
      [&](const FunctionDecl *F) -> std::optional<std::string> {
    std::string Name = qualifiedName(F);
    for (const BlockingFunction &User : UserBlockingFunctions)
      if (User.Name == Name)
        return User.TimedAlternative;
    return std::nullopt;
  };

  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (!Method)
      return std::nullopt;
    if (std::optional<std::string> Timed = UserTimedAlternative(Method)) {
      Result.TimedAlternative = *Timed;
      return Result;
    }
    if (!Method->getIdentifier())
      return std::nullopt;
    StringRef Name = Method->getName();
    std::string Class = objectClassName(Member);
    if ((Class == "std::condition_variable" ||
         Class == "std::condition_variable_any") &&
        Name == "wait") {
      Result.TimedAlternative = "wait_for";
      for (const Expr *Arg : Call->arguments())
        if (isStopTokenType(Arg->getType()))
          Result.Wakeable = true;
      unsigned NumArgs = Call->getNumArgs();
      if (NumArgs >= 2 &&
          !isStopTokenType(Call->getArg(NumArgs - 1)->getType()))
        Result.Predicate = Call->getArg(NumArgs - 1);
      if (!Result.Wakeable && Result.Predicate)
        Result.Wakeable = exprObservesStop(Result.Predicate);
      return Result;
    }
    if ((Class == "std::future" || Class == "std::shared_future") &&
        (Name == "get" || Name == "wait")) {
      Result.TimedAlternative = "wait_for";
      Result.ReleasedWhenProducerDies = true;
      return Result;
    }
    if (Class == "std::counting_semaphore" && Name == "acquire") {
      Result.TimedAlternative = "try_acquire_for";
      return Result;
    }
    return std::nullopt;
  }

  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return std::nullopt;
  if (std::optional<std::string> Timed = UserTimedAlternative(Callee)) {
    Result.TimedAlternative = *Timed;
    return Result;
  }
  if (!Callee->getIdentifier() || !Callee->isExternC())
    return std::nullopt;
  StringRef Name = Callee->getName();
  if (Name == "pthread_cond_wait")
    Result.TimedAlternative = "pthread_cond_timedwait";
  else if (Name == "sem_wait")
    Result.TimedAlternative = "sem_timedwait";
  else if (Name == "mq_receive")
    Result.TimedAlternative = "mq_timedreceive";
  else
    return std::nullopt;
  return Result;
}

std::optional<BlockingCall>
ThreadAnalysis::classifyBlockingCall(const CallExpr *Call) {
  if (std::optional<BlockingCall> Known = classifyKnownWait(Call))
    return Known;
  const FunctionDecl *Callee =
      analysableDefinition(Call->getDirectCallee(), Context.getSourceManager());
  if (!Callee)
    return std::nullopt;
  for (const BlockingCall &Inner : facts(Callee).BlockingCalls)
    if (!Inner.Wakeable)
      return Inner;
  return std::nullopt;
}

bool ThreadAnalysis::neverReturns(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return false;
  if (Callee->isNoReturn())
    return true;
  const FunctionDecl *Def =
      analysableDefinition(Callee, Context.getSourceManager());
  return Def && alwaysExits(Def);
}

bool ThreadAnalysis::alwaysExits(const FunctionDecl *F) {
  if (F->isNoReturn())
    return true;
  auto [It, Inserted] = AlwaysExitsMemo.try_emplace(F, false);
  if (!Inserted)
    return It->second;
  bool Result = false;
  if (const auto *Body = dyn_cast_or_null<CompoundStmt>(F->getBody())) {
    for (const Stmt *S : Body->body()) {
      const auto *E = dyn_cast<Expr>(S);
      if (!E)
        continue;
      E = E->IgnoreImplicit();
      if (isa<CXXThrowExpr>(E)) {
        Result = true;
        break;
      }
      if (const auto *Call = dyn_cast<CallExpr>(E);
          Call && neverReturns(Call)) {
        Result = true;
        break;
      }
    }
  }
  AlwaysExitsMemo[F] = Result;
  return Result;
}

std::vector<std::pair<const FunctionDecl *, unsigned>>
ThreadAnalysis::reachableFunctions(const FunctionDecl *Body) {
  std::vector<std::pair<const FunctionDecl *, unsigned>> Order;
  const FunctionDecl *Entry = Body ? Body->getDefinition() : nullptr;
  if (!Entry || !Entry->getBody())
    return Order;
  llvm::SmallPtrSet<const FunctionDecl *, 16> Seen;
  Seen.insert(Entry);
  Order.emplace_back(Entry, 0);
  for (size_t I = 0; I < Order.size(); ++I) {
    auto [F, Depth] = Order[I];
    if (Depth >= MaxCallDepth)
      continue;
    for (const auto &Call : facts(F).Calls)
      if (Seen.insert(Call.second).second)
        Order.emplace_back(Call.second, Depth + 1);
  }
  return Order;
}

std::optional<ForeverEvidence>
ThreadAnalysis::findRunsForever(const FunctionDecl *Body) {
  for (auto [F, Depth] : reachableFunctions(Body)) {
    const FunctionFacts &FF = facts(F);
    for (const EndlessLoop &Loop : FF.EndlessLoops)
      if (!observesStop(Loop))
        return ForeverEvidence{ForeverEvidence::Loop, Loop.Loop, F, ""};
    for (const BlockingCall &Wait : FF.BlockingCalls)
      if (!Wait.Wakeable && !Wait.ReleasedWhenProducerDies)
        return ForeverEvidence{ForeverEvidence::Wait, Wait.Call, F,
                               Wait.TimedAlternative};
  }
  return std::nullopt;
}

} // namespace clang::tidy::threadleak
