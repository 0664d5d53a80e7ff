/* Request codec and argument checks of the XFRM helper; see xfrm_req.h. */
#include "xfrm_req.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "nea_buf.h"

#define B(t) XFRM_AT_BIT(XFRM_AT_##t)

/* Which attributes each request may carry, and which it must. */
static const struct {
	const char *name;
	uint32_t allowed;
	uint32_t required;
} req_types[XFRM_REQ_TYPE_MAX + 1] = {
	[XFRM_REQ_READY] = {"READY", 0, 0},
	[XFRM_REQ_ALLOC_REQID] = {"ALLOC_REQID", 0, 0},
	[XFRM_REQ_ADD_SA] = {"ADD_SA",
			     B(REQID) | B(LOCAL) | B(REMOTE) | B(SPI_IN) | B(SPI_OUT) | B(ENCR) |
				     B(ENCR_KEY_IN) | B(ENCR_KEY_OUT) | B(INTEG) |
				     B(INTEG_KEY_IN) | B(INTEG_KEY_OUT) | B(ENCAP),
			     B(REQID) | B(LOCAL) | B(REMOTE) | B(SPI_IN) | B(SPI_OUT) | B(ENCR) |
				     B(ENCR_KEY_IN) | B(ENCR_KEY_OUT)},
	[XFRM_REQ_ADD_POLICY] = {"ADD_POLICY",
				 B(REQID) | B(LOCAL) | B(REMOTE) | B(TS_LOCAL) | B(TS_REMOTE),
				 B(REQID) | B(LOCAL) | B(REMOTE) | B(TS_LOCAL) | B(TS_REMOTE)},
	[XFRM_REQ_DEL_SA] = {"DEL_SA", B(REQID), B(REQID)},
	[XFRM_REQ_DEL_POLICY] = {"DEL_POLICY", B(REQID), B(REQID)},
	[XFRM_REQ_RELEASE] = {"RELEASE", B(REQID), B(REQID)},
	[XFRM_REQ_FLUSH] = {"FLUSH", 0, 0},
};

static const char *const at_names[XFRM_AT_MAX + 1] = {
	[XFRM_AT_REQID] = "REQID",		[XFRM_AT_LOCAL] = "LOCAL",
	[XFRM_AT_REMOTE] = "REMOTE",		[XFRM_AT_SPI_IN] = "SPI_IN",
	[XFRM_AT_SPI_OUT] = "SPI_OUT",		[XFRM_AT_ENCR] = "ENCR",
	[XFRM_AT_ENCR_KEY_IN] = "ENCR_KEY_IN",	[XFRM_AT_ENCR_KEY_OUT] = "ENCR_KEY_OUT",
	[XFRM_AT_INTEG] = "INTEG",		[XFRM_AT_INTEG_KEY_IN] = "INTEG_KEY_IN",
	[XFRM_AT_INTEG_KEY_OUT] = "INTEG_KEY_OUT", [XFRM_AT_ENCAP] = "ENCAP",
	[XFRM_AT_TS_LOCAL] = "TS_LOCAL",	[XFRM_AT_TS_REMOTE] = "TS_REMOTE",
};

const char *xfrm_req_type_name(uint8_t type)
{
	return type <= XFRM_REQ_TYPE_MAX ? req_types[type].name : "UNKNOWN";
}

size_t xfrm_ip_len(uint8_t family)
{
	return family == 4 ? 4 : family == 6 ? 16 : 0;
}

static int rd_ip(nea_rd_t *r, xfrm_ip_t *ip, size_t base, nea_perr_t *err, const char *what)
{
	size_t alen;

	memset(ip, 0, sizeof(*ip));
	if (!nea_rd_u8(r, &ip->family))
		return nea_perr(err, NEA_ETRUNC, base + r->off, "%s: no family", what);
	alen = xfrm_ip_len(ip->family);
	if (!alen)
		return nea_perr(err, NEA_EINVAL, base + r->off - 1, "%s: family %u is neither 4 nor 6",
				what, ip->family);
	if (nea_rd_left(r) != alen)
		return nea_perr(err, NEA_EINVAL, base, "%s: IPv%u needs %zu address bytes, has %zu",
				what, ip->family, alen, nea_rd_left(r));
	(void)nea_rd_copy(r, ip->addr, alen);
	return 0;
}

