/*
 * Hostile input at the EAP-TTLS server, from a hand-driven TLS client
 * (plain OpenSSL + lib/wire framing, not nea's peer method) that controls
 * every byte it tunnels: Diameter AVPs whose length is shorter than their
 * own header or longer than the record (CVE-2026-25075), vendor AVPs cut
 * short, unknown mandatory AVPs, truncated and overlong EAP-TTLS messages.
 * Each is refused with exactly one log line and the method ends (no state
 * lingers: the next packet is NEA_ESTATE). The same client also checks
 * the server's keying material against its own SSL_export_keying_material.
 */
#include <criterion/criterion.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "eap_ttls_avp.h"
#include "eap_ttls_frag.h"
#include "ttls_test_util.h"

static pki_t pki;

static void setup(void)
{
	pki_init(&pki);
}

static void teardown(void)
{
	pki_free(&pki);
}

static int lookup(void *ctx, const char *identity, uint8_t *buf, size_t *len, bool *nt_hash)
{
	(void)ctx;
	(void)nt_hash;
	if (strcmp(identity, "carol") != 0)
		return NEA_ENOTFOUND;
	memcpy(buf, "sesame", 6);
	*len = 6;
	return 0;
}

static eap_method_t *server(void)
{
	eap_ttls_cfg_t c;
	eap_method_t *m;

	eap_ttls_cfg_defaults(&c);
	c.cert = pki.srv;
	c.key = pki.srv_key;
	c.ca = pki.store;
	c.eap_identity = "carol";
	c.secret_fn = lookup;
	m = eap_ttls_server_new(&c);
	cr_assert_not_null(m);
	return m;
}

/* --- a raw EAP-TTLS client ---------------------------------------------- */

typedef struct {
	SSL_CTX *ctx;
	SSL *ssl;
	BIO *rb, *wb;
	eap_frag_rx_t rx;
	bool hs_done;
} rawc_t;

static void rawc_init(rawc_t *c)
{
	memset(c, 0, sizeof(*c));
	c->ctx = SSL_CTX_new(TLS_client_method());
	cr_assert_not_null(c->ctx);
	SSL_CTX_set_max_proto_version(c->ctx, TLS1_2_VERSION);
	SSL_CTX_set_cert_store(c->ctx, pki.store);
	X509_STORE_up_ref(pki.store);
	SSL_CTX_set_verify(c->ctx, SSL_VERIFY_PEER, NULL);
	c->ssl = SSL_new(c->ctx);
	c->rb = BIO_new(BIO_s_mem());
	c->wb = BIO_new(BIO_s_mem());
	BIO_set_mem_eof_return(c->rb, -1);
	SSL_set_bio(c->ssl, c->rb, c->wb);
	SSL_set_connect_state(c->ssl);
	eap_frag_rx_init(&c->rx, 0);
}

static void rawc_free(rawc_t *c)
{
	SSL_free(c->ssl);
	SSL_CTX_free(c->ctx);
	eap_frag_rx_free(&c->rx);
}

/* Whatever TLS wrote, as one unfragmented EAP-TTLS response with L. */
static void rawc_emit(rawc_t *c, uint8_t id, nea_wr_t *out)
{
	size_t n = BIO_ctrl_pending(c->wb);
	uint8_t *buf = malloc(n ? n : 1);
	eap_tls_pkt_t p = { .code = EAP_CODE_RESPONSE, .id = id, .type = EAP_TYPE_TTLS };

	cr_assert_not_null(buf);
	cr_assert_eq(BIO_read(c->wb, buf, (int)n), (int)n);
	p.data = buf;
	p.data_len = n;
	p.has_length = n > 0;
	p.msg_len = (uint32_t)n;
	reset_wr(out);
	cr_assert_eq(eap_tls_pkt_build(out, &p), 0);
	free(buf);
}

/* Handle one server request; true once our handshake is complete and
 * nothing is left to say (the caller then tunnels its own data). */
