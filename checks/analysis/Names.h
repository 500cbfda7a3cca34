//===--- Names.h - threadleak -----------------------------------*- C++ -*-===//
//
// What a declaration, a type or an expression is called, the same way in
// libstdc++ and libc++: std names without inline namespaces, the class an
// object is written with, the variable or member an expression names.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_NAMES_H
#define THREADLEAK_CHECKS_ANALYSIS_NAMES_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include <string>
#include <vector>

namespace clang::tidy::threadleak {

/// Fully qualified name of \p D without inline namespaces, so that libstdc++'s
/// std::_V2::condition_variable_any and libc++'s std::__1::future both read
/// as plain std names. For template specializations the template's name.
std::string qualifiedName(const NamedDecl *D);

/// Qualified name of the class of \p T (through references and pointers), or
/// "" if \p T is not a class type.
std::string className(QualType T);

/// Qualified name of the class of the object a member function is called
/// on, as written: `F.wait()` on a std::shared_future is a shared_future call
/// even when the method is inherited from a library base class.
std::string objectClassName(const CXXMemberCallExpr *Call);

/// The type of an object as written, before the implicit conversion to the
/// base class that declares the member (both libraries implement
/// std::atomic<int>'s members in a base class).
QualType writtenType(const Expr *Object);

bool isStopTokenType(QualType T);

/// std::atomic<bool> or std::atomic_flag.
bool isAtomicBool(QualType T);

/// std::atomic of an integer or enumeration (not bool): a state word that
/// can hold "stop", or a counter.
bool isAtomicInteger(QualType T);

/// The variable or member an expression names (`T`, `this->T`, `Obj.T`,
/// `&T`, `P->Field`), ignoring implicit nodes; null otherwise.
const ValueDecl *referencedDecl(const Expr *E);

/// The variable or member an object expression names, also through a
/// smart pointer or a pointer: `P` in `P->set_value()`, `(*P).release()`,
/// `Cancel->store(true)` and `*Cancel = true`.
const ValueDecl *namedObject(const Expr *E);

/// Whether \p Field is a member of the object \p F runs on: \p F is a
/// non-static method of \p Field's class or of a class derived from it.
bool isOwnMember(const FunctionDecl *F, const FieldDecl *Field);

/// What a call calls when it has no direct callee: the object of an
/// `operator()` call (`Fn()` on a std::function or functor), or the callee
/// expression of a call through a pointer (`(*Fn)()`); null otherwise.
const Expr *calledObject(const CallExpr *Call);

/// The qualified names of a check option, separated by ';' (spaces and a
/// leading "::" dropped): "ext::WaitGroup::done; ::absl::Notification::Notify".
std::vector<std::string> parseQualifiedNames(llvm::StringRef Option);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_NAMES_H
