//===--- Lifetimes.cpp - threadleak ---------------------------------------===//

#include "Lifetimes.h"
#include "ThreadAnalysis.h"
#include "clang/Basic/SourceManager.h"

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

} // namespace clang::tidy::threadleak
