/*
 * ttls_stdio_server: nea's EAP-TTLS server method on stdin/stdout, so a
 * test's RADIUS server (radius_ttls.py) can put it behind Debian's charon
 * (eap-radius) and let charon's own eap-ttls peer authenticate against it.
 * charon's IKE AUTH then verifies only if nea's MSK equals charon's.
 *
 * Usage: ttls_stdio_server CERT.pem KEY.pem CA.pem IDENTITY SECRET [key=value...]
 *   keys: phase2_method=md5|mschapv2 piggyback=0|1 fragment_size=N
 *         request_peer_auth=0|1 eap_identity=ID
 * Protocol (all lengths big-endian):
 *   in:  'S' id(1)              -> start: the first Request
 *        'P' len(2) packet      -> one EAP Response from the peer
 *   out: status(1) len(2) data  status = eap_m_status_t (0 SEND: data is
 *                               the next Request; 2 SUCCESS: data is the
 *                               64-byte MSK; 3 FAILURE: empty), or 0xff
 *                               len 0 for a discarded packet.
 */
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eap_method.h"
#include "eap_ttls.h"

static const char *user, *pass;

static int lookup(void *ctx, const char *identity, uint8_t *buf, size_t *len, bool *nt_hash)
{
	(void)ctx;
	(void)nt_hash;
	if (strcmp(identity, user) != 0 || strlen(pass) > EAP_TTLS_SECRET_MAX)
		return NEA_ENOTFOUND;
	memcpy(buf, pass, strlen(pass));
	*len = strlen(pass);
	return 0;
}

static void reply(int status, const uint8_t *data, size_t len)
{
	uint8_t hdr[3] = { (uint8_t)status, (uint8_t)(len >> 8), (uint8_t)len };

	fwrite(hdr, 1, 3, stdout);
	if (len)
		fwrite(data, 1, len, stdout);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	eap_ttls_cfg_t c;
	eap_method_t *m;
	nea_wr_t out;
	nea_perr_t err = { 0 };
	uint8_t buf[65536];
	int op;

	if (argc < 6) {
		fprintf(stderr, "usage: %s CERT KEY CA IDENTITY SECRET [k=v...]\n", argv[0]);
		return 2;
	}
	user = argv[4];
	pass = argv[5];
	eap_ttls_cfg_defaults(&c);
	c.cert_file = argv[1];
	c.key_file = argv[2];
	c.ca_file = argv[3];
	c.secret_fn = lookup;
	c.max_message_count = 0;
	for (int i = 6; i < argc; i++) {
		const char *v = strchr(argv[i], '=');

		if (!v)
			return 2;
		v++;
		if (!strncmp(argv[i], "phase2_method=", 14))
			c.phase2_method = strcmp(v, "mschapv2") ? 4 : 26;
		else if (!strncmp(argv[i], "piggyback=", 10))
			c.phase2_piggyback = atoi(v);
		else if (!strncmp(argv[i], "fragment_size=", 14))
			c.fragment_size = (size_t)atoi(v);
		else if (!strncmp(argv[i], "request_peer_auth=", 18))
			c.request_peer_auth = atoi(v);
		else if (!strncmp(argv[i], "eap_identity=", 13))
			c.eap_identity = v;
		else
			return 2;
	}
	m = eap_ttls_server_new(&c);
	if (!m)
		return 1;
	while ((op = getchar()) != EOF) {
		size_t len = 0;
		int rc;

		nea_wr_init(&out, 0);
		if (op == 'S') {
			int id = getchar();

			if (id == EOF)
				break;
			rc = eap_method_start(m, (uint8_t)id, &out);
		} else if (op == 'P') {
			int hi = getchar(), lo = getchar();

			if (hi == EOF || lo == EOF)
				break;
			len = (size_t)hi << 8 | (size_t)lo;
			if (fread(buf, 1, len, stdin) != len)
				break;
			rc = eap_method_process(m, buf, len, &out, &err);
		} else {
			break;
		}
		if (rc == EAP_M_SUCCESS) {
			size_t msk_len;
			const uint8_t *msk = eap_method_msk(m, &msk_len);

			reply(rc, msk, msk_len);
		} else if (rc < 0) {
			fprintf(stderr, "discarded: %s\n", err.msg);
			reply(0xff, NULL, 0);
		} else {
			reply(rc, out.ptr, out.len);
		}
		nea_wr_free(&out);
	}
	eap_method_free(m);
	return 0;
}
