//===--- StopTokens.cpp - threadleak --------------------------------------===//

#include "StopTokens.h"
#include "Names.h"
#include "ThreadAnalysis.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::threadleak {

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

/// A member function run through a member pointer
/// (`std::jthread(&W::run, this)`) receives its object, not a token, first.
static bool runsThroughMemberPointer(const FunctionDecl *Body) {
  const auto *Method = dyn_cast<CXXMethodDecl>(Body);
  return Method && !Method->isStatic() &&
         Method->getOverloadedOperator() != OO_Call;
}

std::optional<ForeverEvidence> unstoppableJThread(const ThreadLaunch &Launch,
                                                  ThreadAnalysis &Analysis) {
  if (Launch.Kind != LaunchKind::StdJThread || !Launch.Body)
    return std::nullopt;
  if (takesStopToken(Launch.Body) && (runsThroughMemberPointer(Launch.Body) ||
                                      Analysis.observesStop(Launch.Body)))
    return std::nullopt;
  return Analysis.findRunsForever(Launch.Body);
}

std::optional<bool> isConditionVariableAnyWait(const CallExpr *Call) {
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
  if (!Member || !Member->getMethodDecl() ||
      !Member->getMethodDecl()->getIdentifier() ||
      Member->getMethodDecl()->getName() != "wait")
    return std::nullopt;
  std::string Class = className(
      Member->getImplicitObjectArgument()->IgnoreParenImpCasts()->getType());
  if (Class == "std::condition_variable")
    return false;
  if (Class == "std::condition_variable_any")
    return true;
  return std::nullopt;
}

/// Whether \p E mentions a std::stop_token.
static bool mentionsStopToken(const Expr *E) {
  class Finder : public RecursiveASTVisitor<Finder> {
  public:
    bool VisitExpr(Expr *E) {
      Found = Found || isStopTokenType(E->getType());
      return !Found;
    }
    bool Found = false;
  };
  Finder F;
  F.TraverseStmt(const_cast<Expr *>(E));
  return F.Found;
}

const ValueDecl *stopTokenIgnoredBy(const BlockingCall &Wait,
                                    const FunctionDecl *F,
                                    ThreadAnalysis &Analysis) {
  if (!isConditionVariableAnyWait(Wait.Call) ||
      llvm::any_of(Wait.Call->arguments(), [](const Expr *Arg) {
        return isStopTokenType(Arg->getType());
      }))
    return nullptr;
  const ValueDecl *Token =
      stopTokenInScope(Wait.Call, F, Analysis.context().getSourceManager());
  if (!Token)
    return nullptr;
  // A std::stop_callback whose callback notifies the condition variable:
  // a stop request wakes the wait (WakeUpModel::isWokenByStopRequest).
  if (Wait.Object && Analysis.wakeUps().isWokenByStopRequest(Wait.Object))
    return nullptr;
  // A wait woken by another stop flag (whose setter notifies) is fine; one
  // whose predicate checks the token still sleeps through request_stop(),
  // which notifies no condition variable.
  if (Wait.Wakeable && !(Wait.Predicate && mentionsStopToken(Wait.Predicate)))
    return nullptr;
  return Token;
}

} // namespace clang::tidy::threadleak
