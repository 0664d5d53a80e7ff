#!/bin/sh
# The main job: start the nea server side (nea-master with nea-policyd,
# nea-brokerd, nea-imvd and nea-pttlsd) from the example configuration in
# a scratch directory, with the embedded SQLite database created on first
# start; assess this host once with `nea pt-tls-client` over PT-TLS on
# loopback (SASL PLAIN as the example user jane, the OS and Scanner IMCs in
# nea-imcd); print the verdict and the operator's view (`nea sessions`);
# stop everything cleanly.
#   deploy/demo.sh [BUILD_DIR]        (default: build)
# As root the daemons drop to their own users (deploy/create-users.sh is
# run when they are missing); unprivileged everything runs as the caller.
# Exit 0 when the assessment reached a verdict (whatever it is), 1 when not.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
bin="$build/bin"
ex="$top/deploy/examples"
for b in nea-master nea nea-policyd nea-brokerd nea-imvd nea-pttlsd nea-imcd; do
	[ -x "$bin/$b" ] || { echo "demo: $bin/$b is missing; build first (deploy/build.sh)" >&2; exit 1; }
done
if [ "$(id -u)" -eq 0 ] && ! getent passwd nea-imv >/dev/null; then
	sh "$top/deploy/create-users.sh"
fi

work=$(mktemp -d /tmp/nea-demo.XXXXXX)
# The daemons drop to their own users when we are root; they must be able
# to reach the run directory inside.
chmod 755 "$work"
cp "$ex/nea.conf" "$ex/tnc_config" "$ex/swanctl.conf" \
	"$ex/nea-client.conf" "$ex/tnc_config.client" "$work/"
cp -r "$ex/pki" "$work/"
# The example configuration with two changes for a demo that must run
# anywhere: the kernel picks a free PT-TLS port (the example's 2710 may be
# taken), and nea-iked stays off (the IKEv2 front end needs UDP 500/4500,
# root only, and is not part of this PT-TLS assessment).
sed -e 's/^\([[:space:]]*\)port = 2710$/\1port = 0/' \
	-e 's/^\([[:space:]]*\)iked = yes$/\1iked = no/' "$ex/nea.conf" >"$work/nea.conf"
grep -q '^[[:space:]]*port = 0$' "$work/nea.conf" && grep -q '^[[:space:]]*iked = no$' "$work/nea.conf" ||
	{ echo "demo: deploy/examples/nea.conf changed shape (port/iked lines)" >&2; exit 1; }
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

echo "demo: nea-master (pid $master) starting the server daemons in $work"
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
# "healthy" is about the links; nea-imvd's verifiers serve once
# nea-brokerd has their registration.
i=0
while [ $i -lt 300 ] && ! grep -q 'registered by nea-imvd pid' master.log; do
	sleep 0.1
	i=$((i + 1))
done
port=$(sed -n 's/.*PT-TLS server listening on .* port \([0-9][0-9]*\)$/\1/p' master.log | head -n 1)
[ -n "$port" ] || { cat master.log >&2; echo "demo: nea-pttlsd named no port" >&2; exit 1; }

echo
echo "demo: assessing this host: nea pt-tls-client --connect 127.0.0.1 --port $port --client jane"
echo "----------------------------------------------------------------------"
rc=0
"$bin/nea" pt-tls-client --connect 127.0.0.1 --port "$port" --client jane \
	--secret 3s9RFGdWE5EW --config nea-client.conf --imcd "$bin/nea-imcd" \
	2>client.log || rc=$?
echo "----------------------------------------------------------------------"
case $rc in
0) what="allow: this host may join the network" ;;
3) what="no access: this host must fix what the server's IMVs listed above" ;;
4) what="isolate: this host goes to the remediation network" ;;
5) what="no recommendation: the server's IMVs could not decide" ;;
*) what="" ;;
esac
if [ -z "$what" ]; then
	cat client.log >&2
	sed -n '/nea-pttlsd\|nea-brokerd/p' master.log | tail -n 20 >&2
	echo "demo: the assessment did not complete (nea pt-tls-client exit $rc)" >&2
	exit 1
fi
echo "demo: verdict for this host: $what"
# nea-policyd writes the session's final recommendation as the connection
# ends; wait for it so the operator's view below is complete.
i=0
while [ $i -lt 100 ] && ! grep -q 'policy: recommendation for access requestor' master.log; do
	sleep 0.1
	i=$((i + 1))
done
echo
echo "demo: the operator's view (nea sessions):"
"$bin/nea" sessions --config nea.conf || true

echo
echo "demo: stopping"
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
grep -E '\[(MGR|DMN)\]' master.log | grep -E 'nea-master' | tail -n 2
cd /
rm -rf "$work"
echo "demo: nea-master and every daemon stopped cleanly"
