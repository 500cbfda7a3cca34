//===--- LockFixes.cpp - threadleak ---------------------------------------===//

#include "LockFixes.h"
#include "../analysis/Names.h"
#include "Statements.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::threadleak {

/// How \p F names \p Mutex: a member of its class (or a base) or a global.
static bool canName(const FunctionDecl *F, const ValueDecl *Mutex) {
  if (const auto *Field = dyn_cast<FieldDecl>(Mutex))
    return isOwnMember(F, Field);
  const auto *Var = dyn_cast<VarDecl>(Mutex);
  return Var && Var->hasGlobalStorage() && !Var->isStaticLocal();
}

std::optional<llvm::SmallVector<FixItHint, 2>>
holdMutexAround(const Expr *Store, const ValueDecl *Mutex,
                const FunctionDecl *F, ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  SourceLocation Begin = Store->getBeginLoc();
  if (Begin.isMacroID() || Store->getEndLoc().isMacroID() ||
      !isPlainStatement(Store, F) || !canName(F, Mutex) ||
      !Mutex->getIdentifier())
    return std::nullopt;
  SourceLocation AfterSemi = Lexer::findLocationAfterToken(
      Store->getEndLoc(), tok::semi, SM, Context.getLangOpts(),
      /*SkipTrailingWhitespaceAndNewLine=*/false);
  if (AfterSemi.isInvalid())
    return std::nullopt;
  std::string Name = Mutex->getName().str();
  QualType T = Mutex->getType();
  std::string Class = className(T);
  llvm::SmallVector<FixItHint, 2> Fix;
  if (Class == "std::mutex" || Class == "std::recursive_mutex" ||
      Class == "std::timed_mutex" || Class == "std::recursive_timed_mutex") {
    Fix.push_back(FixItHint::CreateInsertion(
        Begin, "{ std::lock_guard<" + Class + "> Lock(" + Name + "); "));
    Fix.push_back(FixItHint::CreateInsertion(AfterSemi, " }"));
    return Fix;
  }
  if (T.getUnqualifiedType().getAsString() == "pthread_mutex_t") {
    Fix.push_back(FixItHint::CreateInsertion(Begin, "pthread_mutex_lock(&" +
                                                        Name + "); "));
    Fix.push_back(FixItHint::CreateInsertion(
        AfterSemi, " pthread_mutex_unlock(&" + Name + ");"));
    return Fix;
  }
  return std::nullopt;
}

} // namespace clang::tidy::threadleak
