#!/usr/bin/env bash
# Usage: make-ci-project.sh INPUTS DEST
# Copies INPUTS/ci-project to DEST with its compile database in DEST/build,
# as a git repository with one commit (for --changed-since).
set -euo pipefail
inputs=$1
dest=$2
cp -R "$inputs/ci-project" "$dest"
mkdir -p "$dest/build"
sed "s|@ROOT@|$dest|g" "$inputs/ci-project.json" > "$dest/build/compile_commands.json"
git -C "$dest" init -q -b main
echo /build/ > "$dest/.gitignore"
git -C "$dest" add -A
git -C "$dest" commit -q -m "the project"
