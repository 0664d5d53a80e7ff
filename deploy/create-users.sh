#!/bin/sh
# Create the system users and group nea's daemons run as when nea-master is
# started by root (idempotent). One user per daemon, so a compromised
# daemon cannot signal, ptrace or read the files of another; all of them in
# group "nea", which owns the run directory (/run/nea, 0750) and the sockets.
#   nea-policy  nea-policyd  (policy database)
#   nea-broker  nea-brokerd  (PB-TNC broker)
#   nea-imv     nea-imvd     (IMV host, no network)
#   nea-pttls   nea-pttlsd   (PT-TLS front end)
#   nea-ike     nea-iked     (IKEv2 front end)
#   nea-imc     nea-imcd     (IMC host, endpoint side)
set -eu
if [ "$(id -u)" -ne 0 ]; then
	echo "create-users: needs root (nea-master unprivileged runs everything as you)" >&2
	exit 1
fi
getent group nea >/dev/null || groupadd --system nea
for u in nea-policy nea-broker nea-imv nea-pttls nea-ike nea-imc; do
	if ! getent passwd "$u" >/dev/null; then
		useradd --system --no-create-home --home-dir /nonexistent \
			--shell /usr/sbin/nologin --user-group "$u"
	fi
	# The shared group lets the daemon reach the run directory.
	usermod -a -G nea "$u"
done
echo "create-users: users and group nea present"
