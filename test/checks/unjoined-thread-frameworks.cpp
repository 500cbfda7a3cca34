// REQUIRES: gtest, catch2, doctest, boost-test, cppunit
// RUN: %check_clang_tidy -std=c++17 -check-suffix=GTEST %s threadleak-unjoined-thread %t -- -- -pthread -DGTEST
// RUN: %check_clang_tidy -std=c++17 -check-suffix=CATCH2 %s threadleak-unjoined-thread %t -- -- -pthread -DCATCH2
// RUN: %check_clang_tidy -std=c++17 -check-suffix=DOCTEST %s threadleak-unjoined-thread %t -- -- -pthread -DDOCTEST
// RUN: %check_clang_tidy -std=c++17 -stdlib=libstdc++-only -check-suffix=BOOST %s threadleak-unjoined-thread %t -- -- -pthread -DBOOST
// RUN: %check_clang_tidy -std=c++17 -check-suffix=CPPUNIT %s threadleak-unjoined-thread %t -- -- -pthread -DCPPUNIT

// What a test framework always runs before a fixture's destructor is part
// of its destruction: GoogleTest's TearDown() and CppUnit's tearDown().
// Catch2, doctest and Boost.Test fixtures are plain classes, torn down by
// their destructor. Each framework's real header, one per run.

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

struct Server {
  void listen();
  void stop();
};

#if defined(GTEST)
#include <gtest/gtest.h>

// ===== GoogleTest: TearDown joins =====

class ServerTest : public ::testing::Test {
protected:
  void SetUp() override {
    Worker = std::thread([this] { Svr.listen(); });
  }
  void TearDown() override {
    Svr.stop();
    Worker.join();
  }
  Server Svr;
  std::thread Worker;
};
TEST_F(ServerTest, Serves) { ASSERT_TRUE(true); }

// Written as cpp-httplib does: `virtual`, no `override`, a guard.
class GuardedTearDown : public ::testing::Test {
protected:
  virtual void SetUp() { Worker = std::thread([this] { Svr.listen(); }); }
  virtual void TearDown() {
    Svr.stop();
    if (Worker.joinable())
      Worker.join();
  }
  Server Svr;
  std::thread Worker;
};
TEST_F(GuardedTearDown, Serves) {}

// TestWithParam<T> derives from ::testing::Test; the join is in a helper.
class ParamServerTest : public ::testing::TestWithParam<int> {
protected:
  void SetUp() override { Worker = std::thread([this] { Svr.listen(); }); }
  void TearDown() override { stopServer(); }
  void stopServer() {
    Svr.stop();
    Worker.join();
  }
  Server Svr;
  std::thread Worker;
};
TEST_P(ParamServerTest, Serves) {}
INSTANTIATE_TEST_SUITE_P(Ports, ParamServerTest, ::testing::Values(1, 2));

// The tear-down is inherited from a fixture base of the project's own.
class ServerFixtureBase : public ::testing::Test {
protected:
  void TearDown() override {
    if (Worker.joinable())
      Worker.join();
  }
  void start() { Worker = std::thread([this] { Svr.listen(); }); }
  Server Svr;
  std::thread Worker;
};
class DerivedServerTest : public ServerFixtureBase {
protected:
  void SetUp() override { start(); }
};
TEST_F(DerivedServerTest, Serves) {}

// A class template fixture, instantiated.
template <typename T> class TypedServerTest : public ::testing::Test {
protected:
  void SetUp() override { Worker = std::thread([this] { Svr.listen(); }); }
  void TearDown() override { Worker.join(); }
  Server Svr;
  T Value{};
  std::thread Worker;
};
using IntServerTest = TypedServerTest<int>;
TEST_F(IntServerTest, Serves) {}

// A global environment, torn down after all tests.
class ServerEnvironment : public ::testing::Environment {
public:
  void SetUp() override { Worker = std::thread([this] { Svr.listen(); }); }
  void TearDown() override { Worker.join(); }

private:
  Server Svr;
  std::thread Worker;
};

// The tear-down written by a macro.
#define JOIN_ON_TEAR_DOWN(Thread)                                              \
  void TearDown() override { Thread.join(); }
class MacroTearDown : public ::testing::Test {
protected:
  void SetUp() override { Worker = std::thread([this] { Svr.listen(); }); }
  JOIN_ON_TEAR_DOWN(Worker)
  Server Svr;
  std::thread Worker;
};
TEST_F(MacroTearDown, Serves) {}

// Started in the test body, joined in TearDown.
class BodyStarted : public ::testing::Test {
protected:
  void TearDown() override {
    if (Worker.joinable())
      Worker.join();
  }
  Server Svr;
  std::thread Worker;
};
TEST_F(BodyStarted, Serves) {
  Worker = std::thread([this] { Svr.listen(); });
  ASSERT_TRUE(true);
}

