#!/bin/sh
# Configure and build one flavour of nea.
#   deploy/build.sh [DIR] [extra cmake args...]   (DIR defaults to build)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-build}
[ $# -gt 0 ] && shift
cd "$top"
cmake -S . -B "$dir" -G Ninja "$@" >"$dir.cmake.log" 2>&1 || { cat "$dir.cmake.log"; exit 1; }
rm -f "$dir.cmake.log"
ninja -C "$dir"
