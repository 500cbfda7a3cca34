//===- threadleak/verify_catch2.h - Thread leak check for Catch2 ---------===//
//
// Fails every Catch2 test case that leaves a thread running. Catch2 v2 (the
// single header <catch2/catch.hpp>, Debian 12's catch2 2.13). A test case
// with sections runs once per leaf section: each run is checked on its own,
// from its start to the end of its last section. The failure is reported at
// the TEST_CASE line and counts as a failed assertion of that test case.
//
// Include it before <catch2/catch.hpp> (it defines
// CATCH_CONFIG_EXTERNAL_INTERFACES, which the listener's base class needs)
// and use it once in the test binary, at namespace scope:
//
//   THREADLEAK_VERIFY_CATCH2();
//
// Other options than the defaults: register a subclass that overrides
// options(),
//
//   struct LeakCheck : threadleak::Catch2Listener {
//     using Catch2Listener::Catch2Listener;
//     threadleak::VerifyOptions options() const override { ... }
//   };
//   CATCH_REGISTER_LISTENER(LeakCheck)
//
//===----------------------------------------------------------------------===//

#ifndef THREADLEAK_VERIFY_CATCH2_H
#define THREADLEAK_VERIFY_CATCH2_H

#include "threadleak/verify.h"

// The listener base classes are only declared with the external interfaces.
#if defined(TWOBLUECUBES_SINGLE_INCLUDE_CATCH_HPP_INCLUDED) &&                 \
    !defined(CATCH_CONFIG_EXTERNAL_INTERFACES)
#error                                                                         \
    "include threadleak/verify_catch2.h before <catch2/catch.hpp>, or define CATCH_CONFIG_EXTERNAL_INTERFACES before including it"
#endif
#ifndef CATCH_CONFIG_EXTERNAL_INTERFACES
#define CATCH_CONFIG_EXTERNAL_INTERFACES
#endif
#include <catch2/catch.hpp>

#if CATCH_VERSION_MAJOR != 2
#error "threadleak/verify_catch2.h supports Catch2 v2 (<catch2/catch.hpp>) only"
#endif

namespace threadleak {

class Catch2Listener : public Catch::TestEventListenerBase {
public:
  using TestEventListenerBase::TestEventListenerBase;

  /// The options of every check.
  virtual VerifyOptions options() const { return {}; }

  // The outermost section is the test case itself: Catch2 opens it before
  // the test body and closes it after the body and every nested section,
  // before it counts the test case as passed or failed.
  void sectionStarting(const Catch::SectionInfo &Section) override {
    if (OpenSections++ == 0)
      Before = ThreadSnapshot::take();
    TestEventListenerBase::sectionStarting(Section);
  }

  void sectionEnded(const Catch::SectionStats &Stats) override {
    TestEventListenerBase::sectionEnded(Stats);
    if (--OpenSections != 0)
      return;
    const VerifyResult Result = verifyNoNewThreads(Before, options());
    if (Result)
      return;
    // What FAIL_CHECK does, at the test case's line instead of this one.
    Catch::AssertionHandler Failure(
        "THREADLEAK_VERIFY_CATCH2", Stats.sectionInfo.lineInfo,
        Catch::StringRef(), Catch::ResultDisposition::ContinueOnFailure);
    Failure.handleMessage(Catch::ResultWas::ExplicitFailure, Result.message());
    Failure.complete();
  }

private:
  int OpenSections = 0;
  ThreadSnapshot Before = ThreadSnapshot::take();
};

} // namespace threadleak

/// Registers the check, with the default options, for every test case.
/// (CATCH_REGISTER_LISTENER pastes its argument into a name, so it cannot
/// take a qualified one.)
#define THREADLEAK_VERIFY_CATCH2()                                             \
  namespace {                                                                  \
  const ::Catch::ListenerRegistrar<::threadleak::Catch2Listener>               \
      ThreadleakCatch2ListenerRegistrar;                                       \
  }                                                                            \
  static_assert(true, "a semicolon after THREADLEAK_VERIFY_CATCH2()")

#endif // THREADLEAK_VERIFY_CATCH2_H
