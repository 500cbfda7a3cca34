//===--- LoopBounds.cpp - threadleak --------------------------------------===//

#include "LoopBounds.h"
#include "FunctionBodyVisitor.h"
#include "Loops.h"
#include "Names.h"
#include "StatementWalk.h"
#include "ThreadAnalysis.h"
#include "TranslationUnitIndex.h"
#include "Waits.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::threadleak {

bool namesThreadCount(StringRef Name) {
  std::string Lower = Name.lower();
  StringRef L(Lower);
  return L.contains("thread") || L.contains("worker") ||
         L.contains("concurren") || L.contains("parallel") ||
         L.contains("pool") || L.contains("cpu") || L.contains("cores") ||
         L.contains("nproc");
}

/// The source text of \p E, or "" (a macro, or too long to quote).
static std::string sourceText(const Expr *E, const ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  CharSourceRange Range = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(E->getSourceRange()), SM,
      Context.getLangOpts());
  if (Range.isInvalid())
    return "";
  StringRef Text = Lexer::getSourceText(Range, SM, Context.getLangOpts());
  if (Text.size() > 40 || Text.contains('\n'))
    return "";
  return Text.str();
}

/// What the input an expression denotes is called: the variable or member
/// it names, or its text.
static std::string inputName(const Expr *E, const ASTContext &Context) {
  if (const ValueDecl *D = referencedDecl(E); D && D->getIdentifier())
    return D->getName().str();
  return sourceText(E->IgnoreParenImpCasts(), Context);
}

QualType containerElementType(QualType Container) {
  const auto *RD = Container.getNonReferenceType()->getAsCXXRecordDecl();
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD);
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return {};
  return Spec->getTemplateArgs()[0].getAsType();
}

bool isThreadHandleType(QualType T) {
  if (T.isNull())
    return false;
  std::string Name = className(T);
  return Name == "std::thread" || Name == "std::jthread" ||
         Name == "boost::thread" || Name == "std::future" ||
         Name == "std::shared_future";
}

/// The compile-time size of a std::array or a std::span of static extent.
static std::optional<uint64_t> staticExtent(QualType T) {
  const auto *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD);
  if (!Spec || Spec->getTemplateArgs().size() < 2 ||
      Spec->getTemplateArgs()[1].getKind() != TemplateArgument::Integral)
    return std::nullopt;
  std::string Name = qualifiedName(Spec);
  llvm::APSInt Size = Spec->getTemplateArgs()[1].getAsIntegral();
  if (Name == "std::array")
    return Size.getLimitedValue();
  if (Name == "std::span" && !Size.isAllOnes())
    return Size.getLimitedValue();
  return std::nullopt;
}

static bool isHardwareConcurrencyCall(const CallExpr *Call) {
  const FunctionDecl *F = Call->getDirectCallee();
  if (!F || !F->getIdentifier())
    return false;
  StringRef Name = F->getName();
  return Name == "hardware_concurrency" || Name == "physical_concurrency" ||
         Name == "get_nprocs" || Name == "get_nprocs_conf" ||
         Name == "omp_get_max_threads" || Name == "omp_get_num_procs" ||
         Name == "GetActiveProcessorCount" || Name == "sysconf";
}

/// Whether \p E computes from the number of cores: hardware_concurrency()
/// anywhere in it, or in the initializer of a local it reads.
static bool readsCoreCount(const Expr *E, unsigned Depth = 0) {
  if (!E || Depth > 3)
    return false;
  E = E->IgnoreParenImpCasts();
  if (const auto *Call = dyn_cast<CallExpr>(E);
      Call && isHardwareConcurrencyCall(Call))
    return true;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Var && Var->hasLocalStorage() && !isa<ParmVarDecl>(Var))
      return readsCoreCount(Var->getInit(), Depth + 1);
  return llvm::any_of(E->children(), [&](const Stmt *Child) {
    const auto *ChildExpr = dyn_cast_or_null<Expr>(Child);
    return ChildExpr && readsCoreCount(ChildExpr, Depth);
  });
}

static LoopBound bound(LoopBoundKind Kind, std::string Input = "") {
  LoopBound B;
  B.Kind = Kind;
  B.Input = std::move(Input);
  return B;
}

static LoopBound constantBound(uint64_t N) {
  LoopBound B = bound(LoopBoundKind::Constant);
  B.TripCount = N;
  return B;
}

/// The container \p E applies one of \p Methods to (`V.size()`) or one of
/// the std functions \p Functions (`std::size(V)`), looking through a
/// conversion (`const_iterator(V.end())`); null otherwise.
static const Expr *containerOf(const Expr *E,
                               std::initializer_list<StringRef> Methods,
                               std::initializer_list<StringRef> Functions) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
      Construct && Construct->getNumArgs() == 1)
    E = Construct->getArg(0)->IgnoreParenImpCasts();
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *M = Member->getMethodDecl();
    if (M && M->getIdentifier() && llvm::is_contained(Methods, M->getName()))
      return Member->getImplicitObjectArgument();
    return nullptr;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *F = Call->getDirectCallee();
    if (F && Call->getNumArgs() == 1 &&
        llvm::is_contained(Functions, qualifiedName(F)))
      return Call->getArg(0);
  }
  return nullptr;
}

/// The container a `size()`-like call measures (`V.size()`, `std::size(V)`,
/// `std::ssize(V)`); null otherwise.
static const Expr *measuredContainer(const Expr *E) {
  return containerOf(E, {"size", "length"}, {"std::size", "std::ssize"});
}

/// The container whose end an iterator loop runs to (`V.end()`,
/// `std::end(V)`); null otherwise.
static const Expr *endedContainer(const Expr *E) {
  return containerOf(E, {"end", "cend"}, {"std::end", "std::cend"});
}