static int rd_ts(nea_rd_t *r, xfrm_ts_t *ts, size_t base, nea_perr_t *err, const char *what)
{
	uint8_t reserved;
	size_t alen;

	memset(ts, 0, sizeof(*ts));
	if (!nea_rd_u8(r, &ts->net.family) || !nea_rd_u8(r, &ts->plen) ||
	    !nea_rd_u8(r, &ts->proto) || !nea_rd_u8(r, &reserved) || !nea_rd_u16(r, &ts->port))
		return nea_perr(err, NEA_ETRUNC, base, "%s: needs 6 bytes before the address", what);
	if (reserved)
		return nea_perr(err, NEA_EINVAL, base + 3, "%s: reserved byte is %u", what, reserved);
	alen = xfrm_ip_len(ts->net.family);
	if (!alen)
		return nea_perr(err, NEA_EINVAL, base, "%s: family %u is neither 4 nor 6", what,
				ts->net.family);
	if (nea_rd_left(r) != alen)
		return nea_perr(err, NEA_EINVAL, base, "%s: IPv%u needs %zu address bytes, has %zu",
				what, ts->net.family, alen, nea_rd_left(r));
	(void)nea_rd_copy(r, ts->net.addr, alen);
	return 0;
}

static int rd_u32_exact(nea_rd_t *r, uint32_t *v, size_t base, nea_perr_t *err, const char *what)
{
	if (nea_rd_left(r) != 4)
		return nea_perr(err, NEA_EINVAL, base, "%s must be 4 bytes, is %zu", what,
				nea_rd_left(r));
	(void)nea_rd_u32(r, v);
	return 0;
}

static int rd_key(nea_rd_t *r, uint8_t *dst, size_t *dlen, size_t base, nea_perr_t *err,
		  const char *what)
{
	size_t n = nea_rd_left(r);

	if (n > XFRM_KEY_MAX)
		return nea_perr(err, NEA_ETOOBIG, base, "%s of %zu bytes exceeds %d", what, n,
				XFRM_KEY_MAX);
	(void)nea_rd_copy(r, dst, n);
	*dlen = n;
	return 0;
}

/* One attribute's value; v is exactly the value bytes, base its offset. */
static int parse_attr(xfrm_req_t *req, uint16_t at, nea_rd_t *v, size_t base, nea_perr_t *err)
{
	const char *nm = at_names[at];

	switch (at) {
	case XFRM_AT_REQID:
		return rd_u32_exact(v, &req->reqid, base, err, nm);
	case XFRM_AT_SPI_IN:
		return rd_u32_exact(v, &req->spi_in, base, err, nm);
	case XFRM_AT_SPI_OUT:
		return rd_u32_exact(v, &req->spi_out, base, err, nm);
	case XFRM_AT_LOCAL:
		return rd_ip(v, &req->local, base, err, nm);
	case XFRM_AT_REMOTE:
		return rd_ip(v, &req->remote, base, err, nm);
	case XFRM_AT_ENCR:
		if (nea_rd_left(v) != 4)
			return nea_perr(err, NEA_EINVAL, base, "ENCR must be 4 bytes, is %zu",
					nea_rd_left(v));
		(void)nea_rd_u16(v, &req->encr);
		(void)nea_rd_u16(v, &req->encr_keylen);
		return 0;
	case XFRM_AT_INTEG:
		if (nea_rd_left(v) != 2)
			return nea_perr(err, NEA_EINVAL, base, "INTEG must be 2 bytes, is %zu",
					nea_rd_left(v));
		(void)nea_rd_u16(v, &req->integ);
		return 0;
	case XFRM_AT_ENCAP:
		if (nea_rd_left(v) != 4)
			return nea_perr(err, NEA_EINVAL, base, "ENCAP must be 4 bytes, is %zu",
					nea_rd_left(v));
		(void)nea_rd_u16(v, &req->encap_local);
		(void)nea_rd_u16(v, &req->encap_remote);
		return 0;
	case XFRM_AT_ENCR_KEY_IN:
		return rd_key(v, req->ekey_in, &req->ekey_in_len, base, err, nm);
	case XFRM_AT_ENCR_KEY_OUT:
		return rd_key(v, req->ekey_out, &req->ekey_out_len, base, err, nm);
	case XFRM_AT_INTEG_KEY_IN:
		return rd_key(v, req->ikey_in, &req->ikey_in_len, base, err, nm);
	case XFRM_AT_INTEG_KEY_OUT:
		return rd_key(v, req->ikey_out, &req->ikey_out_len, base, err, nm);
	case XFRM_AT_TS_LOCAL:
		return rd_ts(v, &req->ts_local, base, err, nm);
	case XFRM_AT_TS_REMOTE:
		return rd_ts(v, &req->ts_remote, base, err, nm);
	}
	return nea_perr(err, NEA_EUNSUPPORTED, base, "unknown attribute %u", at);
}

