# lit configuration of the threadleak tests. The build directory's
# lit.site.cfg.py (generated from lit.site.cfg.py.in) sets the tool paths and
# then loads this file.
# -*- Python -*-

import os
import shlex
import sys

import lit.formats

if not hasattr(config, "threadleak_src_root"):
    # lit was pointed at the source tree: load a build's site config, from
    # `lit -Dbuild=DIR` or $THREADLEAK_BUILD (default: <repo>/build).
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    build = lit_config.params.get("build") or os.environ.get("THREADLEAK_BUILD") or "build"
    site = os.path.join(repo, build, "test", "lit.site.cfg.py")
    if not os.path.exists(site):
        lit_config.fatal(
            "no %s: configure a build first, then run lit on <build>/test, or "
            "pass -Dbuild=<build dir> (or set THREADLEAK_BUILD)" % site)
    lit_config.load_config(config, site)
    # The site config loaded this file again with everything set; stop here.
    raise SystemExit

config.name = "threadleak-llvm%s" % config.llvm_version
config.test_format = lit.formats.ShTest(execute_external=False)
# The interpreter running lit, by its real path: a pyenv shim on PATH costs
# ~0.4 s per call.
config.python = sys.executable
config.suffixes = [".cpp", ".test", ".c"]
# Inputs/ holds headers and data used by the tests, not tests.
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(os.path.abspath(__file__))

llvm_bin = os.path.join(config.llvm_prefix, "bin")
# FileCheck, not and count of the LLVM under test come first: the unversioned
# clang tools elsewhere on PATH are another LLVM.
config.environment["PATH"] = os.pathsep.join(
    [llvm_bin, config.environment.get("PATH", os.environ.get("PATH", ""))])

other_version = {"19": "22", "22": "19"}.get(config.llvm_version, "")
other_clang_tidy = "/usr/bin/clang-tidy-" + other_version
clang_tidy = "/usr/bin/clang-tidy-" + config.llvm_version
if not os.path.exists(clang_tidy):
    clang_tidy = os.path.join(llvm_bin, "clang-tidy")
clangxx = os.path.join(llvm_bin, "clang++")

runner = [
    config.python,
    os.path.join(config.test_source_root, "check_clang_tidy.py"),
    "--clang-tidy=" + clang_tidy,
    "--plugin=" + config.plugin,
    "--threadleak-tidy=" + config.threadleak_tidy,
    "--clangxx=" + clangxx,
    "--filecheck=" + os.path.join(llvm_bin, "FileCheck"),
    "--libcxx-include=" + config.libcxx_include,
    "--llvm-version=" + config.llvm_version,
]
if lit_config.params.get("quick"):
    runner.append("--quick")
    # For tests that count the combinations of the full matrix.
    config.available_features.add("quick")
if lit_config.params.get("first_mode"):
    runner.append("--first-mode")
    config.available_features.add("first-mode")

sarif_multitool = ("/usr/local/lib/threadleak-test-tools/node_modules/"
                   "@microsoft/sarif-multitool-linux")

# lit applies its own %s, %S, %t after these, so %threadleak_tidy is not
# read as %t followed by text.
config.substitutions += [
    ("%check_clang_tidy", shlex.join(runner)),
    ("%other_clang_tidy", other_clang_tidy),
    ("%threadleak_clangd", config.threadleak_clangd or "threadleak-clangd-not-built"),
    ("%threadleak_tidy", config.threadleak_tidy),
    ("%libcxx_include", config.libcxx_include),
    ("%llvm_version", config.llvm_version),
    ("%clang_tidy", clang_tidy),
    ("%clangxx", clangxx),
    ("%plugin", config.plugin),
    ("%python", config.python),
    ("%src_root", config.threadleak_src_root),
    # test/integration: the scripts users run, the build directory (for
    # cpack), Debian's python3 (with python3-jsonschema), and the SARIF
    # validator and schema tool/install-deps.sh installs.
    ("%threadleak_ci", os.path.join(config.threadleak_src_root, "tool", "threadleak-ci")),
    ("%threadleak_pre_commit",
     os.path.join(config.threadleak_src_root, "tool", "threadleak-pre-commit")),
    ("%threadleak_build", os.path.dirname(config.test_exec_root)),
    ("%system_python", "/usr/bin/python3"),
    ("%sarif_multitool", os.path.join(sarif_multitool, "Sarif.Multitool")),
    ("%sarif_schema", os.path.join(sarif_multitool, "sarif-2.1.0.json")),
    # test/runtime: the header-only verify library.
    ("%threadleak_runtime_include",
     os.path.join(config.threadleak_src_root, "runtime", "include")),
]

config.available_features.add("llvm-" + config.llvm_version)
if config.threadleak_clangd:
    config.available_features.add("threadleak-clangd")
if other_version and os.path.exists(other_clang_tidy):
    config.available_features.add("other-clang-tidy")
# The test frameworks the runtime integrations and the checks' test-framework
# rules are tested with (tool/install-deps.sh installs all four).
if os.path.exists("/usr/include/gtest/gtest.h"):
    config.available_features.add("gtest")
if os.path.exists("/usr/include/catch2/catch.hpp"):
    config.available_features.add("catch2")
if os.path.exists("/usr/include/doctest/doctest.h"):
    config.available_features.add("doctest")
if os.path.exists("/usr/include/boost/test/included/unit_test.hpp"):
    config.available_features.add("boost-test")
if os.path.exists("/usr/include/cppunit/TestFixture.h"):
    config.available_features.add("cppunit")