/// One iteration per element of \p Container.
static LoopBound elementsOf(const Expr *Container, const ASTContext &Context) {
  QualType T = Container->getType();
  if (std::optional<uint64_t> N = staticExtent(T))
    return constantBound(*N);
  if (const auto *Array = Context.getAsConstantArrayType(T))
    return constantBound(Array->getSize().getLimitedValue());
  std::string Name = inputName(Container, Context);
  // A container of threads is as large as the thread count it was made
  // with: the degree of parallelism, not the input.
  if (isThreadHandleType(containerElementType(T)))
    return bound(LoopBoundKind::Parallelism, Name);
  LoopBound B = bound(LoopBoundKind::Elements, Name);
  B.Container = referencedDecl(Container);
  return B;
}

static bool isNamed(const FunctionDecl *F, StringRef Name) {
  return F && F->getIdentifier() && F->getName() == Name;
}

/// What bounds a count expression: the `n` of `i < n`.
static LoopBound countBound(const Expr *E, const ASTContext &Context,
                            unsigned Depth = 0) {
  if (!E || Depth > 4)
    return bound(LoopBoundKind::Unknown);
  E = E->IgnoreParenImpCasts();
  if (E->isValueDependent() || E->isTypeDependent())
    return bound(LoopBoundKind::Unknown);
  if (Expr::EvalResult Result; E->EvaluateAsInt(Result, Context)) {
    llvm::APSInt V = Result.Val.getInt();
    return constantBound(V.isNegative() ? 0 : V.getLimitedValue());
  }
  if (readsCoreCount(E))
    return bound(LoopBoundKind::Machine);
  if (const Expr *Container = measuredContainer(E))
    return elementsOf(Container, Context);

  // min(a, b) is bounded when either is; max(a, b) and `c ? a : b` when
  // both are.
  auto Combine = [&](const Expr *A, const Expr *B, bool Min) {
    LoopBound BA = countBound(A, Context, Depth + 1);
    LoopBound BB = countBound(B, Context, Depth + 1);
    if (BA.isBounded() && BB.isBounded()) {
      if (BA.Kind == LoopBoundKind::Constant &&
          BB.Kind == LoopBoundKind::Constant)
        return constantBound(Min ? std::min(BA.TripCount, BB.TripCount)
                                 : std::max(BA.TripCount, BB.TripCount));
      return BA.Kind == LoopBoundKind::Constant ? BB : BA;
    }
    if (Min && BA.isBounded())
      return BA;
    if (Min && BB.isBounded())
      return BB;
    return BA.isBounded() ? BB : BA;
  };
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *F = Call->getDirectCallee();
    if ((isNamed(F, "min") || isNamed(F, "max")) && Call->getNumArgs() == 2)
      return Combine(Call->getArg(0), Call->getArg(1), isNamed(F, "min"));
  }
  if (const auto *Cond = dyn_cast<ConditionalOperator>(E))
    return Combine(Cond->getTrueExpr(), Cond->getFalseExpr(), false);
  if (const auto *Binary = dyn_cast<BinaryOperator>(E);
      Binary && (Binary->isAdditiveOp() || Binary->isMultiplicativeOp() ||
                 Binary->isShiftOp()))
    return Combine(Binary->getLHS(), Binary->getRHS(), false);

  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var)
      return bound(LoopBoundKind::Unknown);
    std::string Name = Var->getName().str();
    if (namesThreadCount(Name))
      return bound(LoopBoundKind::Parallelism, Name);
    if (Var->hasLocalStorage() && !isa<ParmVarDecl>(Var) && Var->getInit()) {
      LoopBound Init = countBound(Var->getInit(), Context, Depth + 1);
      if (Init.Kind == LoopBoundKind::Count)
        Init.Input = Name;
      return Init;
    }
    return bound(LoopBoundKind::Count, Name);
  }
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
    if (!Field)
      return bound(LoopBoundKind::Unknown);
    std::string Name = Field->getName().str();
    if (namesThreadCount(Name))
      return bound(LoopBoundKind::Parallelism, Name);
    // A const member set once, in its declaration, is a constant.
    if (Field->getType().isConstQualified() && Field->hasInClassInitializer()) {
      bool SetByConstructor = false;
      if (const auto *Class = dyn_cast<CXXRecordDecl>(Field->getParent()))
        for (const CXXConstructorDecl *Ctor : Class->ctors())
          for (const CXXCtorInitializer *Init : Ctor->inits())
            if (Init->getMember() == Field && Init->isWritten())
              SetByConstructor = true;
      if (!SetByConstructor)
        if (const Expr *Init = Field->getInClassInitializer()) {
          LoopBound B = countBound(Init, Context, Depth + 1);
          if (B.isBounded())
            return B;
        }
    }
    return bound(LoopBoundKind::Count, Name);
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *F = Call->getDirectCallee();
    if (F && F->getIdentifier() && namesThreadCount(F->getName()))
      return bound(LoopBoundKind::Parallelism, F->getName().str());
    return bound(LoopBoundKind::Count, sourceText(E, Context));
  }
  return bound(LoopBoundKind::Unknown);
}

/// The variable a for loop counts with: `int i = ...` or `i = ...`, and its
/// start value.
static std::pair<const VarDecl *, const Expr *> counter(const Stmt *Loop) {
  const auto *For = dyn_cast<ForStmt>(Loop);
  if (!For || !For->getInit())
    return {nullptr, nullptr};
  if (const auto *Decl = dyn_cast<DeclStmt>(For->getInit())) {
    if (Decl->isSingleDecl())
      if (const auto *Var = dyn_cast<VarDecl>(Decl->getSingleDecl()))
        return {Var, Var->getInit()};
    return {nullptr, nullptr};
  }
  if (const auto *Assign = dyn_cast<BinaryOperator>(For->getInit());
      Assign && Assign->getOpcode() == BO_Assign)
    if (const auto *Var =
            dyn_cast_or_null<VarDecl>(referencedDecl(Assign->getLHS())))
      return {Var, Assign->getRHS()};
  return {nullptr, nullptr};
}

