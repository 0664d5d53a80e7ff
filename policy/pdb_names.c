/*
 * Names and formats the policy database shares with strongSwan's tools:
 * recommendation names, workitem codes, attest's time format, port lists.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "nea_err.h"
#include "pdb.h"

static const char *const rec_names[] = { "allow", "no access", "isolate", "no recommendation" };

/* Index = type; the codes strongSwan prints in "IMV 1 handles PCKGS workitem 6". */
static const char *const wi_names[PDB_WI_MAX + 1] = {
	NULL,    "PCKGS", "UNSRC", "FWDEN", "PWDEN", "FREFM", "FMEAS", "FMETA", "DREFM",
	"DMEAS", "DMETA", "TCPOP", "TCPBL", "UDPOP", "UDPBL", "SWIDT", "TPMRA",
};

const char *pdb_rec_name(int rec)
{
	return rec >= 0 && rec <= 3 ? rec_names[rec] : "unknown";
}

int pdb_rec_parse(const char *s)
{
	static const struct {
		const char *name;
		int rec;
	} words[] = {
		{ "allow", PDB_REC_ALLOW },        { "no-access", PDB_REC_NO_ACCESS },
		{ "no_access", PDB_REC_NO_ACCESS }, { "no access", PDB_REC_NO_ACCESS },
		{ "noaccess", PDB_REC_NO_ACCESS },  { "block", PDB_REC_NO_ACCESS },
		{ "isolate", PDB_REC_ISOLATE },     { "none", PDB_REC_NONE },
		{ "no-recommendation", PDB_REC_NONE }, { "no recommendation", PDB_REC_NONE },
	};

	if (!s)
		return NEA_EINVAL;
	if (s[0] >= '0' && s[0] <= '3' && s[1] == '\0')
		return s[0] - '0';
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasecmp(s, words[i].name) == 0)
			return words[i].rec;
	return NEA_EINVAL;
}

const char *pdb_wi_name(int type)
{
	return type >= 1 && type <= PDB_WI_MAX ? wi_names[type] : NULL;
}

int pdb_wi_parse(const char *s)
{
	char *end;
	long v;

	if (!s || !*s)
		return NEA_EINVAL;
	for (int t = 1; t <= PDB_WI_MAX; t++)
		if (strcasecmp(s, wi_names[t]) == 0)
			return t;
	v = strtol(s, &end, 10);
	if (*end == '\0' && v >= 1 && v <= PDB_WI_MAX && isdigit((unsigned char)s[0]))
		return (int)v;
	return NEA_EINVAL;
}

void pdb_format_time(int64_t t, bool utc, char *buf, size_t len)
{
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t tt = (time_t)t;
	struct tm tm, *ok;

	ok = utc ? gmtime_r(&tt, &tm) : localtime_r(&tt, &tm);
	if (!ok || tm.tm_mon < 0 || tm.tm_mon > 11) {
		snprintf(buf, len, "--- -- --:--:--%s----", utc ? " UTC " : " ");
		return;
	}
	/* strongSwan's %T: the zone word sits between time and year */
	snprintf(buf, len, "%s %02d %02d:%02d:%02d%s%04d", months[tm.tm_mon], tm.tm_mday,
		 tm.tm_hour, tm.tm_min, tm.tm_sec, utc ? " UTC " : " ", tm.tm_year + 1900);
}

/* One decimal port 0..65535; *p advances past it. */
static int port_number(const char **p, long *out)
{
	const char *s = *p;
	long v = 0;

	if (!isdigit((unsigned char)*s))
		return NEA_EINVAL;
	while (isdigit((unsigned char)*s)) {
		v = v * 10 + (*s - '0');
		if (v > 65535)
			return NEA_ETOOBIG;
		s++;
	}
	*p = s;
	*out = v;
	return 0;
}

int pdb_portlist_check(const char *list, char *norm, size_t normlen, char *why, size_t whylen)
{
	const char *p = list ? list : "";
	size_t used = 0;

	if (normlen)
		norm[0] = '\0';
	if (whylen)
		why[0] = '\0';
	while (*p) {
		const char *tok, *q;
		long lo, hi;
		int rc;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!*p)
			break;
		tok = q = p;
		while (*p && *p != ' ' && *p != '\t' && *p != ',')
			p++;
		rc = port_number(&q, &lo);
		hi = lo;
		if (rc == 0 && *q == '-') {
			q++;
			rc = port_number(&q, &hi);
		}
		if (rc == 0 && q != p)
			rc = NEA_EINVAL;
		if (rc == NEA_ETOOBIG) {
			snprintf(why, whylen, "port in '%.*s' is above 65535", (int)(p - tok), tok);
			return NEA_EINVAL;
		}
		if (rc < 0) {
			snprintf(why, whylen, "'%.*s' is neither a port nor a range like 8000-8080",
				 (int)(p - tok), tok);
			return NEA_EINVAL;
		}
		if (lo > hi) {
			snprintf(why, whylen, "range '%.*s' runs backwards", (int)(p - tok), tok);
			return NEA_EINVAL;
		}
		if (normlen) {
			int n = snprintf(norm + used, normlen - used, "%s%.*s", used ? " " : "",
					 (int)(p - tok), tok);

			if (n < 0 || (size_t)n >= normlen - used) {
				snprintf(why, whylen, "port list is too long");
				return NEA_ETOOBIG;
			}
			used += (size_t)n;
		}
	}
	return 0;
}

const char *pdb_pkg_status_name(int status)
{
	switch (status) {
	case PDB_PKG_UNKNOWN: return "unknown";
	case PDB_PKG_OK: return "ok";
	case PDB_PKG_UPDATE: return "not updated";
	case PDB_PKG_BLACKLIST: return "blacklisted";
	default: return "invalid";
	}
}
