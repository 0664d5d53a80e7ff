#include "ike_proposal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ike_alg.h"
#include "ike_names.h"
#include "ike_types.h"
#include "nea_err.h"

/* strongSwan's proposal keywords (proposal_keywords_static.txt) for the
 * algorithms nea implements. */
static const struct {
	const char *name;
	uint8_t type;
	uint16_t id;
	uint16_t keylen;
} keywords[] = {
	{ "aes", IKE_TRANS_ENCR, IKE_ENCR_AES_CBC, 128 },
	{ "aes128", IKE_TRANS_ENCR, IKE_ENCR_AES_CBC, 128 },
	{ "aes192", IKE_TRANS_ENCR, IKE_ENCR_AES_CBC, 192 },
	{ "aes256", IKE_TRANS_ENCR, IKE_ENCR_AES_CBC, 256 },
	{ "aes128gcm8", IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_8, 128 },
	{ "aes128gcm64", IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_8, 128 },
	{ "aes128gcm12", IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_12, 128 },
	{ "aes128gcm96", IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_12, 128 },
	{ "aes128gcm16", IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_16, 128 },
	{ "aes128gcm128", IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_16, 128 },
	{ "aes128gcm", IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_16, 128 },
	{ "aes192gcm8", IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_8, 192 },
	{ "aes192gcm64", IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_8, 192 },
	{ "aes192gcm12", IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_12, 192 },
	{ "aes192gcm96", IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_12, 192 },
	{ "aes192gcm16", IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_16, 192 },
	{ "aes192gcm128", IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_16, 192 },
	{ "aes192gcm", IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_16, 192 },
	{ "aes256gcm8", IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_8, 256 },
	{ "aes256gcm64", IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_8, 256 },
	{ "aes256gcm12", IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_12, 256 },
	{ "aes256gcm96", IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_12, 256 },
	{ "aes256gcm16", IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_16, 256 },
	{ "aes256gcm128", IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_16, 256 },
	{ "aes256gcm", IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_16, 256 },
	{ "chacha20poly1305", IKE_TRANS_ENCR, IKE_ENCR_CHACHA20_POLY1305, 0 },
	{ "sha", IKE_TRANS_INTEG, IKE_INTEG_HMAC_SHA1_96, 0 },
	{ "sha1", IKE_TRANS_INTEG, IKE_INTEG_HMAC_SHA1_96, 0 },
	{ "sha256", IKE_TRANS_INTEG, IKE_INTEG_HMAC_SHA2_256_128, 0 },
	{ "sha2_256", IKE_TRANS_INTEG, IKE_INTEG_HMAC_SHA2_256_128, 0 },
	{ "sha384", IKE_TRANS_INTEG, IKE_INTEG_HMAC_SHA2_384_192, 0 },
	{ "sha2_384", IKE_TRANS_INTEG, IKE_INTEG_HMAC_SHA2_384_192, 0 },
	{ "sha512", IKE_TRANS_INTEG, IKE_INTEG_HMAC_SHA2_512_256, 0 },
	{ "sha2_512", IKE_TRANS_INTEG, IKE_INTEG_HMAC_SHA2_512_256, 0 },
	{ "prfsha1", IKE_TRANS_PRF, IKE_PRF_HMAC_SHA1, 0 },
	{ "prfsha256", IKE_TRANS_PRF, IKE_PRF_HMAC_SHA2_256, 0 },
	{ "prfsha384", IKE_TRANS_PRF, IKE_PRF_HMAC_SHA2_384, 0 },
	{ "prfsha512", IKE_TRANS_PRF, IKE_PRF_HMAC_SHA2_512, 0 },
	{ "modp2048", IKE_TRANS_DH, IKE_DH_MODP_2048, 0 },
	{ "ecp256", IKE_TRANS_DH, IKE_DH_ECP_256, 0 },
	{ "ecp384", IKE_TRANS_DH, IKE_DH_ECP_384, 0 },
	{ "curve25519", IKE_TRANS_DH, IKE_DH_CURVE25519, 0 },
	{ "x25519", IKE_TRANS_DH, IKE_DH_CURVE25519, 0 },
	{ "esn", IKE_TRANS_ESN, IKE_ESN_YES, 0 },
	{ "noesn", IKE_TRANS_ESN, IKE_ESN_NO, 0 },
};

/* Wire order of transform types, as charon sends them. */
static const uint8_t type_order[] = { IKE_TRANS_ENCR, IKE_TRANS_INTEG, IKE_TRANS_PRF,
				      IKE_TRANS_DH, IKE_TRANS_ESN };

