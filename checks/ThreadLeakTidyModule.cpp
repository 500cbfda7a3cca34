//===--- ThreadLeakTidyModule.cpp - threadleak clang-tidy module ----------===//
//
// Registers every threadleak check. A check is listed here only when it is
// complete: implemented, tested and documented.
//
//===----------------------------------------------------------------------===//

#include "AbandonedWorkerOnTimeoutCheck.h"
#include "BlockingWaitWithoutDeadlineCheck.h"
#include "DetachedThreadCheck.h"
#include "ExceptionUnsafeCompletionCheck.h"
#include "InfiniteLoopWithoutCancellationCheck.h"
#include "LostWakeupCheck.h"
#include "UnboundedThreadCreationCheck.h"
#include "UnjoinedThreadCheck.h"
#include "UnobservedStopTokenCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "llvm/Config/llvm-config.h"
#if LLVM_VERSION_MAJOR < 22
// LLVM 22 moved the registry into ClangTidyModule.h and deprecated this one.
#include "clang-tidy/ClangTidyModuleRegistry.h"
#endif

namespace clang::tidy {
namespace threadleak {
namespace {

class ThreadLeakModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &CheckFactories) override {
    CheckFactories.registerCheck<AbandonedWorkerOnTimeoutCheck>(
        "threadleak-abandoned-worker-on-timeout");
    CheckFactories.registerCheck<BlockingWaitWithoutDeadlineCheck>(
        "threadleak-blocking-wait-without-deadline");
    CheckFactories.registerCheck<DetachedThreadCheck>(
        "threadleak-detached-thread");
    CheckFactories.registerCheck<ExceptionUnsafeCompletionCheck>(
        "threadleak-exception-unsafe-completion");
    CheckFactories.registerCheck<InfiniteLoopWithoutCancellationCheck>(
        "threadleak-infinite-loop-without-cancellation");
    CheckFactories.registerCheck<LostWakeupCheck>("threadleak-lost-wakeup");
    CheckFactories.registerCheck<UnboundedThreadCreationCheck>(
        "threadleak-unbounded-thread-creation");
    CheckFactories.registerCheck<UnjoinedThreadCheck>(
        "threadleak-unjoined-thread");
    CheckFactories.registerCheck<UnobservedStopTokenCheck>(
        "threadleak-unobserved-stop-token");
  }
};

} // namespace
} // namespace threadleak

// The registration idiom of every clang-tidy module.
// NOLINTBEGIN(bugprone-throwing-static-initialization)
static ClangTidyModuleRegistry::Add<threadleak::ThreadLeakModule>
    X("threadleak-module", "Checks that find threads which never exit.");
// NOLINTEND(bugprone-throwing-static-initialization)

// Referenced by the threadleak-tidy and threadleak-clangd entry points so that
// the static linker keeps this module's registration.
// NOLINTNEXTLINE(misc-use-internal-linkage)
volatile int ThreadLeakModuleAnchorSource = 0;

} // namespace clang::tidy
