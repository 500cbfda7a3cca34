//===--- Lifetimes.h - threadleak -------------------------------*- C++ -*-===//
//
// Who owns a thread, and whether the owner lives as long as the process by
// design: a class whose destructor is deleted or always aborts, or which
// the translation unit only creates in ways that are never destroyed (a
// function-local static, `new` never deleted, placement new into static
// storage as NoDestructor-style wrappers do). A thread such an object owns
// runs until the process exits on purpose; the checks do not report it
// unless their ReportProcessLifetimeThreads option is set.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_LIFETIMES_H
#define THREADLEAK_CHECKS_ANALYSIS_LIFETIMES_H

#include "ThreadLaunches.h"
#include "TranslationUnitIndex.h"
#include "clang/AST/DeclCXX.h"

namespace clang::tidy::threadleak {

class ThreadAnalysis;

/// The class whose member function runs \p Launch's thread (through a
/// lambda written in a member function, too); null for a free function.
const CXXRecordDecl *owningClass(const ThreadLaunch &Launch);

/// Whether objects of \p Class are never destroyed by design.
bool livesAsLongAsTheProcess(const CXXRecordDecl *Class,
                             const TranslationUnitIndex &Index,
                             ThreadAnalysis &Analysis);

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_LIFETIMES_H
