//===--- StopSources.cpp - threadleak -------------------------------------===//

#include "StopSources.h"
#include "Names.h"
#include "ThreadAnalysis.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::threadleak {

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

StopObservation stopObservation(const Stmt *S, const DeclContext *Scope,
                                ThreadAnalysis &Analysis) {
  auto ReadIf = [](bool Reads) {
    return Reads ? StopObservation::Read : StopObservation::None;
  };
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (!Method)
      return StopObservation::None;
    const Expr *ObjectExpr = Member->getImplicitObjectArgument();
    QualType Object = writtenType(ObjectExpr);
    if (isStopTokenType(Object))
      return ReadIf(Method->getIdentifier() &&
                    Method->getName() == "stop_requested");
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
      return ReadIf(Reads && !isLocalObject(ObjectExpr, Scope) &&
                    Analysis.isSettableFlag(referencedDecl(ObjectExpr)));
    }
  }
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    // The cancellation point of pthread_cancel.
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      if (Callee->getIdentifier() && Callee->getName() == "pthread_testcancel")
        return StopObservation::Acts;
    // A callee defined here observes the token only if its own body
    // consults it (its facts say so); a library call taking the token (a
    // stop-aware wait) does.
    if (analysableDefinition(Call->getDirectCallee(),
                             Analysis.context().getSourceManager()))
      return StopObservation::None;
    // Comparing or assigning a token only copies it.
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call))
      if (Op->isComparisonOp() || Op->isAssignmentOp())
        return StopObservation::None;
    return llvm::any_of(
               Call->arguments(),
               [](const Expr *Arg) { return isStopTokenType(Arg->getType()); })
               ? StopObservation::Acts
               : StopObservation::None;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(S))
    return className(Construct->getType()) == "std::stop_callback"
               ? StopObservation::Acts
               : StopObservation::None;
  if (const auto *Cast = dyn_cast<ImplicitCastExpr>(S)) {
    if (Cast->getCastKind() != CK_LValueToRValue)
      return StopObservation::None;
    const Expr *Read = Cast->getSubExpr()->IgnoreParens();
    QualType T = Read->getType();
    bool FlagType =
        T->isBooleanType() || (T.isVolatileQualified() && T->isIntegerType());
    return ReadIf(FlagType && !T.isConstQualified() &&
                  isa<DeclRefExpr, MemberExpr>(Read) &&
                  !isLocalObject(Read, Scope) &&
                  Analysis.isSettableFlag(referencedDecl(Read)));
  }
  return StopObservation::None;
}

bool readsCounterOrMeasurement(const Stmt *Read, ThreadAnalysis &Analysis) {
  const Expr *Object = nullptr;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Read))
    Object = Member->getImplicitObjectArgument();
  else if (const auto *Cast = dyn_cast<ImplicitCastExpr>(Read))
    Object = Cast->getSubExpr();
  const ValueDecl *D = Object ? referencedDecl(Object) : nullptr;
  if (!D || D->getType()->isBooleanType() || isAtomicBool(D->getType()))
    return false;
  const TranslationUnitIndex &Index = Analysis.index();
  return Index.Counted.contains(D) ||
         (Index.SetToComputed.contains(D) && !Index.SetToConstant.contains(D));
}

} // namespace clang::tidy::threadleak