// ===== GoogleTest: TearDown does not join =====

class StopsButNeverJoins : public ::testing::Test {
protected:
  void SetUp() override { Worker = std::thread([this] { Svr.listen(); }); }
  void TearDown() override { Svr.stop(); }
  Server Svr;
  std::thread Worker;
  // CHECK-MESSAGES-GTEST: :[[@LINE-1]]:15: warning: the implicit destructor of 'StopsButNeverJoins' never joins or detaches the std::thread in member 'Worker'; destroying a joinable std::thread calls std::terminate; join 'Worker' in the destructor [threadleak-unjoined-thread]
  // CHECK-MESSAGES-GTEST: :[[@LINE-5]]:27: note: thread started here
  // CHECK-MESSAGES-GTEST: :[[@LINE-5]]:8: note: 'TearDown', which the test framework runs before the destructor, does not join 'Worker' either
};
TEST_F(StopsButNeverJoins, Serves) {}

// TearDown joins the other thread only.
class JoinsTheOtherOne : public ::testing::Test {
protected:
  void SetUp() override {
    Client = std::thread([] {});
    Listener = std::thread([this] { Svr.listen(); });
  }
  void TearDown() override { Client.join(); }
  Server Svr;
  std::thread Client;
  std::thread Listener;
  // CHECK-MESSAGES-GTEST: :[[@LINE-1]]:15: warning: the implicit destructor of 'JoinsTheOtherOne' never joins or detaches the std::thread in member 'Listener'; {{.*}}
};
TEST_F(JoinsTheOtherOne, Serves) {}

// Not a fixture: a method called TearDown is only a method.
class NotAFixture {
public:
  void start() { Worker = std::thread([this] { Svr.listen(); }); }
  void TearDown() { Worker.join(); }

private:
  Server Svr;
  std::thread Worker;
  // CHECK-MESSAGES-GTEST: :[[@LINE-1]]:15: warning: the implicit destructor of 'NotAFixture' never joins or detaches the std::thread in member 'Worker'; {{.*}}
  // CHECK-MESSAGES-GTEST: :[[@LINE-6]]:8: note: 'Worker' is joined only in 'TearDown', which the destructor does not call
};

// TearDown skips the join once the thread has said it finished.
class SkipsJoinOnFlag : public ::testing::Test {
protected:
  void SetUp() override {
    Worker = std::thread([this] {
      Svr.listen();
      Running = false;
    });
  }
  void TearDown() override {
    if (!Running)
      return;
    Svr.stop();
    Worker.join();
  }
  Server Svr;
  std::atomic<bool> Running{true};
  std::thread Worker;
  // CHECK-MESSAGES-GTEST: :[[@LINE-1]]:15: warning: the tear-down of 'SkipsJoinOnFlag' skips the join of 'Worker' on 'Running', which the thread itself writes: {{.*}}
};
TEST_F(SkipsJoinOnFlag, Serves) {}

// ===== GoogleTest: detached threads that use the fixture =====

class WaitsInTearDown : public ::testing::Test {
protected:
  void TearDown() override {
    std::unique_lock<std::mutex> Lock(M);
    Cv.wait(Lock, [this] { return Done; });
  }
  void finish() {
    std::lock_guard<std::mutex> Lock(M);
    Done = true;
    Cv.notify_all();
  }
  void startDetached() {
    std::thread([this] { finish(); }).detach();
  }
  std::mutex M;
  std::condition_variable Cv;
  bool Done = false;
};
TEST_F(WaitsInTearDown, Finishes) { startDetached(); }

class DoesNotWaitInTearDown : public ::testing::Test {
protected:
  void TearDown() override { Done = false; }
  void startDetached() {
    std::thread([this] { Done = true; }).detach();
    // CHECK-MESSAGES-GTEST: :[[@LINE-1]]:42: warning: detached thread uses 'this' of 'DoesNotWaitInTearDown', whose implicit destructor does not wait for it: {{.*}}
  }
  bool Done = false;
};
TEST_F(DoesNotWaitInTearDown, Finishes) { startDetached(); }

#elif defined(CATCH2)
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

// ===== Catch2: the fixture's destructor is its tear-down =====

struct CatchServerFixture {
  CatchServerFixture() : Worker([this] { Svr.listen(); }) {}
  ~CatchServerFixture() {
    Svr.stop();
    Worker.join();
  }
  Server Svr;
  std::thread Worker;
};
TEST_CASE_METHOD(CatchServerFixture, "serves") { REQUIRE(true); }

