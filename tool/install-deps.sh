#!/usr/bin/env bash
# Installs what threadleak needs on Debian 12 (bookworm) for the given LLVM
# versions (default: 19 22). Idempotent: already-installed packages are skipped.
set -euo pipefail
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(19 22)
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

pkgs=(cmake ninja-build python3 git)
# threadleak-ci and threadleak-pre-commit read clang-tidy's YAML; the tests
# run the real pre-commit framework and validate SARIF with jsonschema.
pkgs+=(python3-yaml pre-commit python3-jsonschema)
# The SARIF tests also need npm, for the validator below, and ICU, which
# that .NET program loads at start (Debian 12's libicu72).
pkgs+=(libicu72)
command -v npm >/dev/null || pkgs+=(npm)
# The test frameworks the run-time check integrates with (test/runtime/), and
# whose fixtures and assertions the checks know (test/checks/*-gtest.cpp,
# -catch2, -doctest, -boost, -frameworks).
pkgs+=(libgtest-dev catch2 doctest-dev libboost-test-dev
         libcppunit-dev)
# bench/compare.py runs threadleak beside the tools a user would pick
# instead: cppcheck, and Valgrind's Helgrind on g++ builds (ThreadSanitizer,
# clang-tidy and the Clang Static Analyzer come with the LLVM packages).
pkgs+=(cppcheck valgrind g++)
for v in "${versions[@]}"; do
  pkgs+=("clang-$v" "llvm-$v-dev" "libclang-$v-dev" "llvm-$v-tools"
         "clang-tidy-$v" "clangd-$v" "libclang-rt-$v-dev")
  # tool/lint.sh checks formatting with clang-format-19 whichever LLVM it
  # builds against, so that both builds agree on what is formatted.
  [ "$v" != 19 ] || pkgs+=(clang-format-19)
done

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
    missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Microsoft's SARIF Multitool, the validator GitHub code scanning points to;
# its npm package also ships the SARIF 2.1.0 JSON schema (sarif-2.1.0.json)
# that the tests check threadleak-ci's logs against with python3-jsonschema.
# test/lit.cfg.py looks for it here.
sarif_tools=/usr/local/lib/threadleak-test-tools
sarif_multitool=$sarif_tools/node_modules/@microsoft/sarif-multitool-linux
if [ ! -f "$sarif_multitool/sarif-2.1.0.json" ]; then
  $sudo npm install --no-save --no-audit --no-fund --loglevel=error \
    --prefix "$sarif_tools" @microsoft/sarif-multitool-linux@5.7.0
  $sudo chmod a+rx "$sarif_multitool/Sarif.Multitool"
fi