/// The constant step of a for loop's increment (`i += 4`), 1 otherwise.
static uint64_t step(const Stmt *Loop, const ASTContext &Context) {
  const auto *For = dyn_cast<ForStmt>(Loop);
  const auto *Inc =
      For ? dyn_cast_or_null<BinaryOperator>(For->getInc()) : nullptr;
  if (!Inc ||
      (Inc->getOpcode() != BO_AddAssign && Inc->getOpcode() != BO_SubAssign))
    return 1;
  Expr::EvalResult Result;
  if (!Inc->getRHS()->EvaluateAsInt(Result, Context))
    return 1;
  llvm::APSInt V = Result.Val.getInt();
  return V.isStrictlyPositive() ? V.getLimitedValue() : 1;
}

static bool isSameVariable(const Expr *A, const Expr *B) {
  const ValueDecl *DA = referencedDecl(A);
  return DA && DA == referencedDecl(B);
}

/// The bound of `i < End` when `i` starts at \p Start: a batch written as
/// `j < std::min(i + K, n)` with `j = i` runs K times at most.
static LoopBound upperBound(const Expr *End, const Expr *Start,
                            const ASTContext &Context) {
  End = End->IgnoreParenImpCasts();
  if (const auto *Call = dyn_cast<CallExpr>(End);
      Call && isNamed(Call->getDirectCallee(), "min") &&
      Call->getNumArgs() == 2)
    for (const Expr *Arg : Call->arguments()) {
      LoopBound B = upperBound(Arg, Start, Context);
      if (B.isBounded())
        return B;
    }
  if (const auto *Add = dyn_cast<BinaryOperator>(End);
      Start && Add && Add->getOpcode() == BO_Add)
    for (auto [Base, Offset] : {std::pair(Add->getLHS(), Add->getRHS()),
                                std::pair(Add->getRHS(), Add->getLHS())})
      if (isSameVariable(Base, Start)) {
        LoopBound B = countBound(Offset, Context);
        if (B.isBounded())
          return B;
      }
  LoopBound B = countBound(End, Context);
  if (B.Kind == LoopBoundKind::Constant && Start) {
    Expr::EvalResult Result;
    if (!Start->isValueDependent() && Start->EvaluateAsInt(Result, Context)) {
      llvm::APSInt First = Result.Val.getInt();
      uint64_t From = First.isNegative() ? 0 : First.getLimitedValue();
      B.TripCount = B.TripCount > From ? B.TripCount - From : 0;
    }
  }
  return B;
}

/// What bounds a loop whose condition compares a counter or an iterator:
/// `i < n`, `i >= 0` counting down from n, `it != V.end()`, `n--`.
static std::optional<LoopBound> countedBound(const Stmt *Loop, const Expr *Cond,
                                             const ASTContext &Context) {
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *Dec = dyn_cast<UnaryOperator>(Cond);
      Dec && Dec->isDecrementOp())
    return countBound(Dec->getSubExpr(), Context);

  BinaryOperatorKind Op;
  const Expr *LHS = nullptr;
  const Expr *RHS = nullptr;
  if (const auto *Binary = dyn_cast<BinaryOperator>(Cond)) {
    Op = Binary->getOpcode();
    LHS = Binary->getLHS();
    RHS = Binary->getRHS();
  } else if (const auto *Rewritten =
                 dyn_cast<CXXRewrittenBinaryOperator>(Cond)) {
    // C++20 spells `It != End` as `!(It == End)`.
    CXXRewrittenBinaryOperator::DecomposedForm Form =
        Rewritten->getDecomposedForm();
    Op = Form.Opcode;
    LHS = Form.LHS;
    RHS = Form.RHS;
  } else if (const auto *Call = dyn_cast<CXXOperatorCallExpr>(Cond);
             Call && Call->getNumArgs() == 2 && Call->isInfixBinaryOp()) {
    Op = BinaryOperator::getOverloadedOpcode(Call->getOperator());
    LHS = Call->getArg(0);
    RHS = Call->getArg(1);
  } else {
    return std::nullopt;
  }
  if (!BinaryOperator::isRelationalOp(Op) && Op != BO_NE)
    return std::nullopt;
  for (const Expr *Side : {LHS, RHS})
    if (const Expr *Container = endedContainer(Side))
      return elementsOf(Container, Context);

  auto [CounterVar, Start] = counter(Loop);
  const VarDecl *Var = CounterVar;
  auto IsCounter = [&](const Expr *E) {
    const auto *D = dyn_cast_or_null<VarDecl>(referencedDecl(E));
    if (Var)
      return D == Var;
    // A while loop: the side that is a local of the function.
    return D && D->hasLocalStorage() && !isa<ParmVarDecl>(D);
  };
  if (!IsCounter(LHS)) {
    if (!IsCounter(RHS))
      return std::nullopt;
    std::swap(LHS, RHS);
    Op = BinaryOperator::reverseComparisonOp(Op);
  }
  LoopBound B;
  if (Op == BO_LT || Op == BO_LE || Op == BO_NE) {
    B = upperBound(RHS, Start, Context);
    if (B.Kind == LoopBoundKind::Constant && Op == BO_LE)
      ++B.TripCount;
  } else {
    // Counting down from the start to a constant.
    if (!Start)
      return bound(LoopBoundKind::Unknown);
    B = countBound(Start, Context);
    LoopBound Low = countBound(RHS, Context);
    if (B.Kind == LoopBoundKind::Constant &&
        Low.Kind == LoopBoundKind::Constant)
      B.TripCount =
          B.TripCount > Low.TripCount ? B.TripCount - Low.TripCount : 0;
    if (B.Kind == LoopBoundKind::Constant && Op == BO_GE)
      ++B.TripCount;
  }
  if (B.Kind == LoopBoundKind::Constant) {
    uint64_t Step = step(Loop, Context);
    B.TripCount = (B.TripCount + Step - 1) / Step;
  }
  return B;
}

