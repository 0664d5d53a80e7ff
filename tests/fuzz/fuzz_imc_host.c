/*
 * libFuzzer target for the IMC host (imc_host.h) as the policy server
 * drives it through the client broker: PA-TNC messages to the OS and
 * Scanner IMCs (segmentation contracts, segments and Next Segment requests,
 * attribute requests, PA-TNC errors, assessment results and remediation
 * instructions), batch endings, outcomes and state changes, in any order.
 *
 * Records: op(1) length(2, big endian) payload(length)
 *   op%6 == 0  PA message to the OS IMC: payload[0] picks the IMV and the
 *              exclusive flag, the rest is the PA-TNC message
 *   op%6 == 1  the same to the Scanner IMC
 *   op%6 == 2  BatchEnding
 *   op%6 == 3  new connection: CREATE (maximum PA-TNC message size from
 *              the payload) and HANDSHAKE
 *   op%6 == 4  AssessmentOutcome, the payload as reason string
 *   op%6 == 5  ACCESS_* or DELETE by payload[0]
 * Invariants: everything the host sends to the broker packs, every PA-TNC
 * message it sends parses and fits the connection's maximum size, and every
 * envelope it answers with concerns a connection the broker named.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "imc_host.h"
#include "nea.pb-c.h"
#include "nea_log.h"
#include "patnc_msg.h"

static uint32_t max_len[8];

static int check(void *ctx, Nea__Envelope *env)
{
	patnc_rx_t rx;

	(void)ctx;
	if (!env->has_conn_id && env->body_case != NEA__ENVELOPE__BODY_MODULE_REGISTER)
		__builtin_trap();
	if (env->conn_id >= 8)
		__builtin_trap();
	if (env->body_case == NEA__ENVELOPE__BODY_PA_MESSAGE) {
		const Nea__PaMessage *pa = env->pa_message;

		if (pa->body.len > max_len[env->conn_id])
			__builtin_trap();
		if (patnc_msg_process(pa->body.data, pa->body.len, &rx) < 0)
			__builtin_trap();
		patnc_rx_free(&rx);
	}
	env->version = 1;
	if (!nea__envelope__get_packed_size(env))
		__builtin_trap();
	return 0;
}

static uint32_t counter(void *arg)
{
	uint32_t *c = arg;

	return ++*c;
}

static imc_host_t *host;

static int64_t fixed_now(void)
{
	return 1795386520;
}

static void setup(void)
{
	static const char tnc[] = "IMC \"OS\" os.so\nIMC \"Scanner\" scanner.so\n";
	nea_tncconf_t *t = NULL;
	imc_settings_t set;
	char err[128];

	nea_log_set_default(getenv("NEA_FUZZ_LOG") ? atoi(getenv("NEA_FUZZ_LOG")) : 0);
	if (nea_tncconf_load_buffer(tnc, sizeof(tnc) - 1, "tnc", &t, err, sizeof(err)) < 0)
		abort();
	memset(&set, 0, sizeof(set));
	/* No system files: the collectors' failure paths plus configured facts. */
	set.os_release = strdup("/nonexistent/os-release");
	set.proc = strdup("/nonexistent/proc");
	set.dpkg_status = strdup("/nonexistent/status");
	set.machine_id = strdup("/nonexistent/machine-id");
	set.os_name = strdup("Debian");
	set.os_version = strdup("12 x86_64");
	set.device_id = strdup("fuzz-device");
	set.os_push_info = set.scanner_push_info = true;
	set.now = fixed_now;
	if (imc_host_create(t, &set, &host) < 0)
		abort();
	nea_tncconf_free(t);
}

static void state(imc_peer_t *p, uint64_t conn, Nea__ConnState s, uint32_t max)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__ConnStateChange cs = NEA__CONN_STATE_CHANGE__INIT;
	Nea__ConnAttributes a = NEA__CONN_ATTRIBUTES__INIT;

	cs.state = s;
	if (s == NEA__CONN_STATE__CONN_CREATE) {
		a.has_max_msg_size = true;
		a.max_msg_size = max;
		cs.attrs = &a;
		max_len[conn] = max ? max : 65490;
	}
	env.has_conn_id = true;
	env.conn_id = conn;
	env.body_case = NEA__ENVELOPE__BODY_CONN_STATE;
	env.conn_state = &cs;
	imc_peer_handle(p, &env);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint32_t ids;
	imc_peer_t *p;
	size_t i = 0;
	uint64_t conn = 1;

	if (!host)
		setup();
	imc_host_set_msg_id_source(host, counter, &ids);
	p = imc_peer_create(host, "fuzz", check, NULL);
	if (!p)
		return 0;
	state(p, conn, NEA__CONN_STATE__CONN_CREATE, 2097104);
	state(p, conn, NEA__CONN_STATE__CONN_HANDSHAKE, 0);
	while (i + 3 <= size) {
		uint8_t op = data[i];
		size_t len = (size_t)data[i + 1] << 8 | data[i + 2];
		const uint8_t *pl = data + i + 3;
		Nea__Envelope env = NEA__ENVELOPE__INIT;

		i += 3;
		if (len > size - i)
			len = size - i;
		i += len;
		env.has_conn_id = true;
		env.conn_id = conn;
		switch (op % 6) {
		case 0:
		case 1: {
			Nea__PaMessage pa = NEA__PA_MESSAGE__INIT;
			uint8_t sel = len ? pl[0] : 0;

			pa.vendor = 0;
			pa.subtype = op % 6 == 0 ? 1 : 5;
			pa.src_id = (sel & 3) + 1;
			pa.exclusive = sel & 4;
			pa.dst_id = pa.exclusive ? (sel & 8 ? 2u : 1u) : 0xffffu;
			pa.body.data = (uint8_t *)(len ? pl + 1 : pl);
			pa.body.len = len ? len - 1 : 0;
			env.body_case = NEA__ENVELOPE__BODY_PA_MESSAGE;
			env.pa_message = &pa;
			imc_peer_handle(p, &env);
			break;
		}
		case 2: {
			Nea__BatchEnding be = NEA__BATCH_ENDING__INIT;

			env.body_case = NEA__ENVELOPE__BODY_BATCH_ENDING;
			env.batch_ending = &be;
			imc_peer_handle(p, &env);
			break;
		}
		case 3:
			conn = len ? (pl[0] % 7) + 1 : conn;
			/* 8 bytes of header plus at least a little room */
			state(p, conn, NEA__CONN_STATE__CONN_CREATE,
			      len >= 3 ? 24u + ((uint32_t)pl[1] << 8 | pl[2]) * 4u : 0u);
			state(p, conn, NEA__CONN_STATE__CONN_HANDSHAKE, 0);
			break;
		case 4: {
			Nea__AssessmentOutcome o = NEA__ASSESSMENT_OUTCOME__INIT;
			char *reason = malloc(len + 1);

			if (!reason)
				break;
			memcpy(reason, pl, len);
			reason[len] = '\0';
			o.recommendation = len ? pl[0] : 0;
			o.evaluation = len > 1 ? pl[1] : 0;
			o.reason = reason;
			env.body_case = NEA__ENVELOPE__BODY_OUTCOME;
			env.outcome = &o;
			imc_peer_handle(p, &env);
			free(reason);
			break;
		}
		default:
			state(p, conn,
			      (Nea__ConnState)(len ? 2 + pl[0] % 4 : NEA__CONN_STATE__CONN_DELETE), 0);
			break;
		}
	}
	imc_peer_destroy(p);
	return 0;
}
