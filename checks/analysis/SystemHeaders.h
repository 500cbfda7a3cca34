//===--- SystemHeaders.h - threadleak ---------------------------*- C++ -*-===//
//
// Whether a declaration is the library's: declared (where its macro was
// expanded, for one a macro writes) in a system header. The checks neither
// match, report nor follow calls into such code.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_ANALYSIS_SYSTEMHEADERS_H
#define THREADLEAK_CHECKS_ANALYSIS_SYSTEMHEADERS_H

#include "clang/AST/DeclBase.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::threadleak {

/// False for a declaration without a location (builtins, the translation
/// unit).
inline bool isInSystemHeader(const Decl *D, const SourceManager &SM) {
  SourceLocation Loc = D->getLocation();
  return Loc.isValid() && SM.isInSystemHeader(SM.getExpansionLoc(Loc));
}

} // namespace clang::tidy::threadleak

#endif // THREADLEAK_CHECKS_ANALYSIS_SYSTEMHEADERS_H
