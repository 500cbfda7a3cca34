// Catch2's main() and implementation, compiled once for the Catch2 tests.
// Wide enough that Catch2 does not wrap the report's lines.
#define CATCH_CONFIG_CONSOLE_WIDTH 300
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