static bool rawc_handle(rawc_t *c, const nea_wr_t *req, nea_wr_t *out)
{
	eap_tls_pkt_t p;
	nea_perr_t err = { 0 };
	uint8_t *msg;
	size_t len;
	int rc;

	cr_assert_eq(eap_tls_pkt_parse(req->ptr, req->len, EAP_TYPE_TTLS, &p, &err), 0, "%s",
		     err.msg);
	if (!p.start) {
		rc = eap_frag_rx_add(&c->rx, &p, &err);
		cr_assert_geq(rc, 0, "%s", err.msg);
		if (rc == EAP_FRAG_MORE) {
			reset_wr(out);
			cr_assert_eq(eap_tls_ack_build(out, EAP_CODE_RESPONSE, EAP_TYPE_TTLS, p.id), 0);
			return false;
		}
		msg = eap_frag_rx_take(&c->rx, &len);
		cr_assert_eq(BIO_write(c->rb, msg, (int)len), (int)len);
		free(msg);
	}
	if (!c->hs_done) {
		rc = SSL_do_handshake(c->ssl);
		if (rc == 1)
			c->hs_done = true;
		else
			cr_assert_eq(SSL_get_error(c->ssl, rc), SSL_ERROR_WANT_READ);
	}
	if (c->hs_done && BIO_ctrl_pending(c->wb) == 0)
		return true;
	rawc_emit(c, p.id, out);
	return false;
}

/* Run the handshake against srv; returns the identifier to answer. */
static uint8_t rawc_connect(rawc_t *c, eap_method_t *srv)
{
	nea_wr_t req, resp;
	nea_perr_t err = { 0 };
	uint8_t id;

	nea_wr_init(&req, 0);
	nea_wr_init(&resp, 0);
	cr_assert_eq(eap_method_start(srv, 0x10, &req), 0);
	for (int i = 0; i < 20; i++) {
		if (rawc_handle(c, &req, &resp)) {
			id = req.ptr[1];
			nea_wr_free(&req);
			nea_wr_free(&resp);
			return id;
		}
		reset_wr(&req);
		cr_assert_eq(eap_method_process(srv, resp.ptr, resp.len, &req, &err), EAP_M_SEND,
			     "%s", err.msg);
	}
	cr_assert_fail("handshake did not complete");
	return 0;
}

/* Tunnel app (raw Diameter bytes) as the response to request id. */
static void rawc_tunnel(rawc_t *c, uint8_t id, const uint8_t *app, size_t len, nea_wr_t *out)
{
	cr_assert_eq(SSL_write(c->ssl, app, (int)len), (int)len);
	rawc_emit(c, id, out);
}

/* --- stderr capture: how many lines the method logged --------------------- */

typedef struct {
	FILE *f;
	int saved;
} capture_t;

static void capture_start(capture_t *cap)
{
	fflush(stderr);
	cap->f = tmpfile();
	cr_assert_not_null(cap->f);
	cap->saved = dup(2);
	cr_assert_geq(cap->saved, 0);
	cr_assert_geq(dup2(fileno(cap->f), 2), 0);
}

static int capture_end(capture_t *cap, char *text, size_t cap_len)
{
	size_t n;
	int lines = 0;

	fflush(stderr);
	dup2(cap->saved, 2);
	close(cap->saved);
	rewind(cap->f);
	n = fread(text, 1, cap_len - 1, cap->f);
	text[n] = '\0';
	fclose(cap->f);
	for (size_t i = 0; i < n; i++)
		lines += text[i] == '\n';
	return lines;
}

/* Send app through the tunnel: the server must fail with one log line
 * naming the problem, and refuse anything after. */