/// The flag a loop's condition waits on (`while (running_)`,
/// `while (!Stop.load())`, `while (!Token.stop_requested())`): a variable
/// or member that is not a local of the function.
static std::string flagName(const Expr *Cond) {
  if (!Cond)
    return "";
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *Not = dyn_cast<UnaryOperator>(Cond);
      Not && Not->getOpcode() == UO_LNot)
    return flagName(Not->getSubExpr());
  if (const auto *Logic = dyn_cast<BinaryOperator>(Cond);
      Logic && Logic->isLogicalOp()) {
    std::string Left = flagName(Logic->getLHS());
    return Left.empty() ? flagName(Logic->getRHS()) : Left;
  }
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Cond)) {
    const CXXMethodDecl *M = Member->getMethodDecl();
    if (M && (isa<CXXConversionDecl>(M) ||
              (M->getIdentifier() &&
               (M->getName() == "load" || M->getName() == "test" ||
                M->getName() == "stop_requested"))))
      return flagName(Member->getImplicitObjectArgument());
    return "";
  }
  const ValueDecl *D = referencedDecl(Cond);
  if (!D || !D->getIdentifier())
    return "";
  if (const auto *Var = dyn_cast<VarDecl>(D);
      Var && Var->hasLocalStorage() && !Var->getType()->isReferenceType() &&
      !isStopTokenType(Var->getType()))
    return "";
  return D->getName().str();
}

/// Whether something in \p S leaves the loop it is the body of: a `break`
/// (not one of an inner loop or switch), `return`, `throw` or `goto`.
static bool leavesLoop(const Stmt *S, bool InnerBreakTarget = false) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (isa<ReturnStmt, CXXThrowExpr, GotoStmt, CoreturnStmt>(S) ||
      (isa<BreakStmt>(S) && !InnerBreakTarget))
    return true;
  bool Inner = InnerBreakTarget ||
               isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt, SwitchStmt>(S);
  return llvm::any_of(S->children(), [&](const Stmt *Child) {
    return leavesLoop(Child, Inner);
  });
}

/// The event a member function named \p Name (lower case) waits for.
static LoopBoundKind memberEventKind(StringRef Name) {
  if (Name.contains("accept") && !Name.starts_with("async"))
    return LoopBoundKind::Accept;
  if (llvm::is_contained({"recv", "receive", "recvfrom", "recvmsg",
                          "receive_from", "read_some", "recv_multipart",
                          "read"},
                         Name))
    return LoopBoundKind::Receive;
  if (llvm::is_contained({"poll", "select", "epoll_wait", "wait_for_events"},
                         Name))
    return LoopBoundKind::Poll;
  if (llvm::is_contained({"pop", "try_pop", "wait_and_pop", "wait_pop",
                          "blocking_pop", "pop_front", "dequeue", "try_dequeue",
                          "wait_dequeue", "take"},
                         Name))
    return LoopBoundKind::QueuePop;
  return LoopBoundKind::Unknown;
}

/// The event a POSIX function named \p Name waits for.
static LoopBoundKind posixEventKind(StringRef Name) {
  if (Name == "accept" || Name == "accept4")
    return LoopBoundKind::Accept;
  if (llvm::is_contained({"recv", "recvfrom", "recvmsg", "read", "readv",
                          "msgrcv", "mq_receive"},
                         Name))
    return LoopBoundKind::Receive;
  if (llvm::is_contained({"poll", "ppoll", "select", "pselect", "epoll_wait",
                          "epoll_pwait", "kevent"},
                         Name))
    return LoopBoundKind::Poll;
  return LoopBoundKind::Unknown;
}

namespace {

/// Looks for the call a loop waits on for its next event: accept, recv,
/// read, poll, a queue's pop; in the loop and the functions it calls.
class EventFinder : public FunctionBodyVisitor<EventFinder> {
public:
  EventFinder(const ASTContext &Context,
              llvm::ArrayRef<BlockingFunction> Blocking, unsigned MaxDepth)
      : Context(Context), Blocking(Blocking), MaxDepth(MaxDepth) {}

  bool VisitCallExpr(CallExpr *Call) {
    if (LambdaDepth > 0)
      return true;
    const FunctionDecl *F = Call->getDirectCallee();
    if (!F)
      return true;
    LoopBound Event = classify(Call, F);
    if (Event.Kind != LoopBoundKind::Unknown) {
      if (Found.Kind == LoopBoundKind::Unknown || Event.Kind < Found.Kind)
        Found = Event;
      return true;
    }
    if (Depth < MaxDepth)
      if (const FunctionDecl *Def =
              analysableDefinition(F, Context.getSourceManager());
          Def && Visited.insert(Def).second) {
        ++Depth;
        TraverseStmt(Def->getBody());
        --Depth;
      }
    return true;
  }

  LoopBound Found;

private:
  LoopBound classify(const CallExpr *Call, const FunctionDecl *F) {
    LoopBound B;
    B.Source = Call;
    std::string Qualified = qualifiedName(F);
    if (llvm::any_of(Blocking, [&](const BlockingFunction &Entry) {
          return Entry.Name == Qualified;
        })) {
      B.Kind = LoopBoundKind::QueuePop;
      if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
        B.Input = inputName(Member->getImplicitObjectArgument(), Context);
      return B;
    }
    if (!F->getIdentifier())
      return bound(LoopBoundKind::Unknown);
    std::string Name = F->getName().lower();
    StringRef N(Name);
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      B.Kind = memberEventKind(N);
      if (B.Kind == LoopBoundKind::QueuePop)
        B.Input = inputName(Member->getImplicitObjectArgument(), Context);
      return B;
    }
    // The POSIX calls, declared at global scope.
    if (!F->getDeclContext()->getRedeclContext()->isTranslationUnit())
      return bound(LoopBoundKind::Unknown);
    B.Kind = posixEventKind(N);
    return B;
  }

