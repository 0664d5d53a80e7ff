#include "pttls_srv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nea_buf.h"
#include "nea_err.h"
#include "nea_log.h"
#include "pttls_error.h"
#include "pttls_msg.h"
#include "pttls_names.h"
#include "pttls_sasl.h"
#include "pttls_sasl_plain.h"
#include "pttls_version.h"

/* RFC 6876 §3.9: the error carries a copy of the offending message, "up
 * to 1024 bytes". */
#define ERROR_COPY_MAX 1024
#define DEFAULT_MAX_IGNORED 16
/* Initial buffer; it then doubles as bytes arrive, up to the message. */
#define BUF_MIN 256

typedef enum {
	PH_VERSION,     /* expecting Version Request */
	PH_SASL_SELECT, /* mechanisms offered, expecting Mechanism Selection */
	PH_SASL_DATA,   /* empty challenge sent, expecting Authentication Data */
	PH_TRANSPORT,   /* PB-TNC batches */
	PH_END,
} phase_t;

struct pttls_srv {
	pttls_srv_cfg_t cfg;
	pttls_srv_cbs_t cbs;
	char *name;
	char *peer_dn;
	phase_t phase;
	bool holding;
	bool have_user;
	pttls_ident_t user;
	uint32_t next_id;      /* our message identifier */
	unsigned ignored;
	uint8_t *buf;
	size_t cap, have, need; /* need: bytes of the current message known so far */
	uint64_t offset;        /* stream offset of the current message */
};