static void expect_refused(const uint8_t *app, size_t len, const char *why)
{
	eap_method_t *srv = server();
	eap_ttls_result_t res;
	nea_wr_t resp, out;
	nea_perr_t err = { 0 };
	capture_t cap;
	char text[2048];
	rawc_t c;
	uint8_t id;
	int rc, lines;

	rawc_init(&c);
	id = rawc_connect(&c, srv);
	nea_wr_init(&resp, 0);
	nea_wr_init(&out, 0);
	rawc_tunnel(&c, id, app, len, &resp);
	capture_start(&cap);
	rc = eap_method_process(srv, resp.ptr, resp.len, &out, &err);
	lines = capture_end(&cap, text, sizeof(text));
	cr_assert_eq(rc, EAP_M_FAILURE, "%s: status %d", why, rc);
	cr_assert_eq(out.len, 0, "%s: nothing may be sent", why);
	cr_assert_eq(lines, 1, "%s: logged %d lines:\n%s", why, lines, text);
	cr_assert(strstr(text, "AVP"), "%s: %s", why, text);
	eap_ttls_result(srv, &res);
	cr_assert(res.done && !res.success);
	cr_assert(strstr(res.reason, "AVP"), "%s", res.reason);
	/* no lasting state: the method takes nothing more */
	cr_assert_eq(eap_method_process(srv, resp.ptr, resp.len, &out, &err), NEA_ESTATE);
	cr_assert_null(eap_method_msk(srv, &(size_t){ 0 }));
	nea_wr_free(&resp);
	nea_wr_free(&out);
	rawc_free(&c);
	eap_method_free(srv);
}

TestSuite(eap_ttls_input, .init = setup, .fini = teardown);

/* Control: a well-formed Identity AVP moves the server to EAP-MD5, and
 * the server's keying material is what our own TLS stack exports. */
Test(eap_ttls_input, well_formed_identity_avp_and_keying_material)
{
	static const uint8_t ident[] = { 0x02, 0x00, 0x00, 0x0a, 0x01, 'c', 'a', 'r', 'o', 'l' };
	eap_method_t *srv = server();
	nea_wr_t avp, resp, out;
	nea_perr_t err = { 0 };
	uint8_t mine[128], theirs[128];
	rawc_t c;
	uint8_t id;

	rawc_init(&c);
	id = rawc_connect(&c, srv);
	cr_assert_eq(SSL_export_keying_material(c.ssl, mine, sizeof(mine), "ttls keying material",
						20, NULL, 0, 0),
		     1);
	cr_assert_eq(eap_ttls_key_material(srv, theirs), 0);
	cr_assert_arr_eq(mine, theirs, sizeof(mine));
	nea_wr_init(&avp, 0);
	nea_wr_init(&resp, 0);
	nea_wr_init(&out, 0);
	cr_assert_eq(eap_ttls_eap_message_build(&avp, ident, sizeof(ident), 0), 0);
	/* strongSwan's header: 00 00 00 4f 40 LL LL LL */
	cr_assert_eq(avp.ptr[3], 0x4f);
	cr_assert_eq(avp.ptr[4], 0x40);
	rawc_tunnel(&c, id, avp.ptr, avp.len, &resp);
	cr_assert_eq(eap_method_process(srv, resp.ptr, resp.len, &out, &err), EAP_M_SEND);
	cr_assert_gt(out.len, 6);
	nea_wr_free(&avp);
	nea_wr_free(&resp);
	nea_wr_free(&out);
	rawc_free(&c);
	eap_method_free(srv);
}

Test(eap_ttls_input, avp_length_shorter_than_its_header)
{
	/* CVE-2026-25075: length 4 < 8; strongSwan computed 4 - 8 */
	static const uint8_t a[] = { 0, 0, 0, 79, 0x40, 0, 0, 4, 2, 0, 0, 5, 1, 0, 0, 0 };
	static const uint8_t zero[] = { 0, 0, 0, 79, 0x40, 0, 0, 0 };
	static const uint8_t seven[] = { 0, 0, 0, 79, 0x40, 0, 0, 7, 0, 0, 0, 0 };

	expect_refused(a, sizeof(a), "length 4");
	expect_refused(zero, sizeof(zero), "length 0");
	expect_refused(seven, sizeof(seven), "length 7");
}