  const ASTContext &Context;
  llvm::ArrayRef<BlockingFunction> Blocking;
  const unsigned MaxDepth;
  unsigned Depth = 0;
  llvm::SmallPtrSet<const FunctionDecl *, 8> Visited;
};

} // namespace

static LoopBound eventBound(const Stmt *Loop, const ASTContext &Context,
                            llvm::ArrayRef<BlockingFunction> Blocking,
                            unsigned MaxCallDepth) {
  EventFinder Finder(Context, Blocking, MaxCallDepth);
  if (const Expr *Cond = loopCondition(Loop))
    Finder.TraverseStmt(const_cast<Expr *>(Cond));
  if (const auto *While = dyn_cast<WhileStmt>(Loop))
    if (const VarDecl *Var = While->getConditionVariable())
      Finder.TraverseStmt(const_cast<Expr *>(Var->getInit()));
  Finder.TraverseStmt(const_cast<Stmt *>(loopBody(Loop)));
  return Finder.Found;
}

/// Whether \p S inserts into \p Container (`V.push_back(...)`).
static bool insertsInto(const Stmt *S, const ValueDecl *Container) {
  if (!S)
    return false;
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S)) {
    const CXXMethodDecl *M = Call->getMethodDecl();
    if (M && M->getIdentifier() &&
        llvm::is_contained({"push_back", "emplace_back", "push_front",
                            "emplace_front", "insert", "emplace", "resize"},
                           M->getName()) &&
        referencedDecl(Call->getImplicitObjectArgument()) == Container)
      return true;
  }
  return llvm::any_of(S->children(), [&](const Stmt *Child) {
    return insertsInto(Child, Container);
  });
}

bool isLoopElement(const Expr *Object, llvm::ArrayRef<const Stmt *> Loops) {
  // The loop that counts with Var, if any.
  auto CountingLoop = [&](const ValueDecl *Var) -> const Stmt * {
    for (const Stmt *Loop : Loops)
      if (Var && counter(Loop).first == Var)
        return Loop;
    return nullptr;
  };
  auto IndexedElement = [&](const Expr *Container, const Expr *Index) {
    const Stmt *Loop = CountingLoop(referencedDecl(Index));
    const ValueDecl *Held = referencedDecl(Container);
    return Loop && Held && !insertsInto(loopBody(Loop), Held);
  };
  const Expr *E = Object;
  for (unsigned Depth = 0; E && Depth < 4; ++Depth) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
      if ((Op->getOperator() == OO_Arrow || Op->getOperator() == OO_Star) &&
          Op->getNumArgs() == 1) {
        E = Op->getArg(0);
        continue;
      }
      return Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2 &&
             IndexedElement(Op->getArg(0), Op->getArg(1));
    }
    if (const auto *Unary = dyn_cast<UnaryOperator>(E);
        Unary && Unary->getOpcode() == UO_Deref) {
      E = Unary->getSubExpr();
      continue;
    }
    if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E))
      return IndexedElement(Subscript->getBase(), Subscript->getIdx());
    if (const auto *At = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *M = At->getMethodDecl();
      return M && M->getIdentifier() && M->getName() == "at" &&
             At->getNumArgs() == 1 &&
             IndexedElement(At->getImplicitObjectArgument(), At->getArg(0));
    }
    const auto *Ref = dyn_cast<DeclRefExpr>(E);
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!Var)
      return false;
    // An iterator from the container's begin().
    if (const Stmt *Loop = CountingLoop(Var)) {
      const Expr *Begin = counter(Loop).second;
      const Expr *Container = Begin ? containerOf(Begin, {"begin", "cbegin"},
                                                  {"std::begin", "std::cbegin"})
                                    : nullptr;
      const ValueDecl *Held = Container ? referencedDecl(Container) : nullptr;
      return Held && !insertsInto(loopBody(Loop), Held);
    }
    QualType T = Var->getType();
    std::string Class = className(T);
    bool RefersToElement = T->isReferenceType() || T->isPointerType() ||
                           Class == "std::unique_ptr" ||
                           Class == "std::shared_ptr";
    return RefersToElement && llvm::any_of(Loops, [&](const Stmt *Loop) {
             const auto *Range = dyn_cast<CXXForRangeStmt>(Loop);
             return Range && Range->getLoopVariable() == Var;
           });
  }
  return false;
}

static bool holdsFixedElementCount(const ValueDecl *Container,
                                   ThreadAnalysis &Analysis, unsigned Depth);

/// loopBound, \p Depth containers deep in holdsFixedElementCount.
static LoopBound loopBoundAt(const Stmt *Loop, ThreadAnalysis &Analysis,
                             llvm::ArrayRef<BlockingFunction> Blocking,
                             unsigned Depth);

static LoopBound withFixedElements(LoopBound B, ThreadAnalysis &Analysis,
                                   unsigned Depth) {
  if (B.Kind == LoopBoundKind::Elements && B.Container)
    B.FixedElements = holdsFixedElementCount(B.Container, Analysis, Depth + 1);
  return B;
}

