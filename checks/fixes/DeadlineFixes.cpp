//===--- DeadlineFixes.cpp - threadleak -----------------------------------===//

#include "DeadlineFixes.h"
#include "../analysis/Names.h"
#include "Statements.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::threadleak {

std::optional<llvm::SmallVector<FixItHint, 4>>
timedWaitOrReturn(const CallExpr *Wait, const FunctionDecl *F,
                  StringRef Timeout, ASTContext &Context) {
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Wait);
  if (!Member || !F || !F->getReturnType()->isVoidType() ||
      F->getBody() == nullptr || isa<CoroutineBodyStmt>(F->getBody()))
    return std::nullopt;
  const auto *Callee =
      dyn_cast<MemberExpr>(Member->getCallee()->IgnoreParenImpCasts());
  const CXXMethodDecl *Method = Member->getMethodDecl();
  if (!Callee || !Method || !Method->getIdentifier())
    return std::nullopt;
  std::string Class = objectClassName(Member);
  bool IsConditionWait = (Class == "std::condition_variable" ||
                          Class == "std::condition_variable_any") &&
                         Method->getName() == "wait" &&
                         Wait->getNumArgs() == 2 &&
                         !isStopTokenType(Wait->getArg(1)->getType());
  bool IsAcquire = Class == "std::counting_semaphore" &&
                   Method->getName() == "acquire" && Wait->getNumArgs() == 0;
  if (!IsConditionWait && !IsAcquire)
    return std::nullopt;
  SourceRange Range = Wait->getSourceRange();
  if (Range.getBegin().isMacroID() || Range.getEnd().isMacroID() ||
      Callee->getMemberLoc().isMacroID() || !isPlainStatement(Wait, F))
    return std::nullopt;
  const SourceManager &SM = Context.getSourceManager();
  SourceLocation AfterCall = Lexer::getLocForEndOfToken(
      Wait->getEndLoc(), 0, SM, Context.getLangOpts());
  if (AfterCall.isInvalid())
    return std::nullopt;
  llvm::SmallVector<FixItHint, 4> Fixes;
  Fixes.push_back(FixItHint::CreateInsertion(Range.getBegin(), "if (!"));
  if (IsConditionWait) {
    Fixes.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(Callee->getMemberLoc()), "wait_for"));
    Fixes.push_back(FixItHint::CreateInsertion(Wait->getArg(1)->getBeginLoc(),
                                               (Timeout + ", ").str()));
  } else {
    Fixes.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(Callee->getMemberLoc()),
        "try_acquire_for"));
    Fixes.push_back(FixItHint::CreateInsertion(Wait->getRParenLoc(), Timeout));
  }
  Fixes.push_back(FixItHint::CreateInsertion(AfterCall, ") return"));
  return Fixes;
}

} // namespace clang::tidy::threadleak