Test(eap_ttls_input, vendor_avp_shorter_than_its_header)
{
	/* V set: the header is 12 bytes; 10 is too short */
	static const uint8_t a[] = { 0, 0, 0, 79, 0xc0, 0, 0, 10, 0, 0, 0x37, 0x16, 0, 0, 0, 0 };

	expect_refused(a, sizeof(a), "vendor length 10");
}

Test(eap_ttls_input, avp_length_beyond_the_record)
{
	static const uint8_t a[] = { 0, 0, 0, 79, 0x40, 0, 0x10, 0x00, 2, 0, 0, 5, 1, 0, 0, 0 };
	static const uint8_t max[] = { 0, 0, 0, 79, 0x40, 0xff, 0xff, 0xff, 2, 0, 0, 5 };

	expect_refused(a, sizeof(a), "length 4096 in 16 bytes");
	expect_refused(max, sizeof(max), "length 0xffffff");
}

Test(eap_ttls_input, unknown_mandatory_avp_and_bad_inner_packets)
{
	/* User-Name (1) with M: not EAP-Message, mandatory */
	static const uint8_t user[] = { 0, 0, 0, 1, 0x40, 0, 0, 13, 'c', 'a', 'r', 'o', 'l', 0, 0, 0 };
	/* EAP packet whose own length (16) disagrees with the AVP (5 bytes) */
	static const uint8_t inner[] = { 0, 0, 0, 79, 0x40, 0, 0, 13, 2, 0, 0, 16, 1, 0, 0, 0 };
	/* missing padding */
	static const uint8_t pad[] = { 0, 0, 0, 79, 0x40, 0, 0, 13, 2, 0, 0, 5, 1 };

	expect_refused(user, sizeof(user), "unknown mandatory AVP");
	expect_refused(inner, sizeof(inner), "inner length mismatch");
	expect_refused(pad, sizeof(pad), "no padding");
}

/* EAP-TTLS framing at the server: declared lengths beyond the bound or
 * left unfilled fail the method; nothing reaches TLS. */
Test(eap_ttls_input, message_lengths_refused)
{
	eap_tls_pkt_t p = { .code = EAP_CODE_RESPONSE, .type = EAP_TYPE_TTLS };
	uint8_t data[600];
	nea_wr_t req, in, out;
	nea_perr_t err = { 0 };
	eap_method_t *srv;

	memset(data, 0x16, sizeof(data));
	nea_wr_init(&req, 0);
	nea_wr_init(&in, 0);
	nea_wr_init(&out, 0);

	/* L above 73 728 */
	srv = server();
	cr_assert_eq(eap_method_start(srv, 1, &req), 0);
	{
		static uint8_t raw[] = { 2, 1, 0, 12, 21, 0x80, 0, 1, 0x20, 1, 0x16, 0x03 };

		cr_assert_eq(eap_method_process(srv, raw, sizeof(raw), &out, &err), EAP_M_FAILURE);
	}
	eap_method_free(srv);

	/* L = 1000, then a last fragment at 600 */
	srv = server();
	reset_wr(&req);
	cr_assert_eq(eap_method_start(srv, 1, &req), 0);
	p.id = 1;
	p.has_length = true;
	p.msg_len = 1000;
	p.more = true;
	p.data = data;
	p.data_len = 300;
	reset_wr(&in);
	cr_assert_eq(eap_tls_pkt_build(&in, &p), 0);
	reset_wr(&out);
	cr_assert_eq(eap_method_process(srv, in.ptr, in.len, &out, &err), EAP_M_SEND);
	cr_assert_eq(out.len, 6, "a fragment is acknowledged with an empty request");
	p.id = out.ptr[1];
	p.has_length = false;
	p.more = false;
	reset_wr(&in);
	cr_assert_eq(eap_tls_pkt_build(&in, &p), 0);
	reset_wr(&out);
	cr_assert_eq(eap_method_process(srv, in.ptr, in.len, &out, &err), EAP_M_FAILURE);
	eap_method_free(srv);

	/* data beyond the declared length */
	srv = server();
	reset_wr(&req);
	cr_assert_eq(eap_method_start(srv, 1, &req), 0);
	p.id = 1;
	p.has_length = true;
	p.msg_len = 400;
	p.more = true;
	p.data_len = 300;
	reset_wr(&in);
	cr_assert_eq(eap_tls_pkt_build(&in, &p), 0);
	reset_wr(&out);
	cr_assert_eq(eap_method_process(srv, in.ptr, in.len, &out, &err), EAP_M_SEND);
	p.id = out.ptr[1];
	p.has_length = false;
	p.more = false;
	p.data_len = 200;
	reset_wr(&in);
	cr_assert_eq(eap_tls_pkt_build(&in, &p), 0);
	reset_wr(&out);
	cr_assert_eq(eap_method_process(srv, in.ptr, in.len, &out, &err), EAP_M_FAILURE);
	eap_method_free(srv);

	/* garbage where the ClientHello belongs: a TLS failure, not a crash */
	srv = server();
	reset_wr(&req);
	cr_assert_eq(eap_method_start(srv, 1, &req), 0);
	p.id = 1;
	p.has_length = true;
	p.msg_len = 40;
	p.more = false;
	p.data_len = 40;
	reset_wr(&in);
	cr_assert_eq(eap_tls_pkt_build(&in, &p), 0);
	reset_wr(&out);
	cr_assert_eq(eap_method_process(srv, in.ptr, in.len, &out, &err), EAP_M_FAILURE);
	eap_method_free(srv);

	nea_wr_free(&req);
	nea_wr_free(&in);
	nea_wr_free(&out);
}

