/*
 * nea_log_conf: nea.log.* applied to the log levels; bad files change
 * nothing and say where they are wrong.
 */
#include <criterion/criterion.h>

#include "nea_conf.h"
#include "nea_err.h"
#include "nea_log.h"
#include "nea_log_conf.h"

static nea_conf_t *conf(const char *text)
{
	char err[256];
	nea_conf_t *c = NULL;

	cr_assert_eq(nea_conf_load_string(text, "nea.conf", &c, err, sizeof(err)), 0, "%s", err);
	return c;
}

Test(log_conf, default_then_groups_in_any_order)
{
	nea_conf_t *c = conf("nea {\n log {\n  tnc = 3\n  IKE = -1\n  default = 0\n  db = 4\n }\n}\n");

	nea_log_set_default(1);
	cr_assert_eq(nea_log_configure(c), 0);
	cr_assert_eq(nea_log_get_level(NEA_LG_TNC), 3);
	cr_assert_eq(nea_log_get_level(NEA_LG_IKE), -1);
	cr_assert_eq(nea_log_get_level(NEA_LG_DB), 4);
	cr_assert_eq(nea_log_get_level(NEA_LG_DMN), 0, "default applies to the rest");
	cr_assert_eq(nea_log_get_level(NEA_LG_CFG), 0);
	nea_conf_free(c);
}

Test(log_conf, missing_section_and_unset_keys_change_nothing)
{
	nea_conf_t *c = conf("nea { rundir = /run/nea }\n");

	nea_log_set_default(2);
	cr_assert_eq(nea_log_configure(c), 0);
	cr_assert_eq(nea_log_get_level(NEA_LG_IMV), 2);
	nea_conf_free(c);
	c = conf("nea.log.imv =\nnea.log.default = 1\n");
	cr_assert_eq(nea_log_configure(c), 0);
	cr_assert_eq(nea_log_get_level(NEA_LG_IMV), 1);
	nea_conf_free(c);
}

Test(log_conf, syslog_switch)
{
	nea_conf_t *c = conf("nea.log.syslog = yes\n");

	cr_assert_eq(nea_log_configure(c), 0);
	nea_conf_free(c);
	c = conf("nea.log.syslog = off\n");
	cr_assert_eq(nea_log_configure(c), 0);
	nea_conf_free(c);
}

Test(log_conf, errors_leave_levels_alone)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{ "nea {\n  log {\n    default = 2\n    tnx = 1\n  }\n}\n",
		  "nea.conf:4: nea.log.tnx: unknown log group (dmn, mgr, ike, chd, cfg, knl, net, enc, tls, tnc, imc, imv, pts, ipc, db, lib, app)" },
		{ "nea.log.tnc = 5\n", "nea.conf:1: nea.log.tnc: level must be -1..4" },
		{ "nea.log.tnc = -2\n", "nea.conf:1: nea.log.tnc: level must be -1..4" },
		{ "nea.log.tnc = high\n", "nea.conf:1: nea.log.tnc: level must be -1..4" },
		{ "\nnea.log.default = 1x\n", "nea.conf:2: nea.log.default: level must be -1..4" },
		{ "nea.log.syslog = maybe\n", "nea.conf:1: nea.log.syslog: expected yes or no" },
		{ "nea.log {\n  daemon {\n  }\n}\n", "nea.conf:2: nea.log.daemon: unexpected section, levels are 'group = n'" },
	};
	char err[512];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		nea_conf_t *c = conf(cases[i].text);

		nea_log_set_default(1);
		cr_expect_eq(nea_log_configure_ex(c, err, sizeof(err)), NEA_ECONFIG, "case %zu", i);
		cr_expect_str_eq(err, cases[i].msg, "case %zu", i);
		cr_expect_eq(nea_log_get_level(NEA_LG_DMN), 1, "case %zu applied nothing", i);
		cr_expect_eq(nea_log_configure(c), NEA_ECONFIG);
		nea_conf_free(c);
	}
}
