/*
 * Operator command engine: command table, dispatch, argument parsing and
 * the lookups every command shares (see pdb_admin.h).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nea_err.h"
#include "nea_log.h"
#include "pdb_admin_int.h"

static int adm_help(adm_t *a, int argc, char **argv);

static const adm_cmd_t commands[] = {
	{ "sessions", NULL, adm_sessions, "", "measurement sessions, newest first (attest --sessions)" },
	{ "devices", NULL, adm_devices, "", "devices and their sessions (attest --devices)" },
	{ "device", "show", adm_device_show, "DEVICE", "a device's groups, enforcements and last results" },
	{ "device", "trust", adm_device_trust, "DEVICE yes|no", "mark a device trusted or not" },
	{ "device", "describe", adm_device_describe, "DEVICE TEXT", "set a device's description" },
	{ "device", "delete", adm_device_delete, "DEVICE", "delete a device with its sessions and results" },
	{ "results", NULL, adm_results, "[--session ID | --device DEVICE]", "per-policy outcomes of sessions" },
	{ "groups", NULL, adm_groups, "", "groups as a tree with their member counts" },
	{ "group", "add", adm_group_add, "NAME [--parent GROUP]", "add a group" },
	{ "group", "delete", adm_group_delete, "NAME", "delete a group without child groups" },
	{ "group", "member", adm_group_member, "add|delete GROUP DEVICE", "put a device into a group or take it out" },
	{ "group", "default", adm_group_default, "PRODUCT GROUP | PRODUCT --clear",
	  "the group new devices of a product join" },
	{ "policies", NULL, adm_policies, "", "policies" },
	{ "policy", "add", adm_policy_add,
	  "NAME --type CODE [--argument TEXT] [--rec-fail REC] [--rec-noresult REC] [--file PATH] [--dir PATH]",
	  "add a policy (REC: allow, no-access, isolate, none; default no-access)" },
	{ "policy", "delete", adm_policy_delete, "NAME", "delete a policy with its enforcements and results" },
	{ "enforcements", NULL, adm_enforcements, "", "which group gets which policy" },
	{ "enforcement", "add", adm_enforcement_add,
	  "POLICY GROUP [--max-age SECONDS] [--rec-fail REC] [--rec-noresult REC]", "enforce a policy on a group" },
	{ "enforcement", "delete", adm_enforcement_delete, "POLICY GROUP", "stop enforcing a policy on a group" },
	{ "products", NULL, adm_products, "", "products (operating systems)" },
	{ "product", "add", adm_product_add, "NAME", "add a product, e.g. \"Debian 12 x86_64\"" },
	{ "product", "delete", adm_product_delete, "NAME", "delete a product no device uses" },
	{ "packages", NULL, adm_packages, "[--product NAME]", "packages, or a product's package versions" },
	{ "package", "add", adm_package_add, "NAME [--blacklist]", "add a package" },
	{ "package", "delete", adm_package_delete, "NAME", "delete a package and its versions" },
	{ "versions", NULL, adm_versions, "PACKAGE [--product NAME]", "known releases of a package" },
	{ "version", "add", adm_version_add, "PACKAGE RELEASE --product NAME [--security] [--blacklist]",
	  "add a known release ('*' = any); --blacklist marks it vulnerable" },
	{ "version", "delete", adm_version_delete, "PACKAGE RELEASE --product NAME", "delete a release" },
	{ "help", NULL, adm_help, "", "this list" },
};
#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static int adm_help(adm_t *a, int argc, char **argv)
{
	int rc = adm_args(a, argc, argv, NULL, 0, NULL, 0, 0);

	if (rc)
		return rc;
	pdb_sb_puts(&a->out, "nea policy commands (global option: --utc):\n");
	for (size_t i = 0; i < N_COMMANDS; i++) {
		const adm_cmd_t *c = &commands[i];

		pdb_sb_printf(&a->out, "  %s%s%s%s%s\n      %s\n", c->word1, c->word2 ? " " : "",
			      c->word2 ? c->word2 : "", *c->usage ? " " : "", c->usage, c->help);
	}
	pdb_sb_puts(&a->out, "Policy types: PCKGS UNSRC FWDEN PWDEN FREFM FMEAS FMETA DREFM DMEAS "
			     "DMETA TCPOP TCPBL UDPOP UDPBL SWIDT TPMRA\n");
	return PDB_ADMIN_OK;
}

/* ------------------------------------------------------------ messages */

