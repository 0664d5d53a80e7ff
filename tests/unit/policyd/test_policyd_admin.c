/*
 * admin.sock: operator commands through the core (the same engine the
 * policy suites test in depth, here: the request checks and the reply),
 * and who may connect.
 */
#include <criterion/criterion.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nea_err.h"
#include "pd_fixture.h"
#include "policyd_admin.h"

TestSuite(policyd_admin, .init = pf_setup, .fini = pf_teardown);

Test(policyd_admin, policy_and_enforcement_from_the_operator)
{
	const Nea__AdminReply *a;

	a = pf_admin("policy", "add", "Allowed TCP Ports", "--type", "TCPOP", "--argument", "22 443",
		     NULL);
	cr_assert_eq(a->status, 0, "%s", a->error);
	a = pf_admin("enforcement", "add", "Allowed TCP Ports", "Default", NULL);
	cr_assert_eq(a->status, 0, "%s", a->error);
	cr_assert_str_eq(a->error, "");

	/* the next session of a device in Default gets the workitem */
	pf_session(1, "10.0.0.1");
	cr_assert_geq(pf_find(PDB_WI_TCPOP), 0);
	{
		bool found = false;

		for (size_t i = 0; i < pf.r.workitems.n_items; i++)
			found |= pf.r.workitems.items[i]->type == PDB_WI_TCPOP &&
				 strcmp(pf.r.workitems.items[i]->arg_str, "22 443") == 0;
		cr_assert(found, "no TCPOP workitem with the operator's port list");
	}
}

Test(policyd_admin, failures_carry_status_and_message)
{
	const Nea__AdminReply *a;

	a = pf_admin("policy", "add", "Bad Ports", "--type", "TCPOP", "--argument", "22 70000", NULL);
	cr_assert_eq(a->status, 1);
	cr_assert(strstr(a->error, "70000"), "%s", a->error);
	a = pf_admin("enforcement", "add", "No Such Policy", "Default", NULL);
	cr_assert_eq(a->status, 1);
	cr_assert(strstr(a->error, "unknown policy 'No Such Policy'"), "%s", a->error);
	a = pf_admin("policy", "frobnicate", NULL);
	cr_assert_eq(a->status, 2);
	a = pf_admin(NULL);
	cr_assert_eq(a->status, 2);
	cr_assert_eq(pf_int("SELECT count(*) FROM policies WHERE name = 'Bad Ports'", 0), 0);
}

Test(policyd_admin, sessions_in_attest_format)
{
	const Nea__AdminReply *a;
	int64_t sid = pf_session(1, "127.0.0.1");

	pf_stop(1, (uint64_t)sid, PDB_REC_NO_ACCESS);
	a = pf_admin("sessions", NULL);
	cr_assert_eq(a->status, 0);
	cr_assert_str_eq(a->output, "   1: Nov 22 22:28:40 UTC 2026  1 Debian 12 x86_64     "
				    "3d1219c7c4c5404aaa1f client1 - no access\n");
}

Test(policyd_admin, oversized_requests)
{
	Nea__Envelope e = NEA__ENVELOPE__INIT;
	Nea__AdminRequest ar = NEA__ADMIN_REQUEST__INIT;
	char *argv[PD_MAX_ADMIN_ARGS + 1];
	char *big = malloc(PD_MAX_ADMIN_ARG_LEN + 2);
	pd_reply_t r;

	cr_assert_not_null(big);
	for (size_t i = 0; i <= PD_MAX_ADMIN_ARGS; i++)
		argv[i] = (char *)"sessions";
	ar.argv = argv;
	ar.n_argv = PD_MAX_ADMIN_ARGS + 1;
	e.body_case = NEA__ENVELOPE__BODY_ADMIN_REQUEST;
	e.admin_request = &ar;
	pd_reply_init(&r);
	cr_assert_eq(pd_core_admin(pf.core, &e, 0, &r), 2);
	cr_assert(strstr(r.admin.error, "too many arguments"));
	pd_reply_free(&r);

	memset(big, 'x', PD_MAX_ADMIN_ARG_LEN + 1);
	big[PD_MAX_ADMIN_ARG_LEN + 1] = '\0';
	argv[0] = (char *)"product";
	argv[1] = (char *)"add";
	argv[2] = big;
	ar.n_argv = 3;
	cr_assert_eq(pd_core_admin(pf.core, &e, 0, &r), 2);
	cr_assert(strstr(r.admin.error, "longer than"));
	pd_reply_free(&r);
	cr_assert_eq(pf_int("SELECT count(*) FROM products WHERE length(name) > 4000", 0), 0);

	e.admin_request = NULL;
	cr_assert_eq(pd_core_admin(pf.core, &e, 0, &r), 2);
	pd_reply_free(&r);
	free(big);
}