static LoopBound loopBoundAt(const Stmt *Loop, ThreadAnalysis &Analysis,
                             llvm::ArrayRef<BlockingFunction> Blocking,
                             unsigned Depth) {
  ASTContext &Context = Analysis.context();
  unsigned MaxCallDepth = Analysis.maxCallDepth();
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop)) {
    const Expr *Init = Range->getRangeInit();
    if (!Init || Init->isTypeDependent() || Init->isValueDependent())
      return bound(LoopBoundKind::Unknown);
    if (const auto *List =
            dyn_cast<CXXStdInitializerListExpr>(Init->IgnoreImplicit()))
      if (const auto *Elements = dyn_cast<InitListExpr>(
              List->getSubExpr()->IgnoreImplicit()->IgnoreParens()))
        return constantBound(Elements->getNumInits());
    if (!Init->getType()->isRecordType() && !Init->getType()->isArrayType())
      return bound(LoopBoundKind::Unknown);
    return withFixedElements(elementsOf(Init, Context), Analysis, Depth);
  }
  if (!isa<ForStmt, WhileStmt, DoStmt>(Loop))
    return bound(LoopBoundKind::Unknown);
  const Expr *Cond = loopCondition(Loop);
  if (Cond && (Cond->isValueDependent() || Cond->isTypeDependent()))
    return bound(LoopBoundKind::Unknown);
  bool ConstantTrue = isConstantTrueLoop(Loop, Context);
  if (!ConstantTrue && Cond)
    if (std::optional<LoopBound> Counted = countedBound(Loop, Cond, Context);
        Counted && Counted->Kind != LoopBoundKind::Unknown)
      return withFixedElements(*Counted, Analysis, Depth);
  LoopBound Event = eventBound(Loop, Context, Blocking, MaxCallDepth);
  if (Event.Kind != LoopBoundKind::Unknown)
    return Event;
  // Without an event to answer, a loop that can also end another way (a
  // retry until the start succeeds, a loop that stops on an error) is not
  // judged.
  if (leavesLoop(loopBody(Loop)))
    return bound(LoopBoundKind::Unknown);
  if (ConstantTrue)
    return bound(LoopBoundKind::Endless);
  if (std::string Flag = flagName(Cond); !Flag.empty())
    return bound(LoopBoundKind::UntilFlag, Flag);
  return bound(LoopBoundKind::Unknown);
}

LoopBound loopBound(const Stmt *Loop, ThreadAnalysis &Analysis,
                    llvm::ArrayRef<BlockingFunction> Blocking) {
  return loopBoundAt(Loop, Analysis, Blocking, 0);
}

// ===== Containers the program fills a fixed number of times =============

/// Whether \p Method adds elements to its container: `push_back`,
/// `emplace`, `insert`, `resize`, `assign` and the like.
static bool isAddingMethod(const CXXMethodDecl *Method) {
  return Method && Method->getIdentifier() &&
         llvm::is_contained({"push_back", "emplace_back", "push_front",
                             "emplace_front", "insert", "emplace",
                             "emplace_hint", "try_emplace", "insert_or_assign",
                             "push", "resize", "assign", "insert_range",
                             "append_range", "prepend_range", "assign_range"},
                            Method->getName());
}

/// Whether \p Method changes its container's elements wholesale, by a
/// number nothing here counts: `swap`, `splice`, `merge`, an assignment.
static bool isReplacingMethod(const CXXMethodDecl *Method) {
  if (!Method)
    return false;
  if (Method->isCopyAssignmentOperator() || Method->isMoveAssignmentOperator())
    return true;
  return Method->getIdentifier() &&
         llvm::is_contained({"swap", "splice", "merge"}, Method->getName());
}

/// Whether handing a container to \p Callee lets it look at the container
/// only: the library's `std::begin`, `std::size` and the like, which take a
/// non-const reference without changing the elements.
static bool onlyObserves(const FunctionDecl *Callee) {
  return Callee && Callee->getIdentifier() &&
         qualifiedName(Callee).rfind("std::", 0) == 0 &&
         llvm::is_contained({"begin", "end", "cbegin", "cend", "rbegin", "rend",
                             "size", "ssize", "empty", "data"},
                            Callee->getName());
}

namespace {

/// What one function's code does that may add elements to a container (a
/// local, a parameter or a member), each with the loops around it inside
/// the container's scope (a local declared in a loop is a new container on
/// each iteration): its insertions; the functions defined here it hands the
/// container to by non-const reference, and for which parameter; and
/// whether it does something the analysis cannot count (an assignment, a
/// swap, handing the container by address or to a function defined
/// elsewhere, an insertion in a lambda, which runs whenever it is called).
class ElementAdditions : public FunctionBodyVisitor<ElementAdditions> {
public:
  using LoopList = llvm::SmallVector<const Stmt *, 2>;

  ElementAdditions(const ValueDecl *Container, const SourceManager &SM)
      : Container(Container), SM(SM) {}

  bool dataTraverseStmtPre(Stmt *S) {
    if (LambdaDepth == 0 && isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S))
      Loops.push_back(S);
    return true;
  }
  bool dataTraverseStmtPost(Stmt *S) {
    if (!Loops.empty() && Loops.back() == S)
      Loops.pop_back();
    return true;
  }

  bool VisitVarDecl(VarDecl *Var) {
    if (Var == Container)
      ScopeDepth = Loops.size();
    QualType T = Var->getType();
    if (Var->getInit() && isContainer(Var->getInit()) &&
        ((T->isLValueReferenceType() &&
          !T.getNonReferenceType().isConstQualified()) ||
         T->isPointerType()))
      Uncounted = true;
    return true;
  }

  bool VisitUnaryOperator(UnaryOperator *Op) {
    if (Op->getOpcode() == UO_AddrOf && isContainer(Op->getSubExpr()))
      Uncounted = true;
    return true;
  }

  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    if (!isContainer(Call->getImplicitObjectArgument()))
      return true;
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (isReplacingMethod(Method) || (isAddingMethod(Method) && LambdaDepth))
      Uncounted = true;
    else if (isAddingMethod(Method))
      Insertions.push_back(loopsInScope());
    return true;
  }

  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Call) {
    if (Call->getOperator() == OO_Equal && Call->getNumArgs() == 2 &&
        isContainer(Call->getArg(0)))
      Uncounted = true;
    return true;
  }

  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (onlyObserves(Callee))
      return true;
    // A member operator's object is its first argument but no parameter.
    unsigned Skipped = isa<CXXOperatorCallExpr>(Call) &&
                       isa_and_nonnull<CXXMethodDecl>(Callee);
    for (unsigned I = Skipped; I < Call->getNumArgs(); ++I)
      handedTo(Callee, I - Skipped, Call->getArg(I));
    return true;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    for (unsigned I = 0; I < Construct->getNumArgs(); ++I)
      handedTo(Construct->getConstructor(), I, Construct->getArg(I));
    return true;
  }

  std::vector<LoopList> Insertions;
  std::vector<std::pair<const ParmVarDecl *, LoopList>> HandedTo;
  bool Uncounted = false;

