#!/usr/bin/env bash
# Usage: make-hook-repo.sh INPUTS DEST
# A git repository at DEST with one commit (a README, a .clang-tidy) and, in DEST/build (not
# committed), a compile database for src/leak.cpp, "src/with space.cpp" and
# src/clean.cpp, none of which exists yet.
set -euo pipefail
inputs=$1
dest=$2
mkdir -p "$dest/build" "$dest/src"
sed "s|@ROOT@|$dest|g" "$inputs/hook-project.json" > "$dest/build/compile_commands.json"
git -C "$dest" init -q -b main
echo /build/ > "$dest/.gitignore"
echo "A project with a pre-commit hook." > "$dest/README"
# Its own clang-tidy configuration, which also keeps the threadleak
# repository's root .clang-tidy (above the tests' directories) out.
cp "$inputs/ci-project/.clang-tidy" "$dest/.clang-tidy"
git -C "$dest" add -A
git -C "$dest" commit -q -m "the project"
