#!/bin/sh
# Run every libFuzzer binary in DIR for SECONDS, seeded from
# tests/fuzz/corpus/<name>/ (vectors and captures copied there by the
# module owners). A crash fails the run and leaves the reproducer in
# build-fuzz/artifacts/.
set -eu
dir=$1
secs=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
art="$top/build-fuzz/artifacts"
mkdir -p "$art"
found=0
for f in "$dir"/fuzz_*; do
	[ -x "$f" ] || continue
	found=$((found + 1))
	name=$(basename "$f")
	seed="$top/tests/fuzz/corpus/$name"
	work="$top/build-fuzz/corpus/$name"
	mkdir -p "$work"
	[ -d "$seed" ] && cp -n "$seed"/* "$work"/ 2>/dev/null || true
	echo "fuzz: $name for ${secs}s"
	"$f" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$art/$name-" -print_final_stats=1 "$work" \
		>"$art/$name.log" 2>&1 || { tail -40 "$art/$name.log"; echo "fuzz: $name FAILED"; exit 1; }
	grep -E '^stat::number_of_executed_units' "$art/$name.log" || true
done
echo "fuzz: $found targets ran clean"
