//===--- StopTokenFixes.cpp - threadleak ----------------------------------===//

#include "StopTokenFixes.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::threadleak {

static bool inMacro(SourceRange Range) {
  return Range.getBegin().isMacroID() || Range.getEnd().isMacroID();
}

std::optional<FixItHint> loopUntilStopRequested(const Stmt *Loop,
                                                StringRef Token,
                                                const SourceManager &SM,
                                                const LangOptions &LangOpts) {
  if (inMacro(Loop->getSourceRange()))
    return std::nullopt;
  std::string Condition = ("!" + Token + ".stop_requested()").str();
  const Expr *Cond = nullptr;
  if (const auto *While = dyn_cast<WhileStmt>(Loop))
    Cond = While->getCond();
  else if (const auto *Do = dyn_cast<DoStmt>(Loop))
    Cond = Do->getCond();
  else if (const auto *For = dyn_cast<ForStmt>(Loop)) {
    if (For->getInit() || For->getInc())
      return std::nullopt;
    if (!For->getCond())
      return FixItHint::CreateReplacement(
          CharSourceRange::getTokenRange(For->getLParenLoc(),
                                         For->getRParenLoc()),
          "(; " + Condition + ";)");
    Cond = For->getCond();
  }
  if (!Cond || inMacro(Cond->getSourceRange()))
    return std::nullopt;
  return FixItHint::CreateReplacement(
      CharSourceRange::getTokenRange(Cond->getSourceRange()), Condition);
}

std::optional<FixItHint> addStopTokenParameter(const LambdaExpr *Lambda,
                                               const SourceManager &SM,
                                               const LangOptions &LangOpts) {
  if (Lambda->getTemplateParameterList() ||
      Lambda->getCallOperator()->getNumParams() != 0 ||
      inMacro(Lambda->getSourceRange()))
    return std::nullopt;
  SourceLocation AfterIntroducer = Lexer::getLocForEndOfToken(
      Lambda->getIntroducerRange().getEnd(), 0, SM, LangOpts);
  if (!Lambda->hasExplicitParameters())
    return FixItHint::CreateInsertion(
        AfterIntroducer, "(std::stop_token " + StopTokenName.str() + ")");
  std::optional<Token> LParen =
      Lexer::findNextToken(Lambda->getIntroducerRange().getEnd(), SM, LangOpts);
  if (!LParen || !LParen->is(tok::l_paren))
    return std::nullopt;
  return FixItHint::CreateInsertion(LParen->getEndLoc(),
                                    "std::stop_token " + StopTokenName.str());
}

std::optional<FixItHint> removeStatement(const Expr *Call,
                                         const SourceManager &SM,
                                         const LangOptions &LangOpts) {
  if (inMacro(Call->getSourceRange()))
    return std::nullopt;
  SourceLocation AfterSemi =
      Lexer::findLocationAfterToken(Call->getEndLoc(), tok::semi, SM, LangOpts,
                                    /*SkipTrailingWhitespaceAndNewLine=*/false);
  if (AfterSemi.isInvalid())
    return std::nullopt;
  SourceLocation Begin = Call->getBeginLoc();
  // When the statement is alone on its line, remove the line: from the end
  // of the previous line, so that the removal is not next to whitespace
  // (which the diagnostics engine would widen into the next line).
  auto [File, Offset] = SM.getDecomposedLoc(Begin);
  StringRef Buffer = SM.getBufferData(File);
  size_t PreviousLineEnd = Buffer.rfind('\n', Offset == 0 ? 0 : Offset - 1);
  size_t End = SM.getFileOffset(AfterSemi);
  if (PreviousLineEnd != StringRef::npos &&
      Buffer.slice(PreviousLineEnd, Offset).trim().empty() &&
      (End == Buffer.size() || Buffer[End] == '\n'))
    Begin = Begin.getLocWithOffset(-static_cast<int>(Offset - PreviousLineEnd));
  return FixItHint::CreateRemoval(
      CharSourceRange::getCharRange(Begin, AfterSemi));
}

} // namespace clang::tidy::threadleak