int pttls_srv_auth_parse(const char *s, pttls_srv_auth_t *out)
{
	static const char *const names[] = { "none", "tls", "sasl", "tls_or_sasl", "tls_and_sasl" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (s && strcmp(s, names[i]) == 0) {
			*out = (pttls_srv_auth_t)i;
			return 0;
		}
	return NEA_EINVAL;
}

const char *pttls_srv_auth_name(pttls_srv_auth_t a)
{
	static const char *const names[] = { "none", "tls", "sasl", "tls_or_sasl", "tls_and_sasl" };

	return (unsigned)a < sizeof(names) / sizeof(names[0]) ? names[a] : "?";
}

int pttls_srv_new(const pttls_srv_cfg_t *cfg, const pttls_srv_cbs_t *cbs, pttls_srv_t **out)
{
	pttls_srv_t *s = calloc(1, sizeof(*s));

	*out = NULL;
	if (!s)
		return NEA_ENOMEM;
	s->cfg = *cfg;
	s->cbs = *cbs;
	if (s->cfg.max_msg == 0 || s->cfg.max_msg > PTTLS_MAX_MESSAGE_LEN)
		s->cfg.max_msg = PTTLS_MAX_MESSAGE_LEN;
	if (s->cfg.max_ignored == 0)
		s->cfg.max_ignored = DEFAULT_MAX_IGNORED;
	s->name = strdup(cfg->name ? cfg->name : "PT-TLS connection");
	if (!s->name)
		goto fail;
	if (cfg->peer_dn) {
		s->peer_dn = strdup(cfg->peer_dn);
		if (!s->peer_dn)
			goto fail;
	}
	s->cfg.name = s->name;
	s->cfg.peer_dn = s->peer_dn;
	s->need = PTTLS_HDR_LEN;
	*out = s;
	return 0;
fail:
	free(s->name);
	free(s);
	return NEA_ENOMEM;
}

void pttls_srv_free(pttls_srv_t *s)
{
	if (!s)
		return;
	/* The buffer held a SASL PLAIN password at some point. */
	if (s->buf)
		memset(s->buf, 0, s->cap);
	free(s->buf);
	free(s->peer_dn);
	free(s->name);
	free(s);
}

/* ---- output ------------------------------------------------------------- */

static int send_msg(pttls_srv_t *s, uint32_t type, const uint8_t *value, size_t len)
{
	nea_wr_t w;
	uint8_t *p;
	size_t n;
	int rc;

	nea_wr_init(&w, PTTLS_MAX_MESSAGE_LEN);
	rc = pttls_msg_build(&w, 0, type, s->next_id, value, len);
	if (rc < 0) {
		nea_wr_free(&w);
		return rc;
	}
	NLOG(TNC, 2, "%s: sending PT-TLS message #%u of type '%s' (%zu bytes)", s->name,
	     s->next_id, pttls_type_name(0, type), w.len);
	s->next_id++;
	p = nea_wr_detach(&w, &n);
	rc = s->cbs.send(s->cbs.arg, p, n);
	free(p);
	return rc;
}

static int send_built(pttls_srv_t *s, uint32_t type, nea_wr_t *v)
{
	int rc = nea_wr_error(v);

	if (rc == 0)
		rc = send_msg(s, type, v->ptr, v->len);
	nea_wr_free(v);
	return rc;
}

/* The end of the connection: nothing is read or sent afterwards. */
static int end(pttls_srv_t *s, int rc)
{
	s->phase = PH_END;
	s->holding = false;
	return rc < 0 ? rc : NEA_ECLOSED;
}

/* Answer the current message (in s->buf) with a PT-TLS Error. */
static int send_error(pttls_srv_t *s, uint32_t code)
{
	pttls_error_t e = { .vendor = 0, .code = code, .orig = s->buf };
	nea_wr_t w;

	e.orig_len = s->have < ERROR_COPY_MAX ? s->have : ERROR_COPY_MAX;
	nea_wr_init(&w, 0);
	if (pttls_error_build(&w, &e) < 0) {
		nea_wr_free(&w);
		return NEA_ENOMEM;
	}
	return send_built(s, PTTLS_ERROR, &w);
}

/* A fatal fault in the current message: log it with its stream offset,
 * answer with a PT-TLS Error and end. */
static int fail(pttls_srv_t *s, uint32_t code, size_t at, const char *why)
{
	NLOG(TNC, 1, "%s: %s at byte %llu of the PT-TLS stream (offset %zu of the message); "
		     "sending PT-TLS error '%s' and closing",
	     s->name, why, (unsigned long long)(s->offset + at), at, pttls_error_name(0, code));
	send_error(s, code);
	return end(s, NEA_EINVAL);
}

/* ---- authentication -------------------------------------------------------- */

static int enter_transport(pttls_srv_t *s)
{
	nea_wr_t w;
	int rc;

	/* An empty SASL Mechanisms message tells the client SASL is complete. */
	nea_wr_init(&w, 0);
	rc = send_built(s, PTTLS_SASL_MECHS, &w);
	if (rc < 0)
		return end(s, rc);
	s->phase = PH_TRANSPORT;
	NLOG(TNC, 1, "%s: entering PT-TLS data transport phase", s->name);
	if (s->cbs.ready)
		s->cbs.ready(s->cbs.arg);
	return 0;
}

static bool cert_user(pttls_srv_t *s)
{
	if (!s->peer_dn)
		return false;
	if (pttls_ident_dn(&s->user, s->peer_dn) < 0) {
		NLOG(TNC, 1, "%s: client certificate subject too long for an identity", s->name);
		return false;
	}
	s->have_user = true;
	return true;
}

static int start_auth(pttls_srv_t *s)
{
	static const char *const mechs[] = { PTTLS_SASL_PLAIN_NAME };
	nea_wr_t w;
	int rc;

	NLOG(TNC, 1, "%s: doing SASL client authentication", s->name);
	switch (s->cfg.auth) {
	case PTTLS_SRV_AUTH_NONE:
		return enter_transport(s);
	case PTTLS_SRV_AUTH_TLS:
		if (cert_user(s))
			return enter_transport(s);
		NLOG(TNC, 1, "%s: requiring TLS certificate-based client authentication", s->name);
		return end(s, NEA_EAUTH);
	case PTTLS_SRV_AUTH_TLS_OR_SASL:
		if (cert_user(s)) {
			NLOG(TNC, 1, "%s: skipping SASL, client already authenticated by TLS "
				     "certificate", s->name);
			return enter_transport(s);
		}
		break;
	case PTTLS_SRV_AUTH_TLS_AND_SASL:
		if (!cert_user(s)) {
			NLOG(TNC, 1, "%s: requiring TLS certificate-based client authentication",
			     s->name);
			return end(s, NEA_EAUTH);
		}
		break;
	case PTTLS_SRV_AUTH_SASL:
	default:
		break;
	}
	NLOG(TNC, 1, "%s: offering SASL %s", s->name, mechs[0]);
	nea_wr_init(&w, 0);
	pttls_sasl_mechs_build(&w, mechs, 1);
	rc = send_built(s, PTTLS_SASL_MECHS, &w);
	if (rc < 0)
		return end(s, rc);
	s->phase = PH_SASL_SELECT;
	return 0;
}

/* Constant time in the length of the stored secret: the comparison must
 * not tell an attacker how many leading bytes were right. */
static bool secret_equal(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	uint8_t diff = alen != blen;

	for (size_t i = 0; i < alen; i++)
		diff |= a[i] ^ (i < blen ? b[i] : 0);
	return diff == 0;
}

static int sasl_failed(pttls_srv_t *s, const char *who)
{
	nea_wr_t w;

	NLOG(TNC, 1, "%s: SASL PLAIN authentication failed for '%s'", s->name, who);
	/* Abort, as strongSwan: the client may not retry on this connection. */
	nea_wr_init(&w, 0);
	pttls_sasl_result_build(&w, PTTLS_SASL_ABORT, NULL, 0);
	send_built(s, PTTLS_SASL_RESULT, &w);
	return end(s, NEA_EAUTH);
}

static int sasl_plain(pttls_srv_t *s, const uint8_t *data, size_t len)
{
	pttls_sasl_plain_t pl;
	nea_perr_t perr = { 0 };
	const uint8_t *secret;
	size_t slen;
	char who[3 * PTTLS_SASL_PLAIN_MAX_PART + 8];
	pttls_ident_t id;
	nea_wr_t w;
	int rc;

	if (pttls_sasl_plain_parse(data, len, &pl, &perr) < 0) {
		NLOG(TNC, 1, "%s: invalid SASL PLAIN message: %s", s->name, perr.msg);
		return sasl_failed(s, "?");
	}
	pttls_printable(pl.authcid, pl.authcid_len, who, sizeof(who));
	/* nea has no authorization identities beyond the authenticated one. */
	if (pl.authzid_len &&
	    (pl.authzid_len != pl.authcid_len || memcmp(pl.authzid, pl.authcid, pl.authzid_len))) {
		NLOG(CFG, 1, "%s: SASL authorization identity differs from '%s'", s->name, who);
		return sasl_failed(s, who);
	}
	if (!s->cbs.secret ||
	    s->cbs.secret(s->cbs.arg, pl.authcid, pl.authcid_len, &secret, &slen) < 0) {
		NLOG(CFG, 1, "%s: no shared secret found for '%s'", s->name, who);
		return sasl_failed(s, who);
	}
	if (!secret_equal(secret, slen, pl.passwd, pl.passwd_len)) {
		NLOG(CFG, 1, "%s: shared secret for '%s' does not match", s->name, who);
		return sasl_failed(s, who);
	}
	if (pttls_ident_sasl(&id, pl.authcid, pl.authcid_len) < 0)
		return sasl_failed(s, who);
	NLOG(TNC, 1, "%s: SASL PLAIN authentication successful", s->name);
	NLOG(TNC, 1, "%s: SASL client identity is '%s'", s->name, who);
	/* As strongSwan, the SASL identity replaces a certificate's. */
	s->user = id;
	s->have_user = true;
	nea_wr_init(&w, 0);
	pttls_sasl_result_build(&w, PTTLS_SASL_SUCCESS, NULL, 0);
	rc = send_built(s, PTTLS_SASL_RESULT, &w);
	if (rc < 0)
		return end(s, rc);
	return enter_transport(s);
}

/* ---- messages ---------------------------------------------------------------- */

static int on_version(pttls_srv_t *s, const pttls_msg_t *m)
{
	pttls_version_req_t req;
	nea_perr_t perr = { 0 };
	uint8_t v;
	char why[200];
	nea_wr_t w;
	int rc;

	if (pttls_version_req_parse(m->value, m->value_len, &req, &perr) < 0) {
		snprintf(why, sizeof(why), "malformed Version Request: %s", perr.msg);
		return fail(s, PTTLS_ERR_MALFORMED_MESSAGE, PTTLS_HDR_LEN + perr.offset, why);
	}
	if (pttls_version_select(&req, &v) < 0) {
		snprintf(why, sizeof(why), "PT-TLS version negotiation failed: client offers "
					   "versions %u..%u, we support %d",
			 req.min, req.max, PTTLS_VERSION);
		return fail(s, PTTLS_ERR_VERSION_NOT_SUPPORTED, PTTLS_HDR_LEN + 1, why);
	}
	nea_wr_init(&w, 0);
	pttls_version_resp_build(&w, v);
	rc = send_built(s, PTTLS_VERSION_RESPONSE, &w);
	if (rc < 0)
		return end(s, rc);
	NLOG(TNC, 1, "%s: negotiated PT-TLS version %u", s->name, v);
	return start_auth(s);
}

static int on_select(pttls_srv_t *s, const pttls_msg_t *m)
{
	pttls_sasl_mech_t mech;
	nea_perr_t perr = { 0 };
	const uint8_t *init;
	size_t init_len;
	char name[4 * PTTLS_SASL_MECH_MAX + 8], why[200];
	nea_wr_t w;
	int rc;

	if (pttls_sasl_select_parse(m->value, m->value_len, &mech, &init, &init_len, &perr) < 0) {
		snprintf(why, sizeof(why), "malformed SASL Mechanism Selection: %s", perr.msg);
		return fail(s, PTTLS_ERR_MALFORMED_MESSAGE, PTTLS_HDR_LEN + perr.offset, why);
	}
	pttls_printable(mech.name, mech.len, name, sizeof(name));
	NLOG(TNC, 1, "%s: client starts SASL %s authentication", s->name, name);
	if (mech.len != strlen(PTTLS_SASL_PLAIN_NAME) ||
	    memcmp(mech.name, PTTLS_SASL_PLAIN_NAME, mech.len) != 0) {
		snprintf(why, sizeof(why), "SASL mechanism '%s' was not offered", name);
		return fail(s, PTTLS_ERR_SASL_MECH_ERROR, PTTLS_HDR_LEN + 1, why);
	}
	if (init_len)
		return sasl_plain(s, init, init_len);
	/* RFC 4422 §5: without an initial response the server sends an
	 * empty challenge and the client answers with its message. */
	nea_wr_init(&w, 0);
	rc = send_built(s, PTTLS_SASL_AUTH_DATA, &w);
	if (rc < 0)
		return end(s, rc);
	s->phase = PH_SASL_DATA;
	return 0;
}

static int on_error(pttls_srv_t *s, const pttls_msg_t *m)
{
	pttls_error_t e;
	nea_perr_t perr = { 0 };

	if (pttls_error_parse(m->value, m->value_len, &e, &perr) < 0)
		NLOG(TNC, 1, "%s: received malformed PT-TLS error (%s); closing", s->name, perr.msg);
	else
		NLOG(TNC, 1, "%s: received PT-TLS error '%s' (vendor 0x%06x code %u); closing",
		     s->name, pttls_error_name(e.vendor, e.code), e.vendor, e.code);
	/* Never answer an error with an error. */
	return end(s, NEA_ECLOSED);
}

/* Unknown IETF or vendor type: RFC 6876 §3.9.1 Type Not Supported is
 * answered, the message ignored, the connection goes on. */
static int on_unsupported(pttls_srv_t *s, const pttls_msg_t *m)
{
	int rc;

	if (++s->ignored > s->cfg.max_ignored) {
		char why[120];

		snprintf(why, sizeof(why), "more than %u unsupported PT-TLS messages",
			 s->cfg.max_ignored);
		return fail(s, PTTLS_ERR_TYPE_NOT_SUPPORTED, 4, why);
	}
	NLOG(TNC, 1, "%s: ignoring unsupported PT-TLS message type 0x%06x/0x%08x at byte %llu "
		     "of the stream; sending PT-TLS error 'Type Not Supported'",
	     s->name, m->hdr.vendor, m->hdr.type, (unsigned long long)s->offset);
	rc = send_error(s, PTTLS_ERR_TYPE_NOT_SUPPORTED);
	return rc < 0 ? end(s, rc) : 0;
}

static bool known_type(const pttls_hdr_t *h)
{
	return h->vendor == 0 && h->type >= PTTLS_VERSION_REQUEST && h->type <= PTTLS_ERROR;
}

static int dispatch(pttls_srv_t *s, const pttls_msg_t *m)
{
	static const uint32_t expected[] = {
		[PH_VERSION] = PTTLS_VERSION_REQUEST,
		[PH_SASL_SELECT] = PTTLS_SASL_MECH_SELECTION,
		[PH_SASL_DATA] = PTTLS_SASL_AUTH_DATA,
		[PH_TRANSPORT] = PTTLS_PB_TNC_BATCH,
	};
	char why[200];

	if (m->hdr.vendor == 0)
		NLOG(TNC, 2, "%s: received PT-TLS message #%u of type '%s' (%u bytes)", s->name,
		     m->hdr.identifier, pttls_type_name(0, m->hdr.type), m->hdr.length);
	else
		NLOG(TNC, 2, "%s: received PT-TLS message #%u of unknown type 0x%06x/0x%08x "
			     "(%u bytes)", s->name, m->hdr.identifier, m->hdr.vendor, m->hdr.type,
		     m->hdr.length);
	if (!known_type(&m->hdr))
		return on_unsupported(s, m);
	if (m->hdr.type == PTTLS_ERROR)
		return on_error(s, m);
	if (m->hdr.type != expected[s->phase]) {
		snprintf(why, sizeof(why), "unexpected PT-TLS message '%s' (expecting '%s')",
			 pttls_type_name(0, m->hdr.type), pttls_type_name(0, expected[s->phase]));
		return fail(s, PTTLS_ERR_INVALID_MESSAGE, 4, why);
	}
	switch (s->phase) {
	case PH_VERSION:
		return on_version(s, m);
	case PH_SASL_SELECT:
		return on_select(s, m);
	case PH_SASL_DATA:
		return sasl_plain(s, m->value, m->value_len);
	case PH_TRANSPORT:
		s->holding = true;
		s->cbs.batch(s->cbs.arg, m->value, m->value_len);
		return 0;
	default:
		return end(s, NEA_ESTATE);
	}
}

/* ---- input --------------------------------------------------------------------- */

size_t pttls_srv_want(const pttls_srv_t *s)
{
	if (s->phase == PH_END || s->holding)
		return 0;
	return s->need - s->have;
}

static int grow(pttls_srv_t *s, size_t n)
{
	size_t want, cap;
	uint8_t *p;

	if (!nea_add_size(s->have, n, &want))
		return NEA_ETOOBIG;
	if (want <= s->cap)
		return 0;
	cap = s->cap ? s->cap : BUF_MIN;
	while (cap < want)
		cap = cap > SIZE_MAX / 2 ? want : cap * 2;
	if (cap > s->need)
		cap = s->need;
	if (cap < want)
		cap = want;
	p = realloc(s->buf, cap);
	if (!p)
		return NEA_ENOMEM;
	s->buf = p;
	s->cap = cap;
	return 0;
}

/* Keep a small buffer between messages; a large one (a 21 KB Installed
 * Packages batch) is given back, since the connection then idles while
 * the broker and the verifiers work. */
#define BUF_KEEP 4096

static void next_message(pttls_srv_t *s)
{
	s->offset += s->have;
	if (s->buf)
		memset(s->buf, 0, s->have);
	if (s->cap > BUF_KEEP) {
		free(s->buf);
		s->buf = NULL;
		s->cap = 0;
	}
	s->have = 0;
	s->need = PTTLS_HDR_LEN;
}

int pttls_srv_feed(pttls_srv_t *s, const uint8_t *p, size_t n)
{
	nea_perr_t perr = { 0 };
	pttls_msg_t m;
	size_t need;
	int rc;

	if (n > pttls_srv_want(s))
		return s->phase == PH_END ? NEA_ECLOSED : NEA_ETOOBIG;
	if (n == 0)
		return 0;
	rc = grow(s, n);
	if (rc < 0)
		return end(s, rc);
	memcpy(s->buf + s->have, p, n);
	s->have += n;
	if (s->have < s->need)
		return 0;
	rc = pttls_stream_next(s->buf, s->have, s->cfg.max_msg, &need, &perr);
	if (rc == NEA_EAGAIN) {
		/* The header is complete and acceptable: now wait for the value. */
		s->need = need;
		return 0;
	}
	if (rc < 0) {
		char why[200];

		snprintf(why, sizeof(why), "malformed PT-TLS message: %s", perr.msg);
		return fail(s, PTTLS_ERR_MALFORMED_MESSAGE, perr.offset, why);
	}
	rc = pttls_msg_parse(s->buf, s->have, s->cfg.max_msg, &m, &perr);
	if (rc < 0) {
		char why[200];

		snprintf(why, sizeof(why), "malformed PT-TLS message: %s", perr.msg);
		return fail(s, PTTLS_ERR_MALFORMED_MESSAGE, perr.offset, why);
	}
	rc = dispatch(s, &m);
	if (s->phase != PH_END)
		next_message(s);
	return rc;
}

/* ---- from the broker ------------------------------------------------------------ */

int pttls_srv_send_batch(pttls_srv_t *s, const uint8_t *p, size_t len)
{
	size_t total;
	int rc;

	if (s->phase != PH_TRANSPORT)
		return NEA_ESTATE;
	if (!nea_add_size(len, PTTLS_HDR_LEN, &total) || total > PTTLS_MAX_MESSAGE_LEN)
		return NEA_ETOOBIG;
	rc = send_msg(s, PTTLS_PB_TNC_BATCH, p, len);
	if (rc < 0)
		return end(s, rc);
	s->holding = false;
	return 0;
}

void pttls_srv_release(pttls_srv_t *s)
{
	s->holding = false;
}

void pttls_srv_finish(pttls_srv_t *s)
{
	end(s, 0);
}

bool pttls_srv_in_transport(const pttls_srv_t *s)
{
	return s->phase == PH_TRANSPORT;
}

bool pttls_srv_done(const pttls_srv_t *s)
{
	return s->phase == PH_END;
}

bool pttls_srv_holding(const pttls_srv_t *s)
{
	return s->holding;
}

const pttls_ident_t *pttls_srv_user(const pttls_srv_t *s)
{
	return s->have_user ? &s->user : NULL;
}

uint64_t pttls_srv_offset(const pttls_srv_t *s)
{
	return s->offset;
}