__attribute__((format(printf, 3, 4))) static int cfg_err(char *buf, size_t len, const char *fmt,
							  ...)
{
	va_list ap;

	if (buf && len) {
		va_start(ap, fmt);
		vsnprintf(buf, len, fmt, ap);
		va_end(ap);
	}
	return NEA_ECONFIG;
}

static bool has_type(const ike_transform_t *t, size_t n, uint8_t type)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].type == type)
			return true;
	return false;
}

static bool has_trans(const ike_transform_t *t, size_t n, const ike_transform_t *x)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].type == x->type && t[i].id == x->id && t[i].keylen == x->keylen)
			return true;
	return false;
}

static int add(ike_transform_t *t, size_t *n, uint8_t type, uint16_t id, uint16_t keylen)
{
	ike_transform_t x = { .type = type, .id = id, .keylen = keylen };

	if (has_trans(t, *n, &x))
		return 0;
	if (*n == IKE_PROP_MAX_TRANS)
		return NEA_ETOOBIG;
	t[(*n)++] = x;
	return 0;
}

static uint16_t prf_for_integ(uint16_t integ)
{
	switch (integ) {
	case IKE_INTEG_HMAC_SHA1_96: return IKE_PRF_HMAC_SHA1;
	case IKE_INTEG_HMAC_SHA2_256_128: return IKE_PRF_HMAC_SHA2_256;
	case IKE_INTEG_HMAC_SHA2_384_192: return IKE_PRF_HMAC_SHA2_384;
	case IKE_INTEG_HMAC_SHA2_512_256: return IKE_PRF_HMAC_SHA2_512;
	default: return 0;
	}
}

int ike_proposal_parse(const char *str, uint8_t proto, ike_prop_cfg_t *out, char *errbuf,
		       size_t errlen)
{
	ike_transform_t t[IKE_PROP_MAX_TRANS];
	size_t n = 0, aead = 0, plain = 0;
	const char *p = str;

	memset(out, 0, sizeof(*out));
	if (proto != IKE_PROTO_IKE && proto != IKE_PROTO_ESP)
		return cfg_err(errbuf, errlen, "proposals are for IKE or ESP");
	while (*p) {
		const char *end = strchr(p, '-');
		size_t len = end ? (size_t)(end - p) : strlen(p), k;

		for (k = 0; k < sizeof(keywords) / sizeof(keywords[0]); k++)
			if (strlen(keywords[k].name) == len && strncmp(keywords[k].name, p, len) == 0)
				break;
		if (k == sizeof(keywords) / sizeof(keywords[0]))
			return cfg_err(errbuf, errlen, "unknown or unsupported algorithm '%.*s' in '%s'",
				       (int)len, p, str);
		if (keywords[k].type == IKE_TRANS_ENCR)
			ike_encr_is_aead(keywords[k].id) ? aead++ : plain++;
		if (proto == IKE_PROTO_ESP && keywords[k].type == IKE_TRANS_PRF)
			return cfg_err(errbuf, errlen, "'%.*s': ESP proposals have no PRF", (int)len, p);
		if (proto == IKE_PROTO_IKE && keywords[k].type == IKE_TRANS_ESN)
			return cfg_err(errbuf, errlen, "'%.*s': IKE proposals have no ESN", (int)len, p);
		if (add(t, &n, keywords[k].type, keywords[k].id, keywords[k].keylen))
			return cfg_err(errbuf, errlen, "too many algorithms in '%s'", str);
		if (!end)
			break;
		p = end + 1;
		if (!*p)
			return cfg_err(errbuf, errlen, "'%s' ends in '-'", str);
	}
	if (aead && plain)
		return cfg_err(errbuf, errlen, "'%s' mixes AEAD and non-AEAD ciphers", str);
	if (!aead && !plain)
		return cfg_err(errbuf, errlen, "'%s' has no encryption algorithm", str);
	if (aead && has_type(t, n, IKE_TRANS_INTEG))
		return cfg_err(errbuf, errlen, "'%s': AEAD ciphers take no integrity algorithm", str);
	if (plain && !has_type(t, n, IKE_TRANS_INTEG))
		return cfg_err(errbuf, errlen, "'%s' needs an integrity algorithm", str);
	if (proto == IKE_PROTO_IKE) {
		if (!has_type(t, n, IKE_TRANS_PRF)) {
			/* strongSwan derives the PRFs from the integrity
			 * algorithms; an AEAD proposal must name one */
			size_t ninteg = n;

			for (size_t i = 0; i < ninteg; i++)
				if (t[i].type == IKE_TRANS_INTEG &&
				    add(t, &n, IKE_TRANS_PRF, prf_for_integ(t[i].id), 0))
					return cfg_err(errbuf, errlen, "too many algorithms in '%s'", str);
		}
		if (!has_type(t, n, IKE_TRANS_PRF))
			return cfg_err(errbuf, errlen, "'%s' needs a PRF (e.g. prfsha256)", str);
		if (!has_type(t, n, IKE_TRANS_DH))
			return cfg_err(errbuf, errlen, "'%s' needs a key exchange group", str);
	} else if (!has_type(t, n, IKE_TRANS_ESN) && add(t, &n, IKE_TRANS_ESN, IKE_ESN_NO, 0)) {
		return cfg_err(errbuf, errlen, "too many algorithms in '%s'", str);
	}
	/* group by type in wire order, keeping the configured order inside */
	out->proto = proto;
	for (size_t o = 0; o < sizeof(type_order); o++)
		for (size_t i = 0; i < n; i++)
			if (t[i].type == type_order[o])
				out->trans[out->ntrans++] = t[i];
	return 0;
}

