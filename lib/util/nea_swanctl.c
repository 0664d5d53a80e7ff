/*
 * nea_swanctl: the top level (secrets, pools, connections), pools, look-ups
 * and the value helpers shared by the other nea_swanctl*.c files.
 */
#include "nea_swanctl.h"
#include "nea_swanctl_int.h"
#include "nea_buf.h"
#include "nea_err.h"
#include "nea_log.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

/* ---- messages ---------------------------------------------------------- */

int sw_fail(sw_err_t *e, const nea_conf_section_t *s, const char *path, const char *key,
	    const char *fmt, ...)
{
	const char *file = NULL;
	unsigned line = 0;
	char msg[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (key)
		file = nea_conf_sorigin(s, key, &line);
	if (!file)
		file = nea_conf_section_origin(s, &line);
	if (e->err && e->errlen)
		snprintf(e->err, e->errlen, "%s:%u: %s%s%s: %s", file ? file : "?", line, path,
			 key ? "." : "", key ? key : "", msg);
	return NEA_ECONFIG;
}

int sw_nomem(sw_err_t *e, const nea_conf_section_t *s, const char *path)
{
	sw_fail(e, s, path, NULL, "out of memory");
	return NEA_ENOMEM;
}

void sw_path(char *out, size_t outlen, const char *path, const char *name)
{
	snprintf(out, outlen, "%s%s%s", path, *path ? "." : "", name);
}

/* ---- value helpers ----------------------------------------------------- */

static bool in_list(const char *const *list, const char *key)
{
	for (; list && *list; list++)
		if (strcmp(*list, key) == 0)
			return true;
	return false;
}

int sw_check_keys(sw_err_t *e, const nea_conf_section_t *s, const char *path,
		  const char *const *parsed, const char *const *ignored, bool numeric_ok)
{
	for (size_t i = 0; i < nea_conf_kv_count(s); i++) {
		const char *key = nea_conf_kv_key(s, i);
		bool numeric = numeric_ok && key[0] != '\0' && strspn(key, "0123456789") == strlen(key);
		unsigned line = 0;
		const char *file;

		if (in_list(parsed, key))
			continue;
		if (!numeric && !in_list(ignored, key))
			return sw_fail(e, s, path, key, "unknown option");
		file = nea_conf_sorigin(s, key, &line);
		NLOG(CFG, 1, "%s:%u: %s.%s is not used by nea, ignored", file, line, path, key);
	}
	return 0;
}

int sw_list(sw_err_t *e, const nea_conf_section_t *s, const char *path, const char *key,
	    const char *def, char ***out, size_t *n)
{
	const char *v = nea_conf_sget_str(s, key, def);

	if (nea_conf_split_list(v, out, n) != 0)
		return sw_nomem(e, s, path);
	return 0;
}

int sw_str(sw_err_t *e, const nea_conf_section_t *s, const char *path, const char *key,
	   char **out)
{
	const char *v = nea_conf_sget_str(s, key, NULL);

	*out = NULL;
	if (!v)
		return 0;
	*out = strdup(v);
	return *out ? 0 : sw_nomem(e, s, path);
}

int sw_bool(sw_err_t *e, const nea_conf_section_t *s, const char *path, const char *key,
	    bool def, bool *out)
{
	static const char *const on[] = { "yes", "true", "on", "1", "enabled" };
	static const char *const off[] = { "no", "false", "off", "0", "disabled" };
	const char *v = nea_conf_sget_str(s, key, NULL);

	*out = def;
	if (!v)
		return 0;
	for (size_t i = 0; i < sizeof(on) / sizeof(on[0]); i++) {
		if (strcasecmp(v, on[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(v, off[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return sw_fail(e, s, path, key, "'%s' is not yes or no", v);
}

int sw_uint(sw_err_t *e, const nea_conf_section_t *s, const char *path, const char *key,
	    uint64_t def, uint64_t max, uint64_t *out)
{
	const char *v = nea_conf_sget_str(s, key, NULL);
	uint64_t r = 0;

	*out = def;
	if (!v)
		return 0;
	if (!*v || strlen(v) > 20)
		return sw_fail(e, s, path, key, "'%s' is not a number", v);
	for (const char *p = v; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return sw_fail(e, s, path, key, "'%s' is not a number", v);
		if (r > (UINT64_MAX - 9) / 10)
			return sw_fail(e, s, path, key, "'%s' is too large", v);
		r = r * 10 + (uint64_t)(*p - '0');
	}
	if (r > max)
		return sw_fail(e, s, path, key, "%s is larger than %llu", v, (unsigned long long)max);
	*out = r;
	return 0;
}

int nea_swanctl_parse_time(const char *s, uint64_t *out)
{
	uint64_t v = 0, mul = 1;
	const char *p = s;

	if (!s || !isdigit((unsigned char)*s))
		return NEA_EINVAL;
	for (; isdigit((unsigned char)*p); p++) {
		if (v > (UINT64_MAX - 9) / 10)
			return NEA_EINVAL;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	switch (*p) {
	case '\0': case 's': mul = 1; break;
	case 'm': mul = 60; break;
	case 'h': mul = 3600; break;
	case 'd': mul = 86400; break;
	default: return NEA_EINVAL;
	}
	if (*p && p[1] != '\0')
		return NEA_EINVAL;
	if (v > UINT64_MAX / mul)
		return NEA_EINVAL;
	*out = v * mul;
	return 0;
}

int sw_time(sw_err_t *e, const nea_conf_section_t *s, const char *path, const char *key,
	    uint64_t def, uint64_t *out)
{
	const char *v = nea_conf_sget_str(s, key, NULL);

	*out = def;
	if (!v)
		return 0;
	if (nea_swanctl_parse_time(v, out) != 0)
		return sw_fail(e, s, path, key, "'%s' is not a time (number with s, m, h or d)", v);
	return 0;
}

/* ---- pools ------------------------------------------------------------- */

/* to - from + 1 over alen-byte big-endian numbers (IPv4 addresses sit in
 * the first 4 bytes), saturating. */
static uint64_t range_size(const uint8_t from[16], const uint8_t to[16], int alen)
{
	uint8_t d[16] = { 0 };
	int borrow = 0;
	uint64_t lo = 0;

	for (int i = alen - 1; i >= 0; i--) {
		int v = to[i] - from[i] - borrow;

		borrow = v < 0;
		d[16 - alen + i] = (uint8_t)(v + (borrow ? 256 : 0));
	}
	for (int i = 0; i < 8; i++)
		if (d[i])
			return UINT64_MAX;
	for (int i = 8; i < 16; i++)
		lo = (lo << 8) | d[i];
	return lo == UINT64_MAX ? UINT64_MAX : lo + 1;
}

static void addr_step(uint8_t a[16], int alen, int dir)
{
	for (int i = alen - 1; i >= 0; i--) {
		a[i] = (uint8_t)(a[i] + dir);
		if (a[i] != (dir > 0 ? 0x00 : 0xff))
			break;
	}
}

static int parse_pool(sw_err_t *e, const nea_conf_section_t *s, const char *path,
		      nea_swanctl_pool_t *p)
{
	static const char *const parsed[] = { "addrs", "dns", NULL };
	static const char *const ignored[] = { "nbns", "dhcp", "netmask", "server", "subnet",
					       "split_include", "split_exclude", NULL };
	const char *addrs = nea_conf_sget_str(s, "addrs", NULL);
	char **dns = NULL;
	size_t ndns = 0;
	int rc;

	rc = sw_check_keys(e, s, path, parsed, ignored, true);
	if (rc != 0)
		return rc;
	if (nea_conf_section_count(s) > 0) {
		const nea_conf_section_t *sub = nea_conf_section_at(s, 0);

		return sw_fail(e, sub, path, nea_conf_section_name(sub), "unexpected section");
	}
	if (!addrs)
		return sw_fail(e, s, path, NULL, "addrs is missing");
	p->prefix = -1;
	if (sw_parse_cidr(addrs, &p->addrs.family, p->base, &p->prefix)) {
		int alen = p->addrs.family == AF_INET ? 4 : 16;
		nea_addr_range_t block;

		if (nea_addr_range_parse(addrs, &block) != 0)
			return sw_fail(e, s, path, "addrs", "'%s' is not a subnet", addrs);
		p->addrs = block;
		/* As strongSwan: a block of more than two addresses keeps its
		 * network and broadcast addresses back; a base address with
		 * host bits set is where handing out starts. */
		if (range_size(block.from, block.to, alen) > 2) {
			if (memcmp(p->base, block.from, 16) == 0)
				addr_step(p->addrs.from, alen, 1);
			else
				memcpy(p->addrs.from, p->base, 16);
			addr_step(p->addrs.to, alen, -1);
		} else {
			memcpy(p->addrs.from, p->base, 16);
		}
	} else {
		if (strchr(addrs, '/') || !strchr(addrs, '-') ||
		    nea_addr_range_parse(addrs, &p->addrs) != 0)
			return sw_fail(e, s, path, "addrs",
				       "'%s' is neither a subnet (a.b.c.d/n) nor a range (from-to)",
				       addrs);
		memcpy(p->base, p->addrs.from, 16);
	}
	p->size = range_size(p->addrs.from, p->addrs.to, p->addrs.family == AF_INET ? 4 : 16);

	rc = sw_list(e, s, path, "dns", NULL, &dns, &ndns);
	if (rc != 0)
		return rc;
	if (ndns) {
		size_t bytes;

		if (!nea_mul_size(ndns, sizeof(*p->dns), &bytes) || !(p->dns = calloc(1, bytes))) {
			nea_conf_list_free(dns);
			return sw_nomem(e, s, path);
		}
	}
	for (size_t i = 0; i < ndns; i++) {
		nea_addr_range_t *a = &p->dns[i];

		if (!sw_parse_addr(dns[i], strlen(dns[i]), &a->family, a->from)) {
			rc = sw_fail(e, s, path, "dns", "'%s' is not an IP address", dns[i]);
			nea_conf_list_free(dns);
			return rc;
		}
		memcpy(a->to, a->from, 16);
		p->ndns++;
	}
	nea_conf_list_free(dns);
	return 0;
}

static int parse_pools(sw_err_t *e, const nea_conf_section_t *sec, nea_swanctl_t *out)
{
	size_t n = nea_conf_section_count(sec);
	int rc;

	if (nea_conf_kv_count(sec) > 0)
		return sw_fail(e, sec, "pools", nea_conf_kv_key(sec, 0), "expected a pool section");
	if (n == 0)
		return 0;
	out->pools = calloc(n, sizeof(*out->pools));
	if (!out->pools)
		return sw_nomem(e, sec, "pools");
	for (size_t i = 0; i < n; i++) {
		const nea_conf_section_t *s = nea_conf_section_at(sec, i);
		nea_swanctl_pool_t *p = &out->pools[i];
		char path[SW_PATH_MAX];

		sw_path(path, sizeof(path), "pools", nea_conf_section_name(s));
		p->name = strdup(nea_conf_section_name(s));
		out->npools++;
		if (!p->name)
			return sw_nomem(e, s, path);
		rc = parse_pool(e, s, path, p);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* ---- top level --------------------------------------------------------- */

void nea_swanctl_free(nea_swanctl_t *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nconns; i++)
		sw_conn_free(&s->conns[i]);
	free(s->conns);
	for (size_t i = 0; i < s->npools; i++) {
		free(s->pools[i].dns);
		free(s->pools[i].name);
	}
	free(s->pools);
	for (size_t i = 0; i < s->nsecrets; i++)
		sw_secret_free(&s->secrets[i]);
	free(s->secrets);
	free(s);
}

int nea_swanctl_from_conf(const nea_conf_t *c, nea_swanctl_t **out, char *err, size_t errlen)
{
	sw_err_t e = { .err = err, .errlen = errlen };
	const nea_conf_section_t *root = nea_conf_section(c, NULL), *sec;
	nea_swanctl_t *s;
	int rc = 0;

	*out = NULL;
	if (err && errlen)
		err[0] = '\0';
	if (!root)
		return NEA_EINVAL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NEA_ENOMEM;
	sec = nea_conf_ssection(root, "secrets");
	if (sec && (rc = sw_secrets(&e, sec, s)) != 0)
		goto out;
	sec = nea_conf_ssection(root, "pools");
	if (sec && (rc = parse_pools(&e, sec, s)) != 0)
		goto out;
	sec = nea_conf_ssection(root, "connections");
	if (sec && (rc = sw_connections(&e, sec, s)) != 0)
		goto out;
out:
	if (rc != 0) {
		nea_swanctl_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

int nea_swanctl_load_file(const char *path, nea_swanctl_t **out, char *err, size_t errlen)
{
	nea_conf_t *c = NULL;
	int rc;

	*out = NULL;
	rc = nea_conf_load_file(path, &c, err, errlen);
	if (rc != 0)
		return rc;
	rc = nea_swanctl_from_conf(c, out, err, errlen);
	nea_conf_free(c);
	return rc;
}

int nea_swanctl_secret(const nea_swanctl_t *s, nea_secret_type_t type, const void *id,
		       size_t idlen, const uint8_t **secret, size_t *len)
{
	if (!s || (!id && idlen))
		return NEA_ENOTFOUND;
	for (size_t i = 0; i < s->nsecrets; i++) {
		const nea_swanctl_secret_t *sec = &s->secrets[i];

		if (sec->type != type)
			continue;
		for (size_t k = 0; k < sec->nids; k++) {
			if (strlen(sec->ids[k]) == idlen && memcmp(sec->ids[k], id, idlen) == 0) {
				*secret = sec->secret;
				*len = sec->secret_len;
				return 0;
			}
		}
	}
	return NEA_ENOTFOUND;
}

const nea_swanctl_pool_t *nea_swanctl_pool(const nea_swanctl_t *s, const char *name)
{
	for (size_t i = 0; s && name && i < s->npools; i++)
		if (strcmp(s->pools[i].name, name) == 0)
			return &s->pools[i];
	return NULL;
}

const nea_swanctl_conn_t *nea_swanctl_conn(const nea_swanctl_t *s, const char *name)
{
	for (size_t i = 0; s && name && i < s->nconns; i++)
		if (strcmp(s->conns[i].name, name) == 0)
			return &s->conns[i];
	return NULL;
}

const char *nea_auth_class_name(nea_auth_class_t cls)
{
	switch (cls) {
	case NEA_AUTH_PUBKEY: return "pubkey";
	case NEA_AUTH_PSK: return "psk";
	case NEA_AUTH_EAP: return "eap";
	case NEA_AUTH_XAUTH: return "xauth";
	}
	return "?";
}