/* A TLS record cut in the middle inside a complete EAP-TTLS message: the
 * server waits (acknowledges) rather than feeding TLS garbage; the rest
 * of the record in the next message completes it. */
Test(eap_ttls_input, record_split_across_messages)
{
	eap_method_t *srv = server();
	nea_wr_t req, part, out;
	nea_perr_t err = { 0 };
	eap_tls_pkt_t p;
	rawc_t c;
	int rc;

	rawc_init(&c);
	nea_wr_init(&req, 0);
	nea_wr_init(&part, 0);
	nea_wr_init(&out, 0);
	cr_assert_eq(eap_method_start(srv, 0x20, &req), 0);
	cr_assert(!rawc_handle(&c, &req, &out)); /* ClientHello in out */
	cr_assert_eq(eap_tls_pkt_parse(out.ptr, out.len, EAP_TYPE_TTLS, &p, &err), 0);
	{
		size_t half = p.data_len / 2;
		eap_tls_pkt_t a = { .code = EAP_CODE_RESPONSE, .id = 0x20, .type = EAP_TYPE_TTLS,
				    .has_length = true, .msg_len = (uint32_t)half, .data = p.data,
				    .data_len = half };
		eap_tls_pkt_t b = a;
		uint8_t *rest = malloc(p.data_len - half);

		memcpy(rest, p.data + half, p.data_len - half);
		reset_wr(&part);
		cr_assert_eq(eap_tls_pkt_build(&part, &a), 0);
		reset_wr(&req);
		rc = eap_method_process(srv, part.ptr, part.len, &req, &err);
		cr_assert_eq(rc, EAP_M_SEND);
		cr_assert_eq(req.len, 6, "half a ClientHello: only an acknowledgement");
		b.id = req.ptr[1];
		b.msg_len = (uint32_t)(p.data_len - half);
		b.data = rest;
		b.data_len = p.data_len - half;
		reset_wr(&part);
		cr_assert_eq(eap_tls_pkt_build(&part, &b), 0);
		reset_wr(&req);
		cr_assert_eq(eap_method_process(srv, part.ptr, part.len, &req, &err), EAP_M_SEND);
		cr_assert_gt(req.len, 100, "ServerHello flight expected");
		free(rest);
	}
	nea_wr_free(&req);
	nea_wr_free(&part);
	nea_wr_free(&out);
	rawc_free(&c);
	eap_method_free(srv);
}
