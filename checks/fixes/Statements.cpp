//===--- Statements.cpp - threadleak --------------------------------------===//

#include "Statements.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::threadleak {

namespace {
class PlainStatementFinder : public RecursiveASTVisitor<PlainStatementFinder> {
public:
  explicit PlainStatementFinder(const Expr *Target) : Target(Target) {}
  bool VisitCompoundStmt(CompoundStmt *Block) {
    for (const Stmt *Child : Block->body()) {
      const auto *E = dyn_cast<Expr>(Child);
      while (E && E != Target && isa<ExprWithCleanups, ImplicitCastExpr>(E))
        E = isa<ExprWithCleanups>(E) ? cast<ExprWithCleanups>(E)->getSubExpr()
                                     : cast<ImplicitCastExpr>(E)->getSubExpr();
      if (E == Target)
        Found = true;
    }
    return !Found;
  }
  bool Found = false;

private:
  const Expr *Target;
};
} // namespace

bool isPlainStatement(const Expr *E, const FunctionDecl *F) {
  if (!E || !F || !F->getBody())
    return false;
  PlainStatementFinder Finder(E);
  Finder.TraverseStmt(F->getBody());
  return Finder.Found;
}

} // namespace clang::tidy::threadleak
