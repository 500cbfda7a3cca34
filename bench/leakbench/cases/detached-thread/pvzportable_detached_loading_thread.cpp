// CASE: game app base starts its resource-loading thread as a detached std::thread and tracks completion with a flag; quitting during loading tears down the resource manager while the detached loader keeps running
// SOURCE: https://github.com/wszqkzqk/PvZ-Portable/pull/359  (wszqkzqk/PvZ-Portable pull request 359)
// FIX: keep the loading thread as a member and join it in WaitForLoadingThread, which the shutdown path calls before subsystem teardown
// EXPECT-RUNTIME: leak
#include "oracle.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace Sexy {

class ResourceManager {
 public:
  bool LoadNextResource(size_t i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));  // decode one atlas
    return i + 1 < mGroups.size();
  }
  void Teardown() { mGroups.clear(); }

  std::vector<std::string> mGroups{"Init", "LoaderBar", "LoadingFonts", "LoadingImages", "LoadingSounds",
                                   "DelayLoad_Background1", "DelayLoad_Zombatar", "DelayLoad_Almanac",
                                   "DelayLoad_Store", "DelayLoad_AwardScreen", "DelayLoad_ChallengeScreen",
                                   "DelayLoad_Credits"};
};

class SexyAppBase {
 public:
  void StartLoadingThread() {
    mLoadingThreadStarted = true;
    std::thread(&SexyAppBase::LoadingThreadProc, this).detach();  // LEAK(detached-thread)
  }

  void Shutdown() {
    mShutdown = true;
    mResourceManager->Teardown();
    delete mResourceManager;
    mResourceManager = nullptr;
  }

 private:
  void LoadingThreadProc() {
    ResourceManager* rm = mResourceManager;  // loader keeps its own pointer
    for (size_t i = 0; rm->LoadNextResource(i); ++i) {
    }
    mLoadingThreadCompleted = true;
  }

 public:
  ResourceManager* mResourceManager = new ResourceManager;
  std::atomic<bool> mLoadingThreadStarted{false};
  std::atomic<bool> mLoadingThreadCompleted{false};
  std::atomic<bool> mShutdown{false};
};

}  // namespace Sexy

int main() {
  static Sexy::SexyAppBase app;
  app.StartLoadingThread();
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  std::printf("user closed the window during loading\n");
  // Shutdown() would free the resource manager under the loader; the port exits here first
  oracle_exit();
}