private:
  /// The container handed as argument \p I of \p Callee: by non-const
  /// reference it may be changed there.
  void handedTo(const FunctionDecl *Callee, unsigned I, const Expr *Arg) {
    if (!isContainer(Arg))
      return;
    if (!Callee || I >= Callee->getNumParams()) {
      Uncounted = true;
      return;
    }
    QualType T = Callee->getParamDecl(I)->getType();
    if (!T->isReferenceType() || T.getNonReferenceType().isConstQualified())
      return;
    const FunctionDecl *Def = analysableDefinition(Callee, SM);
    if (!Def || LambdaDepth)
      Uncounted = true;
    else
      HandedTo.emplace_back(Def->getParamDecl(I), loopsInScope());
  }

  LoopList loopsInScope() const {
    return {Loops.begin() + std::min(ScopeDepth, Loops.size()), Loops.end()};
  }

  bool isContainer(const Expr *E) const {
    return referencedDecl(E) == Container;
  }

  const ValueDecl *Container;
  const SourceManager &SM;
  llvm::SmallVector<const Stmt *, 4> Loops;
  size_t ScopeDepth = 0;
};

} // namespace

static ElementAdditions elementAdditions(const FunctionDecl *F,
                                         const ValueDecl *Container,
                                         const ThreadAnalysis &Analysis) {
  ElementAdditions Additions(Container, Analysis.context().getSourceManager());
  Additions.TraverseStmt(F->getBody());
  return Additions;
}

/// Whether \p F adds elements to \p Container at all (or may), itself or
/// in the functions it hands it to.
static bool addsElements(const FunctionDecl *F, const ValueDecl *Container,
                         ThreadAnalysis &Analysis, unsigned Depth) {
  if (!F || !F->getBody() || Depth > Analysis.maxCallDepth())
    return true;
  ElementAdditions Additions = elementAdditions(F, Container, Analysis);
  return Additions.Uncounted || !Additions.Insertions.empty() ||
         llvm::any_of(Additions.HandedTo, [&](const auto &Handed) {
           return addsElements(
               cast<FunctionDecl>(Handed.first->getDeclContext()), Handed.first,
               Analysis, Depth + 1);
         });
}

/// Whether \p F adds elements to \p Container only a fixed number of
/// times: outside loops, or in loops the program bounds; also in the
/// functions it hands it to.
static bool addsFixedCount(const FunctionDecl *F, const ValueDecl *Container,
                           ThreadAnalysis &Analysis, unsigned Depth) {
  if (!F || !F->getBody() || Depth > Analysis.maxCallDepth())
    return false;
  ElementAdditions Additions = elementAdditions(F, Container, Analysis);
  auto InFixedLoops = [&](llvm::ArrayRef<const Stmt *> Loops) {
    return llvm::all_of(Loops, [&](const Stmt *Loop) {
      return loopBoundAt(Loop, Analysis, {}, Depth).isFixedByProgram();
    });
  };
  return !Additions.Uncounted &&
         llvm::all_of(Additions.Insertions, InFixedLoops) &&
         llvm::all_of(Additions.HandedTo, [&](const auto &Handed) {
           const auto *Callee =
               cast<FunctionDecl>(Handed.first->getDeclContext());
           return !addsElements(Callee, Handed.first, Analysis, Depth + 1) ||
                  (InFixedLoops(Handed.second) &&
                   addsFixedCount(Callee, Handed.first, Analysis, Depth + 1));
         });
}

/// Whether the container \p E evaluates to holds a fixed number of
/// elements: a braced list, a construction from a count, a copy of such a
/// container.
static bool isFixedContainerValue(const Expr *E, ThreadAnalysis &Analysis,
                                  unsigned Depth) {
  if (!E)
    return true;
  E = E->IgnoreImplicit()->IgnoreParens();
  if (isa<InitListExpr>(E))
    return true;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    if (Ctor->isCopyOrMoveConstructor())
      return Construct->getNumArgs() >= 1 &&
             isFixedContainerValue(Construct->getArg(0), Analysis, Depth);
    // A constructor template takes a range of iterators: the elements of
    // something else.
    return !Ctor->getPrimaryTemplate() && !Ctor->getDescribedFunctionTemplate();
  }
  if (const auto *Call = dyn_cast<CallExpr>(E);
      Call && Call->getNumArgs() == 1 && Call->getDirectCallee() &&
      qualifiedName(Call->getDirectCallee()) == "std::move")
    return isFixedContainerValue(Call->getArg(0), Analysis, Depth);
  if (const ValueDecl *D = referencedDecl(E))
    return holdsFixedElementCount(D, Analysis, Depth + 1);
  return false;
}

/// The argument \p Call passes for \p Param.
static const Expr *argumentFor(const CallExpr *Call, const ParmVarDecl *Param) {
  unsigned I = Param->getFunctionScopeIndex();
  if (isa<CXXOperatorCallExpr>(Call) &&
      isa_and_nonnull<CXXMethodDecl>(Call->getDirectCallee()))
    ++I;
  return I < Call->getNumArgs() ? Call->getArg(I) : nullptr;
}