int adm_fail(adm_t *a, const char *fmt, ...)
{
	va_list ap;
	char buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pdb_sb_printf(&a->err, "%s\n", buf);
	return PDB_ADMIN_FAILED;
}

int adm_usage(adm_t *a, const char *fmt, ...)
{
	va_list ap;
	char buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pdb_sb_printf(&a->err, "%s\n", buf);
	if (a->cmd)
		pdb_sb_printf(&a->err, "usage: %s%s%s%s%s\n", a->cmd->word1, a->cmd->word2 ? " " : "",
			      a->cmd->word2 ? a->cmd->word2 : "", *a->cmd->usage ? " " : "",
			      a->cmd->usage);
	return PDB_ADMIN_USAGE;
}

int adm_db(adm_t *a, int rc, const char *what)
{
	switch (rc) {
	case NEA_EEXIST:
		return adm_fail(a, "%s: already exists", what);
	case NEA_ENOTFOUND:
		return adm_fail(a, "%s: not found", what);
	case NEA_EINVAL:
		return adm_fail(a, "%s: invalid value", what);
	case NEA_ESTATE:
		return adm_fail(a, "%s: still referenced by other rows", what);
	case NEA_EAGAIN:
		pdb_sb_printf(&a->err, "%s: the database is busy, try again\n", what);
		return PDB_ADMIN_DBERR;
	default:
		pdb_sb_printf(&a->err, "%s: database error (%s)\n", what, nea_strerror(rc));
		return PDB_ADMIN_DBERR;
	}
}

/* ------------------------------------------------------------ arguments */

static const adm_opt_t *find_opt(const adm_opt_t *opts, size_t n, const char *name, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(opts[i].name) == len && strncmp(opts[i].name, name, len) == 0)
			return &opts[i];
	return NULL;
}

int adm_args(adm_t *a, int argc, char **argv, const adm_opt_t *opts, size_t nopts,
	     const char **pos, size_t npos_min, size_t npos)
{
	size_t got = 0;
	bool only_pos = false;

	if (npos_min > npos)
		npos_min = npos;
	for (int i = 0; i < argc; i++) {
		const char *w = argv[i];

		if (!only_pos && strcmp(w, "--") == 0) {
			only_pos = true;
			continue;
		}
		if (!only_pos && w[0] == '-' && w[1] == '-' && w[2]) {
			const char *name = w + 2, *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			const adm_opt_t *o = find_opt(opts, nopts, name, len);

			if (!o)
				return adm_usage(a, "unknown option '--%.*s'", (int)len, name);
			if (!o->takes_value) {
				if (eq)
					return adm_usage(a, "option '--%s' takes no value", o->name);
				*o->flag = true;
				continue;
			}
			if (eq) {
				*o->value = eq + 1;
			} else {
				if (i + 1 >= argc)
					return adm_usage(a, "option '--%s' needs a value", o->name);
				*o->value = argv[++i];
			}
			continue;
		}
		if (got == npos)
			return adm_usage(a, "unexpected argument '%s'", w);
		pos[got++] = w;
	}
	if (got < npos_min)
		return adm_usage(a, "missing argument%s", npos_min - got > 1 ? "s" : "");
	for (size_t i = got; i < npos; i++)
		pos[i] = NULL;
	return 0;
}

int adm_rec(adm_t *a, const char *what, const char *value, int *rec)
{
	int r = pdb_rec_parse(value);

	if (r < 0)
		return adm_fail(a, "bad %s '%s' (allow, no-access, isolate, none)", what, value);
	*rec = r;
	return 0;
}

