//===--- StopTokens.cpp - threadleak --------------------------------------===//

#include "StopTokens.h"
#include "Names.h"
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

} // namespace clang::tidy::threadleak
