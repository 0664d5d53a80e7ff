#!/bin/sh
# Install, build and run every test: the normal build, the ASan+UBSan build
# and the libFuzzer targets (each for a bounded time on its seed corpus).
# This is the README's test command and what .ci/run executes.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
FUZZ_SECONDS=${NEA_FUZZ_SECONDS:-20}
JOBS=${NEA_TEST_JOBS:-2}

sh deploy/install-deps.sh --test

echo "== build (RelWithDebInfo) =="
sh deploy/build.sh build -DNEA_TESTS=ON -DNEA_SANITIZE=OFF
echo "== tests =="
(cd build && ctest --output-on-failure -j "$JOBS")

echo "== build (ASan+UBSan) =="
sh deploy/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DNEA_SANITIZE=ON
echo "== tests under ASan+UBSan =="
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest --output-on-failure -j "$JOBS")

echo "== fuzzers (${FUZZ_SECONDS}s each) =="
CC=clang sh deploy/build.sh build-fuzz -DCMAKE_BUILD_TYPE=Debug -DNEA_FUZZ=ON -DNEA_TESTS=OFF
sh tests/fuzz/run-fuzzers.sh build-fuzz/fuzz "$FUZZ_SECONDS"
echo "== all tests passed =="