int xfrm_req_parse(xfrm_req_t *req, const uint8_t *buf, size_t len, nea_perr_t *err)
{
	nea_rd_t r;
	uint8_t ver;
	uint16_t total;
	int rc;

	memset(req, 0, sizeof(*req));
	if (len > XFRM_REQ_MAX)
		return nea_perr(err, NEA_ETOOBIG, 0, "request of %zu bytes exceeds %d", len,
				XFRM_REQ_MAX);
	nea_rd_init(&r, buf, len);
	if (!nea_rd_u8(&r, &ver) || !nea_rd_u8(&r, &req->type) || !nea_rd_u16(&r, &total) ||
	    !nea_rd_u32(&r, &req->seq))
		return nea_perr(err, NEA_ETRUNC, r.off, "header needs %d bytes, request has %zu",
				XFRM_REQ_HDR_LEN, len);
	if (ver != XFRM_REQ_VERSION)
		return nea_perr(err, NEA_EVERSION, 0, "version %u, expected %d", ver,
				XFRM_REQ_VERSION);
	if (req->type == XFRM_REQ_READY || req->type > XFRM_REQ_TYPE_MAX)
		return nea_perr(err, NEA_EUNSUPPORTED, 1, "unknown request type %u", req->type);
	if (total != len)
		return nea_perr(err, NEA_EINVAL, 2, "length field %u but the packet has %zu bytes",
				total, len);
	while (nea_rd_left(&r) > 0) {
		size_t at_off = r.off;
		uint16_t at, alen;
		nea_rd_t v;

		if (!nea_rd_u16(&r, &at) || !nea_rd_u16(&r, &alen))
			return nea_perr(err, NEA_ETRUNC, at_off, "attribute header needs 4 bytes, %zu left",
					len - at_off);
		if (at == 0 || at > XFRM_AT_MAX)
			return nea_perr(err, NEA_EUNSUPPORTED, at_off, "unknown attribute %u", at);
		if (!(req_types[req->type].allowed & XFRM_AT_BIT(at)))
			return nea_perr(err, NEA_EINVAL, at_off, "attribute %s not allowed in %s",
					at_names[at], req_types[req->type].name);
		if (req->present & XFRM_AT_BIT(at))
			return nea_perr(err, NEA_EINVAL, at_off, "attribute %s repeated", at_names[at]);
		if (!nea_rd_sub(&r, alen, &v))
			return nea_perr(err, NEA_ETRUNC, at_off + 2,
					"attribute %s claims %u bytes, %zu left", at_names[at], alen,
					nea_rd_left(&r));
		rc = parse_attr(req, at, &v, at_off + 4, err);
		if (rc < 0)
			return rc;
		req->present |= XFRM_AT_BIT(at);
	}
	return 0;
}

/*
 * The allow-list. Anything the kernel could do beyond it (NULL encryption,
 * 3DES, SHA-1, MD5, short ICVs) is refused here so that an exploited
 * nea-iked cannot weaken tunnels through its helper.
 */
