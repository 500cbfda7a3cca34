// CASE: Thunder-style service plugin starts a detached std::thread in Initialize() that polls the device state forever; Deinitialize() returns and the framework unloads the plugin while the detached poller still runs plugin code
// SOURCE: https://github.com/rdkcentral/rdkservices/issues/4089  (rdkcentral/rdkservices issue 4089)
// FIX: (issue) do not use detach(): keep the thread joinable and stop and join it in Deinitialize before the library is unloaded
// EXPECT-RUNTIME: leak
#include "oracle.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <thread>

namespace WPEFramework {
namespace Plugin {

class IPlugin {
 public:
  virtual ~IPlugin() = default;
  virtual std::string Initialize() = 0;
  virtual void Deinitialize() = 0;
};

class DisplaySettings : public IPlugin {
 public:
  std::string Initialize() override {
    std::thread([this]() {
      while (true) {
        PollHdmiHotplug();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }).detach();  // LEAK(detached-thread)
    return {};
  }

  void Deinitialize() override { std::printf("DisplaySettings deinitialized\n"); }

  int polls() const { return _polls.load(); }

 private:
  void PollHdmiHotplug() { _polls.fetch_add(1); }

  std::atomic<int> _polls{0};
};

}  // namespace Plugin
}  // namespace WPEFramework

int main() {
  using namespace WPEFramework::Plugin;
  static std::map<std::string, std::unique_ptr<IPlugin>> loaded;
  loaded["DisplaySettings"] = std::make_unique<DisplaySettings>();
  auto* plugin = static_cast<DisplaySettings*>(loaded["DisplaySettings"].get());
  plugin->Initialize();
  while (plugin->polls() < 3) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  plugin->Deinitialize();
  // the framework would now dlclose() the plugin library
  oracle_exit();
}
