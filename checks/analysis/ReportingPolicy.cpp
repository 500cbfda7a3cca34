//===--- ReportingPolicy.cpp - threadleak ---------------------------------===//

#include "ReportingPolicy.h"
#include "clang/AST/ASTContext.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringRef.h"

namespace clang::tidy::threadleak {

/// A macro of the framework's own, which its assertions expand through:
/// `GTEST_ASSERT_`, `INTERNAL_CATCH_TEST`, `DOCTEST_REQUIRE`,
/// `BOOST_TEST_TOOL_IMPL`.
static bool isFrameworkMacro(StringRef Name) {
  return Name.starts_with("GTEST_") || Name.starts_with("INTERNAL_CATCH_") ||
         Name.starts_with("DOCTEST_") || Name.starts_with("BOOST_TEST_");
}

/// An assertion that ends the test when it fails: `ASSERT_EQ`, `FAIL()`,
/// `REQUIRE`, `CATCH_REQUIRE_THROWS`, `DOCTEST_REQUIRE_EQ`,
/// `BOOST_REQUIRE_EQUAL`, `BOOST_FAIL`, and GoogleTest's own
/// `GTEST_FATAL_FAILURE_` (but not `GTEST_ASSERT_`, which EXPECT_* use too).
static bool isFatalAssertionMacro(StringRef Name) {
  if (Name == "GTEST_ASSERT_")
    return false;
  return Name.starts_with("ASSERT_") || Name.starts_with("GTEST_ASSERT_") ||
         Name.contains("REQUIRE") || Name == "GTEST_FATAL_FAILURE_" ||
         Name == "FAIL" || Name == "GTEST_FAIL" || Name == "GTEST_FAIL_AT" ||
         Name == "CATCH_FAIL" || Name == "DOCTEST_FAIL" ||
         Name == "BOOST_FAIL" || Name == "SKIP" || Name == "GTEST_SKIP" ||
         Name == "GTEST_SKIP_" || Name == "CATCH_SKIP";
}

AssertionSite testAssertionAt(SourceLocation Loc, const SourceManager &SM,
                              const LangOptions &LangOpts) {
  AssertionSite Site;
  if (Loc.isInvalid() || !Loc.isMacroID())
    return Site;
  bool Framework = false;
  bool Fatal = false;
  // Up the expansion stack to the macro the user wrote; a few dozen levels
  // at most in every framework.
  SourceLocation L = Loc;
  for (unsigned Depth = 0; L.isMacroID() && Depth < 64; ++Depth) {
    StringRef Name = Lexer::getImmediateMacroName(L, SM, LangOpts);
    Framework |= isFrameworkMacro(Name);
    Fatal |= isFatalAssertionMacro(Name);
    L = SM.getImmediateExpansionRange(L).getBegin();
  }
  if (!Framework)
    return Site;
  Site.Kind = Fatal ? TestAssertion::Fatal : TestAssertion::NonFatal;
  // Written by the user where the macro is invoked, not in the framework's
  // definition (which hands its own code on to inner macros as arguments).
  Site.InArgument = SM.getFileID(SM.getSpellingLoc(Loc)) ==
                    SM.getFileID(SM.getExpansionLoc(Loc));
  return Site;
}

bool isTestBody(const FunctionDecl *F) {
  const ASTContext &Context = F->getASTContext();
  return testAssertionAt(F->getLocation(), Context.getSourceManager(),
                         Context.getLangOpts())
             .Kind != TestAssertion::None;
}

} // namespace clang::tidy::threadleak