int xfrm_alg_lookup(uint16_t encr, uint16_t keylen_bits, uint16_t integ, xfrm_alg_t *out)
{
	memset(out, 0, sizeof(*out));
	switch (encr) {
	case XFRM_ENCR_AES_CBC:
		if (keylen_bits != 128 && keylen_bits != 192 && keylen_bits != 256)
			return NEA_EUNSUPPORTED;
		out->encr_name = "cbc(aes)";
		out->ekey_len = keylen_bits / 8;
		break;
	case XFRM_ENCR_AES_GCM_16:
		if (keylen_bits != 128 && keylen_bits != 192 && keylen_bits != 256)
			return NEA_EUNSUPPORTED;
		out->encr_name = "rfc4106(gcm(aes))";
		out->aead = true;
		out->ekey_len = keylen_bits / 8 + 4;
		out->icv_bits = 128;
		break;
	case XFRM_ENCR_CHACHA20_POLY1305:
		if (keylen_bits != 0 && keylen_bits != 256)
			return NEA_EUNSUPPORTED;
		out->encr_name = "rfc7539esp(chacha20,poly1305)";
		out->aead = true;
		out->ekey_len = 32 + 4;
		out->icv_bits = 128;
		break;
	default:
		return NEA_EUNSUPPORTED;
	}
	if (out->aead)
		return integ == XFRM_INTEG_NONE ? 0 : NEA_EUNSUPPORTED;
	switch (integ) {
	case XFRM_INTEG_HMAC_SHA2_256_128:
		out->integ_name = "hmac(sha256)";
		out->ikey_len = 32;
		out->trunc_bits = 128;
		return 0;
	case XFRM_INTEG_HMAC_SHA2_384_192:
		out->integ_name = "hmac(sha384)";
		out->ikey_len = 48;
		out->trunc_bits = 192;
		return 0;
	}
	return NEA_EUNSUPPORTED;
}

static bool ip_is_zero(const xfrm_ip_t *ip)
{
	static const uint8_t zero[16];

	return memcmp(ip->addr, zero, xfrm_ip_len(ip->family)) == 0;
}

static int check_ts(const xfrm_ts_t *ts, uint8_t proto, const char *what, nea_perr_t *err)
{
	size_t alen = xfrm_ip_len(ts->net.family);
	unsigned bits = (unsigned)alen * 8;

	if (ts->plen > bits)
		return nea_perr(err, NEA_EINVAL, 0, "%s prefix length %u exceeds %u", what, ts->plen,
				bits);
	for (unsigned i = ts->plen; i < bits; i++)
		if (ts->net.addr[i / 8] & (0x80u >> (i % 8)))
			return nea_perr(err, NEA_EINVAL, 0, "%s has host bits set beyond /%u", what,
					ts->plen);
	if (ts->port && proto != IPPROTO_TCP && proto != IPPROTO_UDP && proto != IPPROTO_SCTP)
		return nea_perr(err, NEA_EINVAL, 0, "%s names port %u without TCP, UDP or SCTP",
				what, ts->port);
	return 0;
}

static int check_endpoints(const xfrm_req_t *req, nea_perr_t *err)
{
	if (req->local.family != req->remote.family)
		return nea_perr(err, NEA_EINVAL, 0, "tunnel endpoints mix IPv%u and IPv%u",
				req->local.family, req->remote.family);
	if (ip_is_zero(&req->local) || ip_is_zero(&req->remote))
		return nea_perr(err, NEA_EINVAL, 0, "tunnel endpoint is the unspecified address");
	return 0;
}

uint8_t xfrm_ts_proto(const xfrm_req_t *req)
{
	return req->ts_local.proto ? req->ts_local.proto : req->ts_remote.proto;
}