/* ------------------------------------------------------------ peers */

Test(policyd_admin, root_and_self_always)
{
	char why[160] = "";

	cr_assert(pd_admin_peer_allowed(0, 4000, NULL, why, sizeof(why)));
	cr_assert(pd_admin_peer_allowed(4000, 4000, NULL, why, sizeof(why)));
	cr_assert_not(pd_admin_peer_allowed(4001, 4000, NULL, why, sizeof(why)));
	cr_assert(strstr(why, "admin_group"), "%s", why);
	cr_assert_not(pd_admin_peer_allowed(4001, 4000, "", why, sizeof(why)));
}

Test(policyd_admin, operator_group_by_primary_group)
{
	struct passwd *pw = getpwnam("nobody");
	struct group *gr;
	char why[160] = "", name[256];
	uid_t uid;

	if (!pw)
		cr_skip_test("no user 'nobody' on this system");
	uid = pw->pw_uid;
	gr = getgrgid(pw->pw_gid);
	if (!gr)
		cr_skip_test("nobody's primary group has no name");
	snprintf(name, sizeof(name), "%s", gr->gr_name);
	cr_assert(pd_admin_peer_allowed(uid, 4000, name, why, sizeof(why)), "%s", why);
	cr_assert_not(pd_admin_peer_allowed(uid, 4000, "nea-no-such-group", why, sizeof(why)));
	cr_assert(strstr(why, "does not exist"), "%s", why);
}

Test(policyd_admin, operator_group_by_supplementary_membership)
{
	struct group *gr;
	char member[256] = "", group[256] = "", other[256] = "", why[160] = "";
	uid_t uid = 0, other_uid = 0;

	/* a user listed in a group that is not its primary one */
	setgrent();
	while (!*member && (gr = getgrent())) {
		for (char **m = gr->gr_mem; m && *m; m++) {
			struct passwd *pw = getpwnam(*m);

			if (pw && pw->pw_gid != gr->gr_gid && pw->pw_uid != 0) {
				snprintf(member, sizeof(member), "%s", *m);
				snprintf(group, sizeof(group), "%s", gr->gr_name);
				uid = pw->pw_uid;
				break;
			}
		}
	}
	endgrent();
	if (!*member)
		cr_skip_test("no user with a supplementary group in the user database");
	cr_assert(pd_admin_peer_allowed(uid, 4000, group, why, sizeof(why)), "%s in %s: %s", member,
		  group, why);

	/* and one who is not a member of it */
	{
		struct passwd *pw = getpwnam("nobody");

		if (pw && pw->pw_uid != uid) {
			snprintf(other, sizeof(other), "%s", pw->pw_name);
			other_uid = pw->pw_uid;
			if (!pd_admin_peer_allowed(other_uid, 4000, group, why, sizeof(why)))
				cr_assert(strstr(why, "not in the operator group"), "%s", why);
		}
	}
}

Test(policyd_admin, uid_without_user_entry)
{
	struct passwd *pw = getpwnam("nobody");
	struct group *gr = pw ? getgrgid(pw->pw_gid) : NULL;
	char why[160] = "", name[256];

	if (!gr)
		cr_skip_test("no group to test with");
	snprintf(name, sizeof(name), "%s", gr->gr_name);
	cr_assert_null(getpwuid(3999999));
	cr_assert_not(pd_admin_peer_allowed(3999999, 4000, name, why, sizeof(why)));
	cr_assert(strstr(why, "no user entry"), "%s", why);
}
