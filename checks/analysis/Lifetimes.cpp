//===--- Lifetimes.cpp - threadleak ---------------------------------------===//

#include "Lifetimes.h"
#include "Names.h"
#include "ThreadAnalysis.h"
#include "clang/Basic/SourceManager.h"
#include <array>

namespace clang::tidy::threadleak {

const CXXRecordDecl *owningClass(const ThreadLaunch &Launch) {
  const DeclContext *DC = Launch.Body;
  while (DC) {
    if (const auto *RD = dyn_cast<CXXRecordDecl>(DC); RD && !RD->isLambda())
      return RD;
    DC = DC->getParent();
  }
  return nullptr;
}

bool livesAsLongAsTheProcess(const CXXRecordDecl *Class,
                             const TranslationUnitIndex &Index,
                             ThreadAnalysis &Analysis) {
  if (const CXXDestructorDecl *Dtor = Class->getDestructor()) {
    if (Dtor->isDeleted())
      return true;
    if (const FunctionDecl *Def =
            analysableDefinition(Dtor, Analysis.context().getSourceManager())) {
      CallEnd End = Analysis.functionEnd(Def);
      if (End == CallEnd::Aborts || End == CallEnd::Exits)
        return true;
    }
  }
  const CXXRecordDecl *Canonical = Class->getCanonicalDecl();
  return Index.NeverDestroyedInstances.contains(Canonical) &&
         !Index.DestroyedInstances.contains(Canonical);
}

namespace {
/// A test framework's fixture base and the tear-down it always runs.
struct FixtureBase {
  llvm::StringRef Class;
  llvm::StringRef TearDown;
};
} // namespace

static constexpr std::array<FixtureBase, 3> FixtureBases{{
    {"testing::Test", "TearDown"},
    {"testing::Environment", "TearDown"},
    {"CppUnit::TestFixture", "tearDown"},
}};

/// The tear-down method of the framework base \p Class derives from, if
/// any: `testing::Test::TearDown`.
static const CXXMethodDecl *frameworkBaseTearDown(const CXXRecordDecl *Class,
                                                  unsigned Depth = 0) {
  if (!Class || !Class->hasDefinition() || Depth > 8)
    return nullptr;
  std::string Name = qualifiedName(Class);
  for (const FixtureBase &Base : FixtureBases)
    if (Name == Base.Class) {
      for (const CXXMethodDecl *Method : Class->methods())
        if (Method->getIdentifier() && Method->getName() == Base.TearDown &&
            Method->isVirtual() && Method->getNumParams() == 0)
          return Method;
      return nullptr;
    }
  for (const CXXBaseSpecifier &Base : Class->bases())
    if (const CXXMethodDecl *TearDown = frameworkBaseTearDown(
            Base.getType()->getAsCXXRecordDecl(), Depth + 1))
      return TearDown;
  return nullptr;
}

const CXXMethodDecl *frameworkTearDown(const CXXRecordDecl *Class) {
  if (!Class || !Class->hasDefinition())
    return nullptr;
  const CXXMethodDecl *Framework = frameworkBaseTearDown(Class);
  if (!Framework)
    return nullptr;
  const CXXMethodDecl *Overrider =
      Framework->getCorrespondingMethodInClass(Class);
  return Overrider && Overrider->getParent() != Framework->getParent()
             ? Overrider
             : nullptr;
}

} // namespace clang::tidy::threadleak