int xfrm_req_check(const xfrm_req_t *req, nea_perr_t *err)
{
	uint32_t need;
	xfrm_alg_t alg;
	int rc;

	if (req->type == XFRM_REQ_READY || req->type > XFRM_REQ_TYPE_MAX)
		return nea_perr(err, NEA_EUNSUPPORTED, 0, "unknown request type %u", req->type);
	need = req_types[req->type].required;
	if ((req->present & need) != need || (req->present & ~req_types[req->type].allowed)) {
		for (unsigned at = 1; at <= XFRM_AT_MAX; at++)
			if ((need & XFRM_AT_BIT(at)) && !(req->present & XFRM_AT_BIT(at)))
				return nea_perr(err, NEA_EINVAL, 0, "%s needs attribute %s",
						req_types[req->type].name, at_names[at]);
		return nea_perr(err, NEA_EINVAL, 0, "%s carries attributes it may not",
				req_types[req->type].name);
	}
	if ((need & XFRM_AT_BIT(XFRM_AT_REQID)) && req->reqid == 0)
		return nea_perr(err, NEA_EINVAL, 0, "reqid 0 is reserved");

	if (req->type == XFRM_REQ_ADD_SA) {
		rc = check_endpoints(req, err);
		if (rc < 0)
			return rc;
		if (req->spi_in < 256 || req->spi_out < 256)
			return nea_perr(err, NEA_EINVAL, 0,
					"SPI %08x_i or %08x_o is in the reserved range 0-255",
					req->spi_in, req->spi_out);
		if (xfrm_alg_lookup(req->encr, req->encr_keylen, req->integ, &alg) < 0)
			return nea_perr(err, NEA_EUNSUPPORTED, 0,
					"algorithms ENCR %u (%u bits) with INTEG %u are not allowed",
					req->encr, req->encr_keylen, req->integ);
		if (req->ekey_in_len != alg.ekey_len || req->ekey_out_len != alg.ekey_len)
			return nea_perr(err, NEA_EINVAL, 0,
					"%s needs %zu-byte encryption keys, got %zu and %zu",
					alg.encr_name, alg.ekey_len, req->ekey_in_len,
					req->ekey_out_len);
		if (alg.aead) {
			if (req->present & (B(INTEG) | B(INTEG_KEY_IN) | B(INTEG_KEY_OUT)))
				return nea_perr(err, NEA_EINVAL, 0,
						"%s is AEAD and takes no integrity algorithm or key",
						alg.encr_name);
		} else {
			if ((req->present & (B(INTEG) | B(INTEG_KEY_IN) | B(INTEG_KEY_OUT))) !=
			    (B(INTEG) | B(INTEG_KEY_IN) | B(INTEG_KEY_OUT)))
				return nea_perr(err, NEA_EINVAL, 0,
						"%s needs an integrity algorithm and both keys",
						alg.encr_name);
			if (req->ikey_in_len != alg.ikey_len || req->ikey_out_len != alg.ikey_len)
				return nea_perr(err, NEA_EINVAL, 0,
						"%s needs %zu-byte keys, got %zu and %zu",
						alg.integ_name, alg.ikey_len, req->ikey_in_len,
						req->ikey_out_len);
		}
		if ((req->present & B(ENCAP)) && (!req->encap_local || !req->encap_remote))
			return nea_perr(err, NEA_EINVAL, 0, "UDP encapsulation with port 0");
		if ((req->present & B(ENCAP)) && req->local.family != 4)
			return nea_perr(err, NEA_EINVAL, 0, "UDP encapsulation is for IPv4 here");
	}
	if (req->type == XFRM_REQ_ADD_POLICY) {
		rc = check_endpoints(req, err);
		if (rc < 0)
			return rc;
		if (req->ts_local.net.family != req->ts_remote.net.family)
			return nea_perr(err, NEA_EINVAL, 0, "selectors mix IPv%u and IPv%u",
					req->ts_local.net.family, req->ts_remote.net.family);
		/* one kernel selector has one protocol: "any" on one side
		 * takes the other side's, two different ones match nothing */
		if (req->ts_local.proto && req->ts_remote.proto &&
		    req->ts_local.proto != req->ts_remote.proto)
			return nea_perr(err, NEA_EINVAL, 0,
					"selectors name different protocols %u and %u",
					req->ts_local.proto, req->ts_remote.proto);
		rc = check_ts(&req->ts_local, xfrm_ts_proto(req), "local selector", err);
		if (rc == 0)
			rc = check_ts(&req->ts_remote, xfrm_ts_proto(req), "remote selector", err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* A fixed-buffer writer: keys never pass through a growing heap buffer. */
typedef struct {
	uint8_t *p;
	size_t cap, len;
	bool over;
} fwr_t;

static void fw_bytes(fwr_t *w, const void *src, size_t n)
{
	if (w->over || n > w->cap - w->len) {
		w->over = true;
		return;
	}
	memcpy(w->p + w->len, src, n);
	w->len += n;
}

static void fw_u8(fwr_t *w, uint8_t v)
{
	fw_bytes(w, &v, 1);
}

static void fw_u16(fwr_t *w, uint16_t v)
{
	uint8_t b[2];

	nea_put_u16(b, v);
	fw_bytes(w, b, 2);
}

static void fw_u32(fwr_t *w, uint32_t v)
{
	uint8_t b[4];

	nea_put_u32(b, v);
	fw_bytes(w, b, 4);
}

static void fw_attr(fwr_t *w, uint16_t at, const void *v, size_t n)
{
	if (n > UINT16_MAX) {
		w->over = true;
		return;
	}
	fw_u16(w, at);
	fw_u16(w, (uint16_t)n);
	fw_bytes(w, v, n);
}

static void fw_u32_attr(fwr_t *w, uint16_t at, uint32_t v)
{
	uint8_t b[4];

	nea_put_u32(b, v);
	fw_attr(w, at, b, 4);
}

static void fw_ip_attr(fwr_t *w, uint16_t at, const xfrm_ip_t *ip)
{
	uint8_t b[17];
	size_t alen = xfrm_ip_len(ip->family);

	if (!alen) {
		w->over = true;
		return;
	}
	b[0] = ip->family;
	memcpy(b + 1, ip->addr, alen);
	fw_attr(w, at, b, 1 + alen);
}

static void fw_ts_attr(fwr_t *w, uint16_t at, const xfrm_ts_t *ts)
{
	uint8_t b[22];
	size_t alen = xfrm_ip_len(ts->net.family);

	if (!alen) {
		w->over = true;
		return;
	}
	b[0] = ts->net.family;
	b[1] = ts->plen;
	b[2] = ts->proto;
	b[3] = 0;
	nea_put_u16(b + 4, ts->port);
	memcpy(b + 6, ts->net.addr, alen);
	fw_attr(w, at, b, 6 + alen);
}

int xfrm_req_build(const xfrm_req_t *req, uint8_t *buf, size_t cap)
{
	fwr_t w = {.p = buf, .cap = cap < XFRM_REQ_MAX ? cap : XFRM_REQ_MAX};
	uint32_t p = req->present;
	uint8_t b[4];

	if (req->type == XFRM_REQ_READY || req->type > XFRM_REQ_TYPE_MAX)
		return NEA_EINVAL;
	if (req->ekey_in_len > XFRM_KEY_MAX || req->ekey_out_len > XFRM_KEY_MAX ||
	    req->ikey_in_len > XFRM_KEY_MAX || req->ikey_out_len > XFRM_KEY_MAX)
		return NEA_ETOOBIG;
	fw_u8(&w, XFRM_REQ_VERSION);
	fw_u8(&w, req->type);
	fw_u16(&w, 0); /* patched below */
	fw_u32(&w, req->seq);
	if (p & B(REQID))
		fw_u32_attr(&w, XFRM_AT_REQID, req->reqid);
	if (p & B(LOCAL))
		fw_ip_attr(&w, XFRM_AT_LOCAL, &req->local);
	if (p & B(REMOTE))
		fw_ip_attr(&w, XFRM_AT_REMOTE, &req->remote);
	if (p & B(SPI_IN))
		fw_u32_attr(&w, XFRM_AT_SPI_IN, req->spi_in);
	if (p & B(SPI_OUT))
		fw_u32_attr(&w, XFRM_AT_SPI_OUT, req->spi_out);
	if (p & B(ENCR)) {
		nea_put_u16(b, req->encr);
		nea_put_u16(b + 2, req->encr_keylen);
		fw_attr(&w, XFRM_AT_ENCR, b, 4);
	}
	if (p & B(ENCR_KEY_IN))
		fw_attr(&w, XFRM_AT_ENCR_KEY_IN, req->ekey_in, req->ekey_in_len);
	if (p & B(ENCR_KEY_OUT))
		fw_attr(&w, XFRM_AT_ENCR_KEY_OUT, req->ekey_out, req->ekey_out_len);
	if (p & B(INTEG)) {
		nea_put_u16(b, req->integ);
		fw_attr(&w, XFRM_AT_INTEG, b, 2);
	}
	if (p & B(INTEG_KEY_IN))
		fw_attr(&w, XFRM_AT_INTEG_KEY_IN, req->ikey_in, req->ikey_in_len);
	if (p & B(INTEG_KEY_OUT))
		fw_attr(&w, XFRM_AT_INTEG_KEY_OUT, req->ikey_out, req->ikey_out_len);
	if (p & B(ENCAP)) {
		nea_put_u16(b, req->encap_local);
		nea_put_u16(b + 2, req->encap_remote);
		fw_attr(&w, XFRM_AT_ENCAP, b, 4);
	}
	if (p & B(TS_LOCAL))
		fw_ts_attr(&w, XFRM_AT_TS_LOCAL, &req->ts_local);
	if (p & B(TS_REMOTE))
		fw_ts_attr(&w, XFRM_AT_TS_REMOTE, &req->ts_remote);
	if (w.over) {
		explicit_bzero(buf, w.len);
		return NEA_ETOOBIG;
	}
	nea_put_u16(buf + 2, (uint16_t)w.len);
	return (int)w.len;
}

void xfrm_req_wipe(xfrm_req_t *req)
{
	explicit_bzero(req, sizeof(*req));
}

void xfrm_ans_encode(const xfrm_ans_t *a, uint8_t out[XFRM_ANS_LEN])
{
	out[0] = XFRM_REQ_VERSION;
	out[1] = (uint8_t)(XFRM_ANS_FLAG | (a->type & 0x7f));
	nea_put_u16(out + 2, XFRM_ANS_LEN);
	nea_put_u32(out + 4, a->seq);
	nea_put_u32(out + 8, (uint32_t)a->status);
	nea_put_u32(out + 12, a->kerrno);
	nea_put_u32(out + 16, a->value);
}

int xfrm_ans_decode(xfrm_ans_t *a, const uint8_t *buf, size_t len)
{
	uint32_t st;

	memset(a, 0, sizeof(*a));
	if (len != XFRM_ANS_LEN)
		return NEA_EINVAL;
	if (buf[0] != XFRM_REQ_VERSION)
		return NEA_EVERSION;
	if (!(buf[1] & XFRM_ANS_FLAG) || (buf[1] & 0x7f) > XFRM_REQ_TYPE_MAX ||
	    nea_get_u16(buf + 2) != XFRM_ANS_LEN)
		return NEA_EINVAL;
	a->type = buf[1] & 0x7f;
	a->seq = nea_get_u32(buf + 4);
	st = nea_get_u32(buf + 8);
	/* Only 0 or a NEA_E* code: a positive status is a broken helper. */
	if (st != 0 && (st < (uint32_t)INT32_MIN || (int32_t)st < -1000))
		return NEA_EINVAL;
	a->status = (int32_t)st;
	a->kerrno = nea_get_u32(buf + 12);
	a->value = nea_get_u32(buf + 16);
	return 0;
}

void xfrm_ip_str(const xfrm_ip_t *ip, char *out, size_t cap)
{
	if (!cap)
		return;
	if (!inet_ntop(ip->family == 6 ? AF_INET6 : AF_INET, ip->addr, out, (socklen_t)cap) ||
	    !xfrm_ip_len(ip->family))
		snprintf(out, cap, "?");
}

void xfrm_ts_str(const xfrm_ts_t *ts, char *out, size_t cap)
{
	char a[INET6_ADDRSTRLEN];

	xfrm_ip_str(&ts->net, a, sizeof(a));
	if (ts->proto || ts->port)
		snprintf(out, cap, "%s/%u[%u/%u]", a, ts->plen, ts->proto, ts->port);
	else
		snprintf(out, cap, "%s/%u", a, ts->plen);
}
