//===--- Precompiled.h - clang headers every check includes -----*- C++ -*-===//
//
// The heavy clang headers most of checks/ includes, precompiled once per build
// (CMake option THREADLEAK_PCH): parsing them is most of the cost of
// compiling a check. Sources still include what they use.
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_CHECKS_PRECOMPILED_H
#define THREADLEAK_CHECKS_PRECOMPILED_H

#include "clang-tidy/ClangTidyCheck.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Analysis/CFG.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

#endif // THREADLEAK_CHECKS_PRECOMPILED_H
