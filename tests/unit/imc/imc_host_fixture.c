#include "imc_host_fixture.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imc_fixture.h"
#include "nea.pb-c.h"
#include "nea_log.h"

static int record(void *ctx, Nea__Envelope *env)
{
	ih_t *ih = ctx;
	ih_sent_t *s;

	cr_assert_lt(ih->nsent, sizeof(ih->sent) / sizeof(ih->sent[0]));
	s = &ih->sent[ih->nsent++];
	memset(s, 0, sizeof(*s));
	s->body_case = env->body_case;
	s->conn_id = env->has_conn_id ? env->conn_id : 0;
	if (env->body_case == NEA__ENVELOPE__BODY_PA_MESSAGE) {
		const Nea__PaMessage *pa = env->pa_message;

		s->vendor = pa->vendor;
		s->subtype = pa->subtype;
		s->src = pa->src_id;
		s->dst = pa->dst_id;
		s->excl = pa->exclusive;
		s->len = pa->body.len;
		s->body = malloc(s->len ? s->len : 1);
		cr_assert_not_null(s->body);
		memcpy(s->body, pa->body.data, s->len);
	}
	if (env->body_case == NEA__ENVELOPE__BODY_MODULE_REGISTER) {
		const Nea__ModuleRegister *r = env->module_register;

		s->nmods = r->n_modules;
		for (size_t i = 0; i < r->n_modules && i < 4; i++) {
			s->mod_id[i] = r->modules[i]->id;
			snprintf(s->mod_name[i], sizeof(s->mod_name[i]), "%s", r->modules[i]->name);
			cr_assert_eq(r->modules[i]->n_subscriptions, 1);
			s->mod_vendor[i] = r->modules[i]->subscriptions[0]->vendor;
			s->mod_subtype[i] = r->modules[i]->subscriptions[0]->subtype;
		}
	}
	/* The real link serializes now: make sure this envelope would pack. */
	cr_assert_gt(nea__envelope__get_packed_size(env), 0);
	return 0;
}

static uint32_t next_id(void *arg)
{
	ih_t *ih = arg;

	cr_assert_lt(ih->next_id, ih->nids, "more PA-TNC messages than expected");
	return ih->ids[ih->next_id++];
}

static int64_t captured_now(void)
{
	return 1795377765 + 8755; /* "last boot: Nov 22 20:02:45 UTC 2026, 8755 s ago" */
}

static char *fx(const char *rel)
{
	char buf[4096];
	char *s = strdup(imcf_path(buf, sizeof(buf), rel));

	cr_assert_not_null(s);
	return s;
}

void ih_setup(ih_t *ih, const char *tnc_text, void (*tweak)(imc_settings_t *set))
{
	static const char def[] = "IMC \"OS\" /usr/lib/ipsec/imcvs/imc-os.so\n"
				  "IMC \"Scanner\" /usr/lib/ipsec/imcvs/imc-scanner.so\n"
				  "IMC \"SWIMA\" /usr/lib/ipsec/imcvs/imc-swima.so\n";
	nea_tncconf_t *tnc = NULL;
	imc_settings_t set;
	char err[256];

	memset(ih, 0, sizeof(*ih));
	/* Every log line is formatted (level 4: hex dumps too) so the logging
	 * paths run under the sanitizers; shown only with NEA_TEST_LOG=1. */
	nea_log_set_default(4);
	if (!getenv("NEA_TEST_LOG"))
		cr_assert_not_null(freopen("/dev/null", "w", stderr));
	if (!tnc_text)
		tnc_text = def;
	cr_assert_eq(nea_tncconf_load_buffer(tnc_text, strlen(tnc_text), "tnc_config", &tnc, err,
					     sizeof(err)),
		     0, "%s", err);
	memset(&set, 0, sizeof(set));
	set.os_release = fx("debian12/etc/os-release");
	set.proc = fx("debian12/proc");
	set.dpkg_status = fx("debian12/var/lib/dpkg/status");
	set.machine_id = fx("debian12/etc/machine-id");
	set.machine = strdup("x86_64");
	set.os_push_info = true;
	set.scanner_push_info = true;
	set.now = captured_now;
	if (tweak)
		tweak(&set);
	cr_assert_eq(imc_host_create(tnc, &set, &ih->host), 0);
	nea_tncconf_free(tnc);
	imc_host_set_msg_id_source(ih->host, next_id, ih);
	ih->peer = imc_peer_create(ih->host, "test broker", record, ih);
	cr_assert_not_null(ih->peer);
}

void ih_clear(ih_t *ih)
{
	for (size_t i = 0; i < ih->nsent; i++)
		free(ih->sent[i].body);
	ih->nsent = 0;
}

void ih_teardown(ih_t *ih)
{
	imc_peer_destroy(ih->peer);
	imc_host_destroy(ih->host);
	ih_clear(ih);
}

void ih_msg_ids(ih_t *ih, const uint32_t *ids, size_t n)
{
	cr_assert_leq(n, sizeof(ih->ids) / sizeof(ih->ids[0]));
	if (n)
		memcpy(ih->ids, ids, n * sizeof(*ids));
	ih->nids = n;
	ih->next_id = 0;
}

/* Hand env to the IMC host as nea-brokerd would for Connection ID conn. */
static void deliver(ih_t *ih, uint64_t conn, Nea__Envelope *env)
{
	env->version = 1;
	env->has_conn_id = true;
	env->conn_id = conn;
	imc_peer_handle(ih->peer, env);
}

void ih_state(ih_t *ih, uint64_t conn, int state, uint32_t max_msg_size)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__ConnStateChange cs = NEA__CONN_STATE_CHANGE__INIT;
	Nea__ConnAttributes a = NEA__CONN_ATTRIBUTES__INIT;

	cs.state = (Nea__ConnState)state;
	if (state == NEA__CONN_STATE__CONN_CREATE) {
		a.has_transport = true;
		a.transport = NEA__TRANSPORT__TRANSPORT_PT_TLS;
		a.ift_protocol = "IF-T for TLS";
		a.ift_version = "2.0";
		a.tnccs_protocol = "IF-TNCCS";
		a.tnccs_version = "2.0";
		a.has_max_msg_size = true;
		a.max_msg_size = max_msg_size;
		a.has_has_long_types = a.has_has_exclusive = a.has_has_soh = true;
		a.has_long_types = a.has_exclusive = true;
		cs.attrs = &a;
	}
	env.body_case = NEA__ENVELOPE__BODY_CONN_STATE;
	env.conn_state = &cs;
	deliver(ih, conn, &env);
}

void ih_pa(ih_t *ih, uint64_t conn, uint32_t subtype, uint32_t src, uint32_t dst, bool excl,
	   const uint8_t *body, size_t len)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__PaMessage pa = NEA__PA_MESSAGE__INIT;

	pa.vendor = 0;
	pa.subtype = subtype;
	pa.src_id = src;
	pa.dst_id = dst;
	pa.exclusive = excl;
	pa.body.data = (uint8_t *)body;
	pa.body.len = len;
	env.body_case = NEA__ENVELOPE__BODY_PA_MESSAGE;
	env.pa_message = &pa;
	deliver(ih, conn, &env);
}

void ih_batch_ending(ih_t *ih, uint64_t conn)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__BatchEnding be = NEA__BATCH_ENDING__INIT;

	env.body_case = NEA__ENVELOPE__BODY_BATCH_ENDING;
	env.batch_ending = &be;
	deliver(ih, conn, &env);
}