/// A parameter of a function only this file can call, for which every call
/// of it passes a container holding a fixed number of elements.
static bool passedFixedByEveryCall(const ParmVarDecl *Param,
                                   ThreadAnalysis &Analysis, unsigned Depth) {
  const auto *F = dyn_cast<FunctionDecl>(Param->getDeclContext());
  const FunctionDecl *Def = F ? F->getDefinition() : nullptr;
  if (!Def || Def->isExternallyVisible() ||
      !addsFixedCount(Def, Param, Analysis, Depth))
    return false;
  const auto &Callers = Analysis.index().Callers;
  auto It = Callers.find(Def);
  if (It == Callers.end())
    return false;
  bool Called = false;
  bool Fixed = true;
  for (const FunctionDecl *Caller : It->second)
    forEachStmtDeep(Caller->getBody(), [&](const Stmt *S) {
      const auto *Call = dyn_cast<CallExpr>(S);
      const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
      if (!Fixed || !Callee || Callee->getDefinition() != Def)
        return;
      Called = true;
      Fixed = isFixedContainerValue(argumentFor(Call, Param), Analysis, Depth);
    });
  return Called && Fixed;
}

/// Whether \p Method's only callers (at least one) are constructors of
/// \p Class, or such helpers: a non-public, non-virtual method that builds
/// part of the object.
static bool isConstructionHelper(const FunctionDecl *F,
                                 const CXXRecordDecl *Class,
                                 ThreadAnalysis &Analysis, unsigned Depth) {
  const auto *Method = dyn_cast<CXXMethodDecl>(F);
  if (!Method || Method->getParent() != Class ||
      Method->getAccess() == AS_public || Method->isVirtual() ||
      Depth > Analysis.maxCallDepth())
    return false;
  auto It = Analysis.index().Callers.find(F);
  if (It == Analysis.index().Callers.end() || It->second.empty())
    return false;
  return llvm::all_of(It->second, [&](const FunctionDecl *Caller) {
    const auto *Ctor = dyn_cast<CXXConstructorDecl>(Caller);
    return (Ctor && Ctor->getParent() == Class) ||
           isConstructionHelper(Caller, Class, Analysis, Depth + 1);
  });
}

/// Whether \p Method's code is in this translation unit (or it has none to
/// write anything with).
static bool isDefinedHere(const CXXMethodDecl *Method) {
  if (Method->isDefined() || Method->isDeleted() || Method->isDefaulted() ||
      Method->isPureVirtual())
    return true;
  const FunctionDecl *Pattern = Method->getTemplateInstantiationPattern();
  return Pattern && Pattern->isDefined();
}

/// A member only its class can reach, to which only the class's
/// constructors (and the helpers only they call) add elements.
static bool filledOnlyWhenBuilt(const FieldDecl *Field,
                                ThreadAnalysis &Analysis, unsigned Depth) {
  const auto *Class = dyn_cast<CXXRecordDecl>(Field->getParent());
  if (!Class || Field->getAccess() == AS_public ||
      Class->friend_begin() != Class->friend_end())
    return false;
  for (const CXXMethodDecl *Method : Class->methods())
    if (!Method->isConst() && !Method->isStatic() &&
        !isa<CXXConstructorDecl, CXXDestructorDecl>(Method) &&
        !isDefinedHere(Method))
      return false;
  auto It = Analysis.index().Writers.find(Field);
  if (It == Analysis.index().Writers.end())
    return true;
  return llvm::all_of(It->second, [&](const FunctionDecl *Writer) {
    const auto *Ctor = dyn_cast<CXXConstructorDecl>(Writer);
    return (Ctor && Ctor->getParent() == Class) ||
           !addsElements(Writer, Field, Analysis, Depth) ||
           isConstructionHelper(Writer, Class, Analysis, Depth);
  });
}

/// Whether the program fills \p Container a fixed number of times, so that
/// its elements are configuration rather than input:
/// - a member that only its class can reach (not public, no friends, every
///   member function that could change it defined here), to which nothing
///   but the class's constructors adds elements (also a non-public helper
///   only constructors call): a pool sized when it is built;
/// - a local whose initializer is empty, a count, a braced list or a copy of
///   such a container, and that the function adds to only outside loops or
///   in loops the program bounds (isFixedByProgram): `std::vector<Job *> V;
///   for (int I = 0; I < 10; ++I) V.push_back(new Job(I));`;
/// - a parameter of a function only this file can call (static, in an
///   anonymous namespace, a lambda) for which every call passes such a
///   container, and that the function adds to likewise.
/// Not one: a container from a call (`auto Rows = loadTable(Path);`), a
/// parameter of a function other files can call (`const
/// std::vector<std::string> &Urls`), a member a member function other than
/// a constructor fills (`submit()`), a container handed by address or by
/// non-const reference to a function defined elsewhere, assigned, swapped,
/// or added to in a lambda or in a loop on events or input.
/// \p Depth: how many containers deep the question is asked.
static bool holdsFixedElementCount(const ValueDecl *Container,
                                   ThreadAnalysis &Analysis, unsigned Depth) {
  if (!Container || Depth > Analysis.maxCallDepth())
    return false;
  if (const auto *Field = dyn_cast<FieldDecl>(Container))
    return filledOnlyWhenBuilt(Field, Analysis, Depth);
  if (const auto *Param = dyn_cast<ParmVarDecl>(Container))
    return passedFixedByEveryCall(Param, Analysis, Depth);
  const auto *Var = dyn_cast<VarDecl>(Container);
  if (!Var || !Var->hasLocalStorage() || Var->getType()->isReferenceType())
    return false;
  const auto *F = dyn_cast<FunctionDecl>(Var->getDeclContext());
  return F && isFixedContainerValue(Var->getInit(), Analysis, Depth) &&
         addsFixedCount(F, Var, Analysis, Depth);
}

} // namespace clang::tidy::threadleak
