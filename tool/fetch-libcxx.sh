#!/usr/bin/env bash
# Usage: tool/fetch-libcxx.sh NN DEST
#
# Unpacks Debian's libc++ NN headers into DEST without installing them:
# libc++-19-dev and libc++-22-dev conflict, and the tests need the libc++ of
# the LLVM version under test whichever one (if any) is installed.
# Prints the libc++ include directory (DEST/usr/lib/llvm-NN/include/c++/v1).
# Idempotent: a DEST that already holds the headers is left alone.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 LLVM_MAJOR DEST" >&2
  exit 2
fi
version=$1
dest=$2
include="$dest/usr/lib/llvm-$version/include/c++/v1"
# A stamp written last: an interrupted run leaves no stamp and is redone.
stamp="$dest/.libcxx-$version.stamp"
if [ -f "$stamp" ] && [ -f "$include/__config_site" ]; then
  echo "$include"
  exit 0
fi

mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
include="$dest/usr/lib/llvm-$version/include/c++/v1"
stamp="$dest/.libcxx-$version.stamp"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# apt-get download runs as the _apt user when it can; a world-writable
# directory keeps it from warning about an unsandboxed download.
chmod 777 "$work"
pkgs=("libc++-$version-dev" "libc++abi-$version-dev")
download() { (cd "$work" && apt-get download -q "${pkgs[@]}") >&2; }
if ! download; then
  # A fresh machine has no package lists yet.
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  download
fi
for deb in "$work"/*.deb; do
  dpkg -x "$deb" "$dest"
done
[ -f "$include/__config_site" ] || {
  echo "$0: no libc++ headers at $include after unpacking" >&2
  exit 1
}
touch "$stamp"
echo "$include"
