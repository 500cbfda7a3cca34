// Linked into a whole program (an example of examples/) to check it at run
// time without changing it: a namespace-scope guard takes its snapshot
// before main() and verifies when the program exits, so every thread the
// program started must have ended by then. On a leak it prints the report
// and aborts.
#include "threadleak/verify.h"

#include <chrono>

namespace {
// The leaked threads of the examples never end; the safe ones are joined
// before main() returns, so the grace period is only spent on a leak.
const threadleak::ThreadLeakGuard AtExit(threadleak::VerifyOptions{
    std::chrono::milliseconds(200), {}});
} // namespace
