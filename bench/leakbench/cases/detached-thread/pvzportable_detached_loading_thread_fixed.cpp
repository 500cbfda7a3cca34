// CASE: game app base keeps its resource-loading thread as a member; shutdown asks the loader to stop, joins it in WaitForLoadingThread, and only then tears down the resource manager
// SOURCE: https://github.com/wszqkzqk/PvZ-Portable/pull/359  (wszqkzqk/PvZ-Portable pull request 359)
// FIX: keep the loading thread as a member and join it in WaitForLoadingThread, which the shutdown path calls before subsystem teardown
// EXPECT-RUNTIME: clean
// SAFE: the loader checks mShutdown between resources and Shutdown joins it before deleting the resource manager
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
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
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
    mLoadingThread = std::thread(&SexyAppBase::LoadingThreadProc, this);
  }

  void WaitForLoadingThread() {
    if (mLoadingThread.joinable()) mLoadingThread.join();
  }

  void Shutdown() {
    mShutdown = true;
    WaitForLoadingThread();
    mResourceManager->Teardown();
    delete mResourceManager;
    mResourceManager = nullptr;
  }

 private:
  void LoadingThreadProc() {
    for (size_t i = 0; !mShutdown && mResourceManager->LoadNextResource(i); ++i) {
    }
    mLoadingThreadCompleted = true;
  }

 public:
  ResourceManager* mResourceManager = new ResourceManager;
  std::atomic<bool> mLoadingThreadStarted{false};
  std::atomic<bool> mLoadingThreadCompleted{false};
  std::atomic<bool> mShutdown{false};
  std::thread mLoadingThread;
};

}  // namespace Sexy

int main() {
  Sexy::SexyAppBase app;
  app.StartLoadingThread();
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  std::printf("user closed the window during loading\n");
  app.Shutdown();
  oracle_exit();
}