int adm_bool(adm_t *a, const char *what, const char *value, bool *b)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };

	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(value, yes[i]) == 0) {
			*b = true;
			return 0;
		}
		if (strcasecmp(value, no[i]) == 0) {
			*b = false;
			return 0;
		}
	}
	return adm_fail(a, "bad %s '%s' (yes or no)", what, value);
}

int adm_uint(adm_t *a, const char *what, const char *value, int64_t max, int64_t *v)
{
	int64_t x = 0;

	if (!*value)
		return adm_fail(a, "bad %s '' (a number)", what);
	for (const char *p = value; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return adm_fail(a, "bad %s '%s' (a number)", what, value);
		x = x * 10 + (*p - '0');
		if (x > max)
			return adm_fail(a, "bad %s '%s' (at most %lld)", what, value, (long long)max);
	}
	*v = x;
	return 0;
}

/* ------------------------------------------------------------ lookups */

static int lookup(adm_t *a, const char *kind, const char *sql, const char *name, int64_t *id)
{
	int rc = pdb_int(a->db, id, sql, "t", name);

	if (rc < 0)
		return adm_db(a, rc, kind);
	if (rc == 0 || *id == 0)
		return adm_fail(a, "unknown %s '%s'", kind, name);
	return 0;
}

int adm_group(adm_t *a, const char *name, int64_t *id)
{
	return lookup(a, "group", "SELECT id FROM groups WHERE name = ?1", name, id);
}

int adm_policy(adm_t *a, const char *name, int64_t *id)
{
	return lookup(a, "policy", "SELECT id FROM policies WHERE name = ?1", name, id);
}

int adm_product(adm_t *a, const char *name, int64_t *id)
{
	return lookup(a, "product", "SELECT id FROM products WHERE name = ?1 ORDER BY id LIMIT 1",
		      name, id);
}

int adm_package(adm_t *a, const char *name, int64_t *id)
{
	return lookup(a, "package", "SELECT id FROM packages WHERE name = ?1 ORDER BY id LIMIT 1",
		      name, id);
}

static bool all_digits(const char *s)
{
	if (!*s || strlen(s) > 18)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

int adm_device(adm_t *a, const char *ref, int64_t *id)
{
	sqlite3_stmt *st;
	int64_t n;
	int rc;

	rc = pdb_device_find(a->db, ref, id);
	if (rc < 0)
		return adm_db(a, rc, "device lookup");
	if (*id)
		return 0;
	if (all_digits(ref)) {
		rc = pdb_int(a->db, id, "SELECT id FROM devices WHERE id = ?1", "i",
			     (int64_t)strtoll(ref, NULL, 10));
		if (rc < 0)
			return adm_db(a, rc, "device lookup");
		if (rc == 1)
			return 0;
	}
	/* attest shows only the first 20 characters of a Device ID, so accept
	 * what an operator copies from there when it is unambiguous */
	if (strlen(ref) >= 4) {
		rc = pdb_query(a->db, &st,
			       "SELECT id FROM devices WHERE substr(CAST(value AS TEXT), 1, length(?1)) = ?1 "
			       "ORDER BY id LIMIT 2",
			       "t", ref);
		if (rc < 0)
			return adm_db(a, rc, "device lookup");
		for (n = 0; (rc = pdb_row(a->db, st)) == 1; n++)
			*id = sqlite3_column_int64(st, 0);
		pdb_done(st);
		if (rc < 0)
			return adm_db(a, rc, "device lookup");
		if (n == 1)
			return 0;
		*id = 0;
		if (n > 1)
			return adm_fail(a, "device '%s' is ambiguous: more than one Device ID starts so", ref);
	}
	return adm_fail(a, "unknown device '%s'", ref);
}

int adm_session(adm_t *a, const char *ref, int64_t *id)
{
	int rc;

	if (!all_digits(ref))
		return adm_fail(a, "bad session id '%s' (a number)", ref);
	rc = pdb_int(a->db, id, "SELECT id FROM sessions WHERE id = ?1", "i",
		     (int64_t)strtoll(ref, NULL, 10));
	if (rc < 0)
		return adm_db(a, rc, "session lookup");
	if (rc == 0)
		return adm_fail(a, "unknown session '%s'", ref);
	return 0;
}

int adm_has_table(adm_t *a, const char *table, bool *yes)
{
	int64_t n;
	int rc;

	rc = pdb_int(a->db, &n, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
		     "t", table);
	if (rc < 0)
		return adm_db(a, rc, "schema lookup");
	*yes = n > 0;
	return 0;
}

/* ------------------------------------------------------------ output */

void adm_put_safe(pdb_sb_t *sb, const void *p, size_t len)
{
	const unsigned char *s = p;
	char buf[256];
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		/* control bytes could steer the operator's terminal */
		buf[n++] = (s[i] < 0x20 || s[i] == 0x7f) ? '?' : (char)s[i];
		if (n == sizeof(buf) - 1 || i + 1 == len) {
			buf[n] = '\0';
			pdb_sb_puts(sb, buf);
			n = 0;
		}
	}
}

