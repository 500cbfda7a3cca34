//===--- StopTokens.h - threadleak ------------------------------*- C++ -*-===//
//
// Which std::stop_token a piece of code can use, for fix-its that make a
// loop or a wait end on a stop request; whether a stop request on a
// std::jthread's token can end its thread, and which waits it cannot wake.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_STOPTOKENS_H
#define THREADLEAK_CHECKS_ANALYSIS_STOPTOKENS_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include <optional>

namespace clang::tidy::threadleak {

class ThreadAnalysis;
struct BlockingCall;
struct ForeverEvidence;
struct ThreadLaunch;

/// A named std::stop_token that code at \p S in function \p F can use: a
/// parameter of \p F, a local variable declared before \p S in a block
/// enclosing it, a variable the lambda \p F captures, or a member of the
/// class whose non-static member function \p F is. Null if there is none.
const ValueDecl *stopTokenInScope(const Stmt *S, const FunctionDecl *F,
                                  const SourceManager &SM);

/// Why a stop request cannot end the thread of \p Launch, a std::jthread:
/// its body runs forever (ThreadAnalysis::findRunsForever) and either takes
/// no std::stop_token, or takes one that nothing it reaches consults (it
/// reads no stop source within the call depth, ThreadAnalysis::observesStop:
/// a token only copied, logged or compared is not consulted). Nullopt for
/// any other launch, and for a member function run through a member pointer
/// that declares a token (std::jthread hands it its object, not a token).
std::optional<ForeverEvidence> unstoppableJThread(const ThreadLaunch &Launch,
                                                  ThreadAnalysis &Analysis);

/// For a std::condition_variable(_any)::wait call, whether it is the _any
/// one (which has the stop_token overloads); nullopt for any other call.
std::optional<bool> isConditionVariableAnyWait(const CallExpr *Call);

/// The std::stop_token in scope in \p F (stopTokenInScope) that a stop
/// request cannot wake \p Wait, a condition variable wait in \p F, with: a
/// condition_variable_any wait that does not take it, or a
/// std::condition_variable wait (request_stop() notifies none), unless
/// something else wakes it for shutdown (a stop flag its predicate reads,
/// a std::stop_callback whose callback notifies it). Null when the wait takes
/// the token, no token is in scope, or the wait is woken.
const ValueDecl *stopTokenIgnoredBy(const BlockingCall &Wait,
                                    const FunctionDecl *F,
                                    ThreadAnalysis &Analysis);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_STOPTOKENS_H
