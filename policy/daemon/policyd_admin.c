/*
 * admin.sock: the operator's commands (AdminRequest -> pdb_admin_run ->
 * AdminReply) and who may send them.
 */
#include "policyd_admin.h"

#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nea_err.h"
#include "nea_log.h"
#include "pdb_admin.h"
#include "policyd_core_int.h"

#define PD_MAX_GROUPS 1024

static bool user_in_group(const struct passwd *pw, gid_t gid)
{
	gid_t groups[PD_MAX_GROUPS];
	int n = PD_MAX_GROUPS;

	if (pw->pw_gid == gid)
		return true;
	/* -1 means the list did not fit; what fitted is still checked */
	if (getgrouplist(pw->pw_name, pw->pw_gid, groups, &n) < 0 && (n < 0 || n > PD_MAX_GROUPS))
		n = PD_MAX_GROUPS;
	for (int i = 0; i < n; i++)
		if (groups[i] == gid)
			return true;
	return false;
}

bool pd_admin_peer_allowed(uid_t peer, uid_t self, const char *admin_group, char *why, size_t len)
{
	struct passwd pwbuf, *pw = NULL;
	struct group grbuf, *gr = NULL;
	char buf[4096], gbuf[4096];

	if (peer == 0 || peer == self)
		return true;
	if (!admin_group || !*admin_group) {
		snprintf(why, len, "not root, not nea-policyd's user, and no nea.policyd.admin_group "
				   "is configured");
		return false;
	}
	if (getgrnam_r(admin_group, &grbuf, gbuf, sizeof(gbuf), &gr) != 0 || !gr) {
		snprintf(why, len, "nea.policyd.admin_group '%s' does not exist", admin_group);
		return false;
	}
	if (getpwuid_r(peer, &pwbuf, buf, sizeof(buf), &pw) != 0 || !pw) {
		snprintf(why, len, "uid %u has no user entry", (unsigned)peer);
		return false;
	}
	if (user_in_group(pw, gr->gr_gid))
		return true;
	snprintf(why, len, "user '%s' is not in the operator group '%s'", pw->pw_name, admin_group);
	return false;
}

/* The command words for the log: "policy add", "sessions". */
static void command_words(const Nea__AdminRequest *ar, char *buf, size_t len)
{
	char w1[40], w2[40];

	if (ar->n_argv == 0 || !ar->argv[0]) {
		snprintf(buf, len, "(none)");
		return;
	}
	pd_safe(ar->argv[0], strlen(ar->argv[0]), w1, sizeof(w1));
	if (ar->n_argv > 1 && ar->argv[1] && ar->argv[1][0] != '-') {
		pd_safe(ar->argv[1], strlen(ar->argv[1]), w2, sizeof(w2));
		snprintf(buf, len, "%s %s", w1, w2);
	} else {
		snprintf(buf, len, "%s", w1);
	}
}

static int admin_refuse(pd_reply_t *r, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int admin_refuse(pd_reply_t *r, int status, const char *fmt, ...)
{
	char *err = NULL;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&err, fmt, ap) < 0)
		err = NULL;
	va_end(ap);
	pd_reply_admin(r, status, NULL, err);
	return status;
}

int pd_core_admin(pd_core_t *c, const Nea__Envelope *req, unsigned uid, pd_reply_t *r)
{
	const Nea__AdminRequest *ar = req->admin_request;
	char words[96], first[160];
	char *out = NULL, *err = NULL;
	int status;

	c->stats.admin++;
	if (!ar)
		return admin_refuse(r, PDB_ADMIN_USAGE, "empty admin request\n");
	command_words(ar, words, sizeof(words));
	if (ar->n_argv > PD_MAX_ADMIN_ARGS)
		return admin_refuse(r, PDB_ADMIN_USAGE, "too many arguments (at most %d)\n",
				    PD_MAX_ADMIN_ARGS);
	for (size_t i = 0; i < ar->n_argv; i++)
		if (!ar->argv[i] || strnlen(ar->argv[i], PD_MAX_ADMIN_ARG_LEN + 1) > PD_MAX_ADMIN_ARG_LEN)
			return admin_refuse(r, PDB_ADMIN_USAGE,
					    "argument %zu is longer than %d bytes\n", i + 1,
					    PD_MAX_ADMIN_ARG_LEN);
	if (!c->db) {
		NLOG(DB, 1, "admin command '%s' from uid %u refused: no policy database", words, uid);
		return admin_refuse(r, PDB_ADMIN_DBERR,
				    "no policy database configured (libimcv.database)\n");
	}
	status = pdb_admin_run(c->db, (int)ar->n_argv, ar->argv, ar->has_utc && ar->utc, &out, &err);
	if (status == PDB_ADMIN_OK) {
		NLOG(DB, 1, "admin command '%s' from uid %u: ok", words, uid);
	} else {
		const char *e = err ? err : "";
		const char *nl = strchr(e, '\n');

		NLOG(DB, 1, "admin command '%s' from uid %u failed (status %d): %s", words, uid, status,
		     pd_safe(e, nl ? (size_t)(nl - e) : strlen(e), first, sizeof(first)));
	}
	pd_reply_admin(r, status, out, err);
	return status;
}
