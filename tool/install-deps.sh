#!/usr/bin/env bash
# Installs what threadleak needs on Debian 12 (bookworm) for the given LLVM
# versions (default: 19 22). Idempotent: already-installed packages are skipped.
set -euo pipefail
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(19 22)

pkgs=(cmake ninja-build python3 git)
# The test frameworks the run-time check integrates with (test/runtime/).
pkgs+=(libgtest-dev catch2)
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
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