void adm_time(adm_t *a, pdb_sb_t *sb, int64_t t)
{
	char buf[40];

	pdb_format_time(t, a->utc, buf, sizeof(buf));
	pdb_sb_puts(sb, buf);
}

const char *adm_plural(int64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* ------------------------------------------------------------ dispatch */

int pdb_admin_run(pdb_t *db, int argc, char **argv, bool utc, char **out, char **err)
{
	adm_t a = { .db = db, .utc = utc };
	char **args = NULL;
	int n = 0, status;

	*out = NULL;
	*err = NULL;
	if (argc < 0 || (argc > 0 && !argv)) {
		status = PDB_ADMIN_USAGE;
		pdb_sb_puts(&a.err, "no command; try 'help'\n");
		goto done;
	}
	args = calloc((size_t)argc + 1, sizeof(*args));
	if (!args) {
		status = PDB_ADMIN_DBERR;
		pdb_sb_puts(&a.err, "out of memory\n");
		goto done;
	}
	for (int i = 0; i < argc; i++) {
		if (!argv[i]) {
			status = PDB_ADMIN_USAGE;
			pdb_sb_puts(&a.err, "empty argument list entry\n");
			goto done;
		}
		if (strcmp(argv[i], "--utc") == 0)
			a.utc = true;
		else
			args[n++] = argv[i];
	}
	if (n == 0) {
		status = PDB_ADMIN_USAGE;
		pdb_sb_puts(&a.err, "no command; try 'help'\n");
		goto done;
	}
	status = -1;
	for (size_t i = 0; i < N_COMMANDS && status < 0; i++) {
		const adm_cmd_t *c = &commands[i];

		if (strcmp(args[0], c->word1) != 0)
			continue;
		if (c->word2 && (n < 2 || strcmp(args[1], c->word2) != 0))
			continue;
		a.cmd = c;
		status = c->word2 ? c->fn(&a, n - 2, args + 2) : c->fn(&a, n - 1, args + 1);
	}
	if (status < 0) {
		bool known = false;

		for (size_t i = 0; i < N_COMMANDS; i++)
			if (strcmp(args[0], commands[i].word1) == 0 && commands[i].word2) {
				if (!known && n > 1)
					pdb_sb_printf(&a.err, "unknown command '%s %s'; '%s' takes:",
						      args[0], args[1], args[0]);
				else if (!known)
					pdb_sb_printf(&a.err, "incomplete command '%s'; it takes:",
						      args[0]);
				pdb_sb_printf(&a.err, " %s", commands[i].word2);
				known = true;
			}
		if (known)
			pdb_sb_puts(&a.err, "\n");
		else
			pdb_sb_printf(&a.err, "unknown command '%s'; try 'help'\n", args[0]);
		status = PDB_ADMIN_USAGE;
	}
	if (status != PDB_ADMIN_OK)
		NLOG(DB, 2, "admin command '%s' failed with status %d", args[0], status);
done:
	free(args);
	*out = pdb_sb_take(&a.out);
	*err = pdb_sb_take(&a.err);
	if (status == PDB_ADMIN_OK && (!*out || !*err))
		status = PDB_ADMIN_DBERR;
	return status;
}