int ike_proposals_parse(const char *list, uint8_t proto, ike_prop_cfg_t *out, size_t max,
			size_t *n, char *errbuf, size_t errlen)
{
	char one[512];
	const char *p = list;
	int rc;

	*n = 0;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		while (len && (*p == ' ' || *p == '\t')) {
			p++;
			len--;
		}
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (!len || len >= sizeof(one))
			return cfg_err(errbuf, errlen, "empty or overlong proposal in '%s'", list);
		if (*n == max)
			return cfg_err(errbuf, errlen, "more than %zu proposals in '%s'", max, list);
		memcpy(one, p, len);
		one[len] = '\0';
		rc = ike_proposal_parse(one, proto, &out[*n], errbuf, errlen);
		if (rc)
			return rc;
		(*n)++;
		if (!end)
			break;
		p = end + 1;
	}
	if (!*n)
		return cfg_err(errbuf, errlen, "no proposals");
	return 0;
}

void ike_proposal_to_wire(const ike_prop_cfg_t *cfg, size_t i, const uint8_t *spi,
			  uint8_t spi_len, ike_proposal_t *out)
{
	memset(out, 0, sizeof(*out));
	out->num = (uint8_t)(i + 1);
	out->proto = cfg->proto;
	out->spi_len = spi_len;
	if (spi_len)
		memcpy(out->spi, spi, spi_len);
	out->ntrans = cfg->ntrans;
	out->trans = (ike_transform_t *)cfg->trans;
}

void ike_selected_to_wire(const ike_selected_t *sel, const uint8_t *spi, uint8_t spi_len,
			  ike_proposal_t *out)
{
	memset(out, 0, sizeof(*out));
	out->num = sel->num;
	out->proto = sel->proto;
	out->spi_len = spi_len;
	if (spi_len)
		memcpy(out->spi, spi, spi_len);
	out->ntrans = sel->ntrans;
	out->trans = (ike_transform_t *)sel->trans;
}

static bool known_type(uint8_t type)
{
	return type >= IKE_TRANS_ENCR && type <= IKE_TRANS_ESN;
}

/* Transform of the peer matching ours exactly and usable by us. */
static bool peer_lists(const ike_proposal_t *p, const ike_transform_t *x)
{
	for (unsigned i = 0; i < p->ntrans; i++)
		if (p->trans[i].type == x->type && p->trans[i].id == x->id &&
		    p->trans[i].keylen == x->keylen && !p->trans[i].unknown_attr)
			return true;
	return false;
}

static bool lists_none(const ike_transform_t *t, size_t n, uint8_t type)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].type == type && t[i].id == 0)
			return true;
	return false;
}

static void set_suite(ike_suite_t *s, const ike_transform_t *t)
{
	switch (t->type) {
	case IKE_TRANS_ENCR:
		s->encr = t->id;
		s->encr_keylen = t->keylen;
		break;
	case IKE_TRANS_INTEG: s->integ = t->id; break;
	case IKE_TRANS_PRF: s->prf = t->id; break;
	case IKE_TRANS_DH: s->dh = t->id; break;
	case IKE_TRANS_ESN: s->esn = t->id; break;
	}
}

