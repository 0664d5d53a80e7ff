/*
 * iked_cfg: the configuration snapshot from nea.conf + swanctl.conf: a
 * connection nea-iked cannot serve is refused on its own and the others
 * load; a syntax error fails the whole load (a reload keeps the old one);
 * strongSwan's option names and nea's defaults.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "iked_cfg.h"
#include "nea_err.h"
#include "nea_log.h"

static char dir[64];

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/nea-iked-cfg-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	nea_log_init("test_iked_cfg", false);
	nea_log_set_default(-1);
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

static int load(const char *swanctl, const char *main_extra, iked_cfg_t **out)
{
	char path[128], text[1024], err[256];
	nea_conf_t *m;
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), "%s/swanctl.conf", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(swanctl, f);
	fclose(f);
	snprintf(text, sizeof(text), "nea { swanctl = %s }\n%s", path, main_extra ? main_extra : "");
	cr_assert_eq(nea_conf_load_string(text, "nea.conf", &m, err, sizeof(err)), 0, "%s", err);
	rc = iked_cfg_load(m, out);
	nea_conf_free(m);
	return rc;
}

TestSuite(iked_cfg, .init = setup, .fini = teardown);

Test(iked_cfg, unservable_connection_is_skipped_others_load)
{
	iked_cfg_t *c = NULL;

	cr_assert_eq(load("connections {\n"
			  " good { proposals = aes256-sha256-x25519\n"
			  "  local { auth = psk\n id = gw }\n remote { auth = eap-md5 }\n"
			  "  children { net { local_ts = 10.1.0.0/16 } } }\n"
			  " nocert { local { auth = pubkey\n certs = missing.pem }\n"
			  "  remote { auth = eap-ttls } }\n"
			  " badprop { proposals = aes256-sha256-modp1 \n"
			  "  local { auth = psk }\n remote { auth = eap-md5 } }\n"
			  " v1 { version = 1\n local { auth = psk }\n remote { auth = psk } }\n"
			  "}\n",
			  NULL, &c),
		     0);
	cr_assert_eq(c->nconns, 1);
	cr_assert_str_eq(c->conns[0].name, "good");
	cr_assert_not_null(iked_cfg_conn(c, "good"));
	cr_assert_null(iked_cfg_conn(c, "nocert"));
	cr_assert_eq(c->conns[0].nike, 1);
	cr_assert_eq(c->conns[0].nchildren, 1);
	cr_assert_eq(c->conns[0].remote.eap_type, 4);
	iked_cfg_unref(c);
}

Test(iked_cfg, syntax_error_fails_the_load)
{
	iked_cfg_t *c = NULL;

	cr_assert_eq(load("connections {\n broken {\n", NULL, &c), NEA_ECONFIG);
	cr_assert_null(c);
}

Test(iked_cfg, strongswan_option_names_and_defaults)
{
	iked_cfg_t *c = NULL;

	cr_assert_eq(load("", NULL, &c), 0);
	cr_assert_eq(c->nconns, 0);
	cr_assert_eq(c->kernel, false, "nea.ike.kernel defaults to no");
	cr_assert_eq(c->frag_size, 1280);
	cr_assert_eq(c->cookie_threshold_ip, 3);
	cr_assert_eq(c->retransmit_timeout_ms, 4000);
	cr_assert_eq(c->isolate_allow, false);
	iked_cfg_unref(c);
	cr_assert_eq(load("", "charon { fragment_size = 1400\n retransmit_timeout = 2.5\n"
			      " cookie_threshold_ip = 9 }\nnea { ike { isolate = allow } }\n", &c), 0);
	cr_assert_eq(c->frag_size, 1400);
	cr_assert_eq(c->retransmit_timeout_ms, 2500);
	cr_assert_eq(c->cookie_threshold_ip, 9);
	cr_assert(c->isolate_allow);
	iked_cfg_unref(c);
	cr_assert_eq(load("", "nea { ike { isolate = maybe } }\n", &c), NEA_ECONFIG);
}