// Started in the test body, joined by the destructor.
struct CatchBodyStarted {
  ~CatchBodyStarted() {
    if (Worker.joinable())
      Worker.join();
  }
  Server Svr;
  std::thread Worker;
};
TEST_CASE_METHOD(CatchBodyStarted, "serves from the body") {
  Worker = std::thread([this] { Svr.listen(); });
  REQUIRE(true);
}

struct CatchNeverJoins {
  CatchNeverJoins() : Worker([this] { Svr.listen(); }) {}
  Server Svr;
  std::thread Worker;
  // CHECK-MESSAGES-CATCH2: :[[@LINE-1]]:15: warning: the implicit destructor of 'CatchNeverJoins' never joins or detaches the std::thread in member 'Worker'; {{.*}}
};
TEST_CASE_METHOD(CatchNeverJoins, "leaks") { REQUIRE(true); }

#elif defined(DOCTEST)
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

// ===== doctest: the fixture's destructor is its tear-down =====

struct DoctestServerFixture {
  DoctestServerFixture() : Worker([this] { Svr.listen(); }) {}
  ~DoctestServerFixture() {
    Svr.stop();
    Worker.join();
  }
  Server Svr;
  std::thread Worker;
};
TEST_CASE_FIXTURE(DoctestServerFixture, "serves") { REQUIRE(true); }

struct DoctestBodyStarted {
  ~DoctestBodyStarted() {
    if (Worker.joinable())
      Worker.join();
  }
  Server Svr;
  std::thread Worker;
};
TEST_CASE_FIXTURE(DoctestBodyStarted, "serves from the body") {
  Worker = std::thread([this] { Svr.listen(); });
}

struct DoctestNeverJoins {
  DoctestNeverJoins() : Worker([this] { Svr.listen(); }) {}
  Server Svr;
  std::thread Worker;
  // CHECK-MESSAGES-DOCTEST: :[[@LINE-1]]:15: warning: the implicit destructor of 'DoctestNeverJoins' never joins or detaches the std::thread in member 'Worker'; {{.*}}
};
TEST_CASE_FIXTURE(DoctestNeverJoins, "leaks") {}

#elif defined(BOOST)
// Boost 1.74 uses std::unary_function, which libc++ removes in C++17: this
// run is libstdc++ only.
#define BOOST_TEST_MODULE threads
#include <boost/test/included/unit_test.hpp>

// ===== Boost.Test: the fixture's destructor is its tear-down =====

struct BoostServerFixture {
  BoostServerFixture() : Worker([this] { Svr.listen(); }) {}
  ~BoostServerFixture() {
    Svr.stop();
    Worker.join();
  }
  Server Svr;
  std::thread Worker;
};
BOOST_FIXTURE_TEST_CASE(serves, BoostServerFixture) { BOOST_REQUIRE(true); }

struct BoostBodyStarted {
  ~BoostBodyStarted() {
    if (Worker.joinable())
      Worker.join();
  }
  Server Svr;
  std::thread Worker;
};
BOOST_FIXTURE_TEST_CASE(serves_from_the_body, BoostBodyStarted) {
  Worker = std::thread([this] { Svr.listen(); });
}

struct BoostNeverJoins {
  BoostNeverJoins() : Worker([this] { Svr.listen(); }) {}
  Server Svr;
  std::thread Worker;
  // CHECK-MESSAGES-BOOST: :[[@LINE-1]]:15: warning: the implicit destructor of 'BoostNeverJoins' never joins or detaches the std::thread in member 'Worker'; {{.*}}
};
BOOST_FIXTURE_TEST_CASE(leaks, BoostNeverJoins) {}

#elif defined(CPPUNIT)
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>

// ===== CppUnit: tearDown joins =====

class CppUnitServerTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CppUnitServerTest);
  CPPUNIT_TEST(serves);
  CPPUNIT_TEST_SUITE_END();

public:
  void setUp() override { Worker = std::thread([this] { Svr.listen(); }); }
  void tearDown() override {
    Svr.stop();
    Worker.join();
  }
  void serves() { CPPUNIT_ASSERT(true); }

private:
  Server Svr;
  std::thread Worker;
};
CPPUNIT_TEST_SUITE_REGISTRATION(CppUnitServerTest);

class CppUnitNeverJoins : public CppUnit::TestFixture {
public:
  void setUp() override { Worker = std::thread([this] { Svr.listen(); }); }
  void tearDown() override { Svr.stop(); }

private:
  Server Svr;
  std::thread Worker;
  // CHECK-MESSAGES-CPPUNIT: :[[@LINE-1]]:15: warning: the implicit destructor of 'CppUnitNeverJoins' never joins or detaches the std::thread in member 'Worker'; {{.*}}
  // CHECK-MESSAGES-CPPUNIT: :[[@LINE-6]]:8: note: 'tearDown', which the test framework runs before the destructor, does not join 'Worker' either
};
#endif