/* Our proposal cfg against the peer's proposal p: one algorithm per type. */
static bool match(const ike_prop_cfg_t *cfg, const ike_proposal_t *p, bool skip_dh,
		  ike_selected_t *sel)
{
	memset(sel, 0, sizeof(*sel));
	if (p->proto != cfg->proto)
		return false;
	for (unsigned i = 0; i < p->ntrans; i++)
		if (!known_type(p->trans[i].type))
			return false;
	for (size_t o = 0; o < sizeof(type_order); o++) {
		uint8_t type = type_order[o];
		bool ours = has_type(cfg->trans, cfg->ntrans, type);
		bool theirs = has_type(p->trans, p->ntrans, type);
		const ike_transform_t *pick = NULL;

		if (type == IKE_TRANS_DH && skip_dh)
			continue;
		if (!ours && !theirs)
			continue;
		if (ours != theirs) {
			/* absent on one side equals NONE on the other */
			if (ours ? lists_none(cfg->trans, cfg->ntrans, type)
				 : lists_none(p->trans, p->ntrans, type))
				continue;
			return false;
		}
		for (unsigned i = 0; i < cfg->ntrans && !pick; i++)
			if (cfg->trans[i].type == type && peer_lists(p, &cfg->trans[i]))
				pick = &cfg->trans[i];
		if (!pick)
			return false;
		/* a chosen NONE is not sent back */
		if (pick->id != 0 || type == IKE_TRANS_ESN)
			sel->trans[sel->ntrans++] = *pick;
		set_suite(&sel->suite, pick);
	}
	sel->num = p->num;
	sel->proto = p->proto;
	sel->spi_len = p->spi_len;
	memcpy(sel->spi, p->spi, p->spi_len);
	return true;
}

int ike_proposal_select(const ike_prop_cfg_t *ours, size_t nours, const ike_pl_sa_t *offered,
			bool skip_dh, ike_selected_t *sel)
{
	for (size_t i = 0; i < nours; i++)
		for (size_t j = 0; j < offered->nprops; j++)
			if (match(&ours[i], &offered->props[j], skip_dh, sel))
				return 0;
	memset(sel, 0, sizeof(*sel));
	return NEA_ENOTFOUND;
}

int ike_proposal_verify(const ike_prop_cfg_t *ours, size_t nours, const ike_pl_sa_t *reply,
			bool skip_dh, ike_selected_t *sel)
{
	const ike_proposal_t *p;
	const ike_prop_cfg_t *cfg;

	memset(sel, 0, sizeof(*sel));
	if (reply->nprops != 1)
		return NEA_EINVAL;
	p = &reply->props[0];
	if (p->num == 0 || p->num > nours)
		return NEA_EINVAL;
	cfg = &ours[p->num - 1];
	/* exactly one transform per type, and one we offered */
	for (unsigned i = 0; i < p->ntrans; i++) {
		bool none = p->trans[i].id == 0 && (p->trans[i].type == IKE_TRANS_INTEG ||
						    p->trans[i].type == IKE_TRANS_DH);

		if (p->trans[i].unknown_attr ||
		    (!none && !has_trans(cfg->trans, cfg->ntrans, &p->trans[i])))
			return NEA_EINVAL;
		for (unsigned j = 0; j < i; j++)
			if (p->trans[j].type == p->trans[i].type)
				return NEA_EINVAL;
	}
	return match(cfg, p, skip_dh, sel) ? 0 : NEA_EINVAL;
}

char *ike_proposal_str(uint8_t proto, const ike_transform_t *t, size_t n, char *buf, size_t len)
{
	size_t pos = 0;
	const char *pn = ike_protocol_name(proto);
	int w;

	if (!len)
		return buf;
	buf[0] = '\0';
	w = snprintf(buf, len, "%s:", pn ? pn : "?");
	pos = w > 0 && (size_t)w < len ? (size_t)w : len - 1;
	for (size_t i = 0; i < n && pos + 1 < len; i++) {
		const char *name = ike_transform_name(t[i].type, t[i].id);

		if (name && t[i].keylen)
			w = snprintf(buf + pos, len - pos, "%s%s_%u", i ? "/" : "", name, t[i].keylen);
		else if (name)
			w = snprintf(buf + pos, len - pos, "%s%s", i ? "/" : "", name);
		else
			w = snprintf(buf + pos, len - pos, "%s%u:%u", i ? "/" : "", t[i].type, t[i].id);
		if (w < 0)
			break;
		pos += (size_t)w;
		if (pos >= len)
			pos = len - 1;
	}
	return buf;
}
