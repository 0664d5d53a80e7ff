#!/bin/sh
# Interop: Debian's charon as EAP-TTLS peer against nea's EAP-TTLS server.
#
#   charon "peer" (IKE initiator, eap-ttls + eap-md5 peer)
#     --IKEv2 on 127.0.0.1-->  charon "gw" (responder, eap-radius)
#     --RADIUS on 127.0.0.1:PORT--> radius_ttls.py --> ttls_stdio_server (nea)
#
# The IKE_SA is only established if the gateway's AUTH check passes, and the
# gateway computes it with the MSK nea exported (sent as MS-MPPE keys), the
# peer with the MSK its own libtls derived: so "established" means nea's
# EAP-TTLS is accepted by charon's peer AND both MSKs are equal. A second
# run has nea piggyback the phase-2 Identity request on its Finished and cut
# its records into 300-byte EAP-TTLS fragments; a third with a wrong
# password must fail at EAP (MD5 failure, close notify, EAP-Failure). One
# more authenticates charon's peer by its TLS client certificate
# (request_peer_auth) instead of a password. Where Debian's eap-mschapv2
# plugin is installed (libcharon-extauth-plugins), nea's phase 2 is then
# EAP-MSCHAPv2 (phase2_method=mschapv2) with the right and a wrong password.
#
# Usage: run.sh BUILD_DIR   (needs root for the private /run; skips with
# exit 77 when charon or its eap-ttls/eap-radius plugins are missing)
set -u
build=${1:?build dir}
here=$(cd "$(dirname "$0")" && pwd)
charon=/usr/lib/ipsec/charon
plugdir=/usr/lib/ipsec/plugins
for p in eap-ttls eap-md5 eap-radius eap-identity vici; do
	[ -f "$plugdir/libstrongswan-$p.so" ] || { echo "skip: no $p plugin"; exit 77; }
done
[ -x "$charon" ] && command -v swanctl >/dev/null || { echo "skip: no charon"; exit 77; }
[ "$(id -u)" = 0 ] || { echo "skip: needs root for a private /run"; exit 77; }
python=$(command -v /usr/bin/python3 || command -v python3)
# optional: phase-2 EAP-MSCHAPv2 conversations with charon's eap-mschapv2 peer
mschap=""
nconv=4
mschap_args=""
if [ -f "$plugdir/libstrongswan-eap-mschapv2.so" ]; then
	mschap=eap-mschapv2
	nconv=6
	mschap_args="|phase2_method=mschapv2|phase2_method=mschapv2"
fi
server=$build/tests/ttls_stdio_server
[ -x "$server" ] || { echo "no $server"; exit 1; }

dir=$(mktemp -d /tmp/nea-ttls-charon.XXXXXX)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	sleep 0.3
	for p in $pids; do kill -9 "$p" 2>/dev/null; done
	[ -n "${KEEP:-}" ] || rm -rf "$dir"
}
trap cleanup EXIT INT TERM
cd "$dir" || exit 1

# --- PKI: one CA, the gateway certificate (IKE and TLS server) ----------
openssl ecparam -name prime256v1 -genkey -noout -out ca.key 2>/dev/null
openssl req -x509 -new -key ca.key -subj "/C=CH/O=nea/CN=nea Test CA" -days 2 \
	-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
	-out ca.pem 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out gw.key 2>/dev/null
openssl req -new -key gw.key -subj "/C=CH/O=nea/CN=gw.nea.test" -out gw.csr 2>/dev/null
printf 'subjectAltName=DNS:gw.nea.test\nbasicConstraints=CA:FALSE\n' >gw.ext
openssl x509 -req -in gw.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
	-extfile gw.ext -out gw.pem 2>/dev/null || { echo "openssl failed"; exit 1; }
openssl ecparam -name prime256v1 -genkey -noout -out client.key 2>/dev/null
openssl req -new -key client.key -subj "/C=CH/O=nea/CN=client.nea.test" -out client.csr 2>/dev/null
printf 'subjectAltName=DNS:client.nea.test\nbasicConstraints=CA:FALSE\n' >client.ext
openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
	-extfile client.ext -out client.pem 2>/dev/null || { echo "openssl failed"; exit 1; }

# swanctl's credential folders (SWANCTL_DIR) for each side
mkdir -p gw/x509 gw/x509ca gw/private gw/conf.d peer/x509 peer/x509ca peer/private peer/conf.d
cp gw.pem gw/x509/ && cp gw.key gw/private/ && cp ca.pem gw/x509ca/ && cp ca.pem peer/x509ca/
cp client.pem peer/x509/ && cp client.key peer/private/

# ports from the pid, so parallel runs and other tests do not collide
gw_port=$((20000 + ($$ % 2000) * 4))
peer_port=$((gw_port + 2))
radius_port=$((18000 + $$ % 1000))
mkconf() { # name port
	cat >"strongswan-$1.conf" <<EOF
charon {
	port = $2
	port_nat_t = $(($2 + 1))
	load_modular = no
	load = random nonce x509 pem openssl kdf pubkey constraints revocation kernel-netlink socket-default vici eap-identity eap-md5 eap-ttls eap-radius $mschap
	install_routes = no
	install_virtual_ip = no
	retransmit_tries = 3
	retransmit_timeout = 2
	filelog {
		test {
			path = $dir/charon-$1.log
			default = 1
			ike = 2
			tls = 2
			cfg = 2
		}
	}
	plugins {
		vici {
			socket = unix://$dir/charon-$1.vici
		}
		eap-radius {
			servers {
				nea {
					address = 127.0.0.1
					auth_port = $radius_port
					secret = testing123
				}
			}
		}
		eap-ttls {
			phase2_method = md5
		}
	}
}
EOF
}
mkconf gw $gw_port
mkconf peer $peer_port

