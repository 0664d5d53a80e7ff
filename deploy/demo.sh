#!/bin/sh
# Interim main job: start nea-master with the example configuration in a
# scratch directory, wait until every daemon reports ready and healthy
# through `nea status`, print the status, stop everything cleanly.
#   deploy/demo.sh [BUILD_DIR]        (default: build)
# (A later issue replaces the middle with a real client assessment.)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
bin="$build/bin"
for b in nea-master nea nea-policyd nea-brokerd nea-imvd nea-pttlsd nea-iked; do
	[ -x "$bin/$b" ] || { echo "demo: $bin/$b is missing; build first (deploy/build.sh)" >&2; exit 1; }
done
if [ "$(id -u)" -eq 0 ] && ! getent passwd nea-imv >/dev/null; then
	sh "$top/deploy/create-users.sh"
fi

work=$(mktemp -d /tmp/nea-demo.XXXXXX)
# The daemons drop to their own users when we are root; they must be able
# to reach the run directory inside.
chmod 755 "$work"
cp "$top/deploy/examples/nea.conf" "$top/deploy/examples/tnc_config" \
	"$top/deploy/examples/swanctl.conf" "$work/"
cp -r "$top/deploy/examples/pki" "$work/"
# nea-policyd (as nea-policy) creates libimcv.database (nea.db) and its
# -wal/-shm files in this directory.
if [ "$(id -u)" -eq 0 ] && getent passwd nea-policy >/dev/null; then
	chown nea-policy "$work"
fi
cd "$work"

"$bin/nea-master" --config nea.conf >master.log 2>&1 &
master=$!
stop_master() {
	if kill -0 "$master" 2>/dev/null; then
		kill -TERM "$master"
		wait "$master" || return $?
	fi
	return 0
}
trap 'stop_master || true; echo "demo: failed; files kept in $work" >&2' EXIT
# A signal (^C, a closed output pipe) must not leave the daemons running.
trap 'exit 1' INT TERM HUP PIPE

echo "demo: nea-master (pid $master) starting the daemons in $work"
healthy=no
i=0
while [ $i -lt 600 ]; do
	if ! kill -0 "$master" 2>/dev/null; then
		cat master.log >&2
		echo "demo: nea-master exited" >&2
		exit 1
	fi
	if "$bin/nea" status --config nea.conf >/dev/null 2>&1; then
		healthy=yes
		break
	fi
	sleep 0.1
	i=$((i + 1))
done
"$bin/nea" status --config nea.conf || true
if [ $healthy != yes ]; then
	cat master.log >&2
	echo "demo: the daemons did not all become healthy" >&2
	exit 1
fi

echo "demo: all daemons healthy; stopping"
trap - EXIT INT TERM HUP PIPE
rc=0
stop_master || rc=$?
if [ $rc -ne 0 ]; then
	cat master.log >&2
	echo "demo: nea-master exited with status $rc" >&2
	exit 1
fi
if ls run/*.sock >/dev/null 2>&1; then
	echo "demo: sockets left behind in $work/run" >&2
	exit 1
fi
grep -E '\[(MGR|DMN)\]' master.log | grep -E 'nea-master|stopped|exited' | tail -n 8
cd /
rm -rf "$work"
echo "demo: nea-master and every daemon stopped cleanly"
