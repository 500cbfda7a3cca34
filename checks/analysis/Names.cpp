//===--- Names.cpp - threadleak -------------------------------------------===//

#include "Names.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"

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

bool isAtomicBool(QualType T) {
  if (className(T) == "std::atomic_flag")
    return true;
  const Type *Value = atomicValueType(T);
  return Value && Value->isBooleanType();
}

bool isAtomicInteger(QualType T) {
  const Type *Value = atomicValueType(T);
  return Value && !Value->isBooleanType() &&
         (Value->isIntegerType() || Value->isEnumeralType());
}

QualType writtenType(const Expr *Object) {
  return Object->IgnoreParenImpCasts()->getType();
}

std::string objectClassName(const CXXMemberCallExpr *Call) {
  const Expr *Object = Call->getImplicitObjectArgument();
  return Object ? className(writtenType(Object)) : std::string();
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

const ValueDecl *namedObject(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreImplicit()->IgnoreParens();
  if (const auto *OpCall = dyn_cast<CXXOperatorCallExpr>(E);
      OpCall && OpCall->getNumArgs() >= 1 &&
      (OpCall->getOperator() == OO_Arrow || OpCall->getOperator() == OO_Star))
    E = OpCall->getArg(0);
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_Deref)
    E = Unary->getSubExpr();
  return referencedDecl(E);
}

std::vector<std::string> parseQualifiedNames(llvm::StringRef Option) {
  std::vector<std::string> Result;
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  Option.split(Parts, ';', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef Part : Parts) {
    Part = Part.trim();
    Part.consume_front("::");
    if (!Part.empty())
      Result.push_back(Part.str());
  }
  return Result;
}

bool isOwnMember(const FunctionDecl *F, const FieldDecl *Field) {
  const auto *Method = dyn_cast<CXXMethodDecl>(F);
  if (!Method || Method->isStatic())
    return false;
  const auto *Owner = dyn_cast<CXXRecordDecl>(Field->getParent());
  const CXXRecordDecl *Class = Method->getParent();
  return Owner && (Class == Owner || Class->isDerivedFrom(Owner));
}

const Expr *calledObject(const CallExpr *Call) {
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call))
    return Op->getOperator() == OO_Call && Op->getNumArgs() >= 1 ? Op->getArg(0)
                                                                 : nullptr;
  if (Call->getDirectCallee())
    return nullptr;
  return Call->getCallee();
}

} // namespace clang::tidy::threadleak