cat >gw/swanctl.conf <<EOF
connections {
	nea {
		local_port = $gw_port
		local {
			auth = pubkey
			certs = gw.pem
			id = gw.nea.test
		}
		remote {
			auth = eap-radius
			eap_id = %any
		}
		send_certreq = no
	}
}
EOF
mkpeer() { # password [client certificate identity]
	if [ -n "${2:-}" ]; then
		local="id = $2
			eap_id = $2
			certs = client.pem"
	else
		local="eap_id = carol"
	fi
	cat >peer/swanctl.conf <<EOF
connections {
	ttls {
		remote_addrs = 127.0.0.1
		remote_port = $gw_port
		local_port = $peer_port
		local {
			auth = eap-ttls
			$local
		}
		remote {
			auth = pubkey
			id = gw.nea.test
		}
	}
}
secrets {
	eap-carol {
		id = carol
		secret = $1
	}
}
EOF
}

start_charon() { # name
	STRONGSWAN_CONF=$dir/strongswan-$1.conf unshare -m sh -c \
		"mount -t tmpfs tmpfs /run && mkdir -p /run && exec $charon" \
		>"$dir/charon-$1.out" 2>&1 &
	pids="$pids $!"
	for _ in $(seq 50); do
		[ -S "$dir/charon-$1.vici" ] && return 0
		sleep 0.1
	done
	echo "charon $1 did not start"; cat "$dir/charon-$1.out"; return 1
}

RADIUS_MAX_CONV=$nconv \
	TTLS_EXTRA_ARGS="|piggyback=1 fragment_size=300|request_peer_auth=1 eap_identity=client.nea.test|$mschap_args" $python "$here/radius_ttls.py" $radius_port testing123 "$dir/results" -- \
	"$server" "$dir/gw.pem" "$dir/gw.key" "$dir/ca.pem" carol sesame \
	>"$dir/radius.out" 2>&1 &
pids="$pids $!"
for _ in $(seq 100); do
	[ -f "$dir/results.ready" ] && break
	sleep 0.1
done
[ -f "$dir/results.ready" ] || { echo "RADIUS server did not start"; cat "$dir/radius.out"; exit 1; }
start_charon gw || exit 1
start_charon peer || exit 1
SWANCTL_DIR=$dir/gw swanctl --load-all --uri "unix://$dir/charon-gw.vici" >"$dir/load-gw.out" 2>&1 ||
	{ echo "swanctl gw failed"; exit 1; }

fail=0
attempt() { # password expect(established|failed) [client cert identity]
	mkpeer "$1" "${3:-}"
	SWANCTL_DIR=$dir/peer swanctl --load-all --clear --uri "unix://$dir/charon-peer.vici" \
		>"$dir/load-peer.out" 2>&1 || { echo "swanctl peer failed"; return 1; }
	n=$((${n:-0} + 1))
	timeout 30 swanctl --initiate --ike ttls --timeout 20 --uri "unix://$dir/charon-peer.vici" \
		>"$dir/initiate-$n.out" 2>&1
	if grep -q "initiate completed successfully" "$dir/initiate-$n.out"; then
		got=established
	else
		got=failed
	fi
	echo "password '$1': IKE_SA $got (expected $2)"
	timeout 10 swanctl --terminate --ike ttls --timeout 5 --uri "unix://$dir/charon-peer.vici" \
		>/dev/null 2>&1
	[ "$got" = "$2" ]
}
attempt sesame established || fail=1
# nea: phase2_piggyback and 300-byte EAP-TTLS fragments
attempt sesame established || fail=1
# nea: request_peer_auth; charon's peer authenticates with its certificate
attempt none established client.nea.test || fail=1
attempt wrong failed || fail=1
want_ok=3
want_fail=1
if [ -n "$mschap" ]; then
	# nea: phase2_method = mschapv2 (charon's eap-mschapv2 peer in the tunnel)
	attempt sesame established || fail=1
	attempt wrong failed || fail=1
	want_ok=4
	want_fail=2
	grep -q "server requested EAP_MSCHAPV2 authentication" "$dir/charon-peer.log" ||
		{ echo "charon's peer was never asked for EAP-MSCHAPv2"; fail=1; }
fi
sleep 0.5
echo "nea EAP-TTLS server results:"; cat "$dir/results" 2>/dev/null
[ "$(grep -c "^success" "$dir/results" 2>/dev/null)" = $want_ok ] || fail=1
[ "$(grep -c "^failure" "$dir/results" 2>/dev/null)" = $want_fail ] || fail=1
grep -E "EAP method EAP_TTLS succeeded|authentication of 'gw.nea.test' with|MSK" "$dir/charon-peer.log" | head -5
if [ $fail -ne 0 ]; then
	echo "--- charon peer"; tail -40 "$dir/charon-peer.log"
	echo "--- charon gw"; tail -40 "$dir/charon-gw.log"
	echo "--- radius"; tail -20 "$dir/radius.out"
	echo "FAIL: charon interop"
	exit 1
fi
echo "PASS: charon's EAP-TTLS peer authenticated against nea's EAP-TTLS server; MSKs equal (IKE AUTH verified)"
exit 0
