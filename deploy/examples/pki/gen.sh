#!/bin/sh
# Regenerate the example/test PKI (ECDSA P-256, valid 20 years). The files
# are checked in so tests and examples work without generating anything;
# run this only to renew them. NEVER use these keys outside tests.
#   caCert.pem/caKey.pem          "C=CH, O=nea Test, CN=nea Test Root CA"
#   serverCert.pem/serverKey.pem  CN=server.strongswan.org,
#                                 SAN DNS:server.strongswan.org, DNS:localhost, IP:127.0.0.1, IP:::1
#   clientCert.pem/clientKey.pem  CN=client.strongswan.org, SAN DNS:client.strongswan.org
#   janeCert.pem/janeKey.pem      CN=jane, SAN email:jane@strongswan.org
set -eu
cd "$(dirname "$0")"
days=7300
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

key caKey.pem
openssl req -x509 -new -key caKey.pem -sha256 -days $days -out caCert.pem \
	-subj "/C=CH/O=nea Test/CN=nea Test Root CA" \
	-addext "basicConstraints=critical,CA:TRUE" \
	-addext "keyUsage=critical,keyCertSign,cRLSign" \
	-addext "subjectKeyIdentifier=hash"

issue() { # name cn san eku
	key "$1Key.pem"
	openssl req -new -key "$1Key.pem" -subj "/C=CH/O=nea Test/CN=$2" -out "$1.csr"
	printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment,keyAgreement\nsubjectAltName=%s\nextendedKeyUsage=%s\nauthorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n' "$3" "$4" > "$1.ext"
	openssl x509 -req -in "$1.csr" -CA caCert.pem -CAkey caKey.pem -CAcreateserial \
		-sha256 -days $days -extfile "$1.ext" -out "$1Cert.pem" 2>/dev/null
	rm -f "$1.csr" "$1.ext"
}
issue server server.strongswan.org "DNS:server.strongswan.org,DNS:localhost,IP:127.0.0.1,IP:::1" "serverAuth,clientAuth,1.3.6.1.5.5.8.2.2"
issue client client.strongswan.org "DNS:client.strongswan.org" "clientAuth,serverAuth"
issue jane jane "email:jane@strongswan.org" "clientAuth"
rm -f caCert.srl
chmod 600 ./*Key.pem
echo "pki: regenerated $(ls ./*.pem | wc -l) files"
