#!/bin/sh
# Install what nea needs on Debian 12, idempotently and without questions.
#   deploy/install-deps.sh          build and run dependencies
#   deploy/install-deps.sh --test   plus test and interop tools (clang for
#                                   libFuzzer, Debian's strongSwan as a peer)
set -eu
export DEBIAN_FRONTEND=noninteractive

BUILD_PKGS="build-essential cmake ninja-build pkg-config git ca-certificates
 libuv1-dev libssl-dev openssl libsqlite3-dev sqlite3 libtss2-dev
 libprotobuf-c-dev protobuf-c-compiler libseccomp-dev iproute2 procps"
TEST_PKGS="libcriterion-dev clang libclang-rt-14-dev python3 valgrind
 strongswan-charon strongswan-swanctl libcharon-extra-plugins
 libstrongswan-standard-plugins libstrongswan-extra-plugins
 libcharon-extauth-plugins"

pkgs="$BUILD_PKGS"
if [ "${1:-}" = "--test" ]; then
	pkgs="$pkgs $TEST_PKGS"
fi
# criterion is needed whenever the tests are configured (the default build).
pkgs="$pkgs libcriterion-dev"

# The system users nea's daemons drop to when nea-master runs as root.
if [ "$(id -u)" -eq 0 ]; then
	sh "$(dirname "$0")/create-users.sh"
fi

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "install-deps: all packages present"
	exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing$missing"
$SUDO apt-get update -q
# policy-rc.d keeps package scripts from starting charon as a system service.
if [ -d /usr/sbin ] && [ ! -e /usr/sbin/policy-rc.d ] && [ -z "$SUDO" ]; then
	printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
	chmod 755 /usr/sbin/policy-rc.d
	trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
