/*
 * The client broker: the pure core (tnccs_client_core) rebuilds the
 * captured strongSwan 5.9.14 client's batches byte for byte when a scripted
 * IMC host hands it the captured IMC messages, and reads the captured
 * PDP's RESULT into the result struct; the blocking wrapper (tnccs_client)
 * does the same over a real socket to a fake nea-imcd in a child process,
 * and survives a silent, dead or absent host.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "nea_ipc.h"
#include "tnccs_client.h"
#include "tnccs_client_core.h"
#include "tnccs_limits.h"

#define ANY 0xffff
#define C01 "run1_password_freshdb_01_pdp_recv_CDATA.hex"
#define S02 "run1_password_freshdb_02_pdp_sent_SDATA.hex"
#define C03 "run1_password_freshdb_03_pdp_recv_CDATA.hex"
#define R04 "run1_password_freshdb_04_pdp_sent_RESULT.hex"
#define X05 "run1_password_freshdb_05_pdp_recv_CLOSE.hex"

typedef struct {
	harness_t h;
	tnccs_registry_t reg;
	tnccs_cc_t *cc;
} cfix_t;

static void cfix_start(cfix_t *f, const char *modules)
{
	tnccs_cc_opts_t o = { 0 };
	tnccs_cc_ops_t ops;

	memset(f, 0, sizeof(*f));
	h_init(&f->h);
	if (modules)
		h_registry(&f->reg, "IMC", modules);
	else
		tnccs_registry_init(&f->reg, "IMC");
	o.transport = NEA__TRANSPORT__TRANSPORT_PT_TLS;
	tnccs_limits_compute(o.transport, -1, -1, 0, 0, &o.lim, NULL);
	o.server_addr = "127.0.0.1";
	o.reg = &f->reg;
	ops = h_client_ops(&f->h);
	cr_assert_eq(tnccs_cc_new(&o, &ops, &f->cc), 0);
}

static void cfix_end(cfix_t *f)
{
	tnccs_cc_free(f->cc);
	tnccs_registry_free(&f->reg);
	h_free(&f->h);
}

static void imc_be(cfix_t *f)
{
	Nea__Envelope env;
	Nea__BatchEnding be;

	h_env_be(&env, &be, 1);
	tnccs_cc_host_msg(f->cc, &env);
}

static void to_client(void *arg, Nea__Envelope *env)
{
	tnccs_cc_host_msg(((cfix_t *)arg)->cc, env);
}

/* The IMC host sends the PB-PA messages idx[] of a captured client batch. */
static void imc_pa_from(cfix_t *f, const char *capture, const size_t *idx, size_t n)
{
	h_capture_pa(capture, idx, n, 1, false, to_client, f);
}

static void feed(cfix_t *f, const char *capture)
{
	size_t len;
	uint8_t *b = h_capture(capture, &len);

	tnccs_cc_recv(f->cc, b, len);
	free(b);
}

static void assert_sent_capture(const harness_t *h, size_t k, const char *capture)
{
	size_t len;
	uint8_t *b = h_capture(capture, &len);

	cr_assert_gt(h->n_peer, k, "batch %zu not sent", k);
	cr_assert_eq(h->peer_len[k], len, "batch %zu: %zu bytes, want %zu", k, h->peer_len[k], len);
	for (size_t i = 0; i < len; i++)
		cr_assert_eq(h->peer[k][i], b[i], "batch %zu differs at byte %zu", k, i);
	free(b);
}

Test(tnccs_client_core, run1_client_batches_byte_for_byte_and_result)
{
	static const size_t first[] = { 1, 2, 3 }; /* OS, Firewall, SWIMA */
	static const size_t second[] = { 0 };      /* Installed Packages */
	cfix_t f;
	const Nea__Envelope *e;
	const tnccs_result_t *r;

	h_log_capture();
	cfix_start(&f, "1:OS:0/1,2:Scanner:0/5,3:SWIMA:0/9");
	cr_assert_eq(tnccs_cc_start(f.cc), 0);
	cr_assert_eq(f.h.n_host, 2);
	cr_assert_eq(f.h.host[0]->conn_state->state, NEA__CONN_STATE__CONN_CREATE);
	cr_assert_str_eq(f.h.host[0]->conn_state->attrs->preferred_language, "en");
	cr_assert_eq(f.h.host[1]->conn_state->state, NEA__CONN_STATE__CONN_HANDSHAKE);
	cr_assert(f.h.waiting);
	cr_assert_eq(f.h.n_peer, 0);
	imc_pa_from(&f, C01, first, 3);
	imc_be(&f);
	/* PB-Language-Preference, then the IMCs' messages: strongSwan's 366 bytes */
	assert_sent_capture(&f.h, 0, C01);

	feed(&f, S02);
	/* OS, Firewall, both SWIMA (one exclusive for IMC 3), then BatchEnding */
	cr_assert_eq(h_count(&f.h, NEA__ENVELOPE__BODY_PA_MESSAGE), 4);
	e = h_nth(&f.h, NEA__ENVELOPE__BODY_PA_MESSAGE, 0);
	cr_assert_eq(e->pa_message->subtype, 9);
	cr_assert(e->pa_message->exclusive);
	cr_assert_eq(e->pa_message->dst_id, 3);
	cr_assert_eq(e->pa_message->src_id, 3);
	e = h_nth(&f.h, NEA__ENVELOPE__BODY_PA_MESSAGE, 1);
	cr_assert_eq(e->pa_message->src_id, 1, "from IMV 1");
	cr_assert_eq(e->pa_message->dst_id, ANY);
	cr_assert_eq(f.h.host[f.h.n_host - 1]->body_case, NEA__ENVELOPE__BODY_BATCH_ENDING);
	imc_pa_from(&f, C03, second, 1);
	imc_be(&f);
	assert_sent_capture(&f.h, 1, C03);

	feed(&f, R04);
	/* the outcome for the IMCs to show, then the access state */
	e = h_nth(&f.h, NEA__ENVELOPE__BODY_OUTCOME, 0);
	cr_assert_not_null(e);
	cr_assert_eq(e->outcome->recommendation, PBTNC_ACCESS_DENIED);
	cr_assert_eq(e->outcome->evaluation, TNC_EVAL_NONCOMPLIANT_MINOR);
	cr_assert_str_eq(e->outcome->reason, "Open server ports were detected");
	cr_assert_str_eq(e->outcome->reason_lang, "en");
	e = h_nth(&f.h, NEA__ENVELOPE__BODY_CONN_STATE, 2);
	cr_assert_eq(e->conn_state->state, NEA__CONN_STATE__CONN_ACCESS_NONE);
	cr_assert_eq(f.h.n_done, 0);
	imc_be(&f);
	assert_sent_capture(&f.h, 2, X05); /* the empty CLOSE */
	cr_assert_eq(f.h.n_done, 1);
	cr_assert_eq(f.h.done_err, 0);
	cr_assert(tnccs_cc_ended(f.cc));

	r = tnccs_cc_result(f.cc);
	cr_assert(r->have_result);
	cr_assert(r->complete);
	cr_assert_eq(r->evaluation, TNC_EVAL_NONCOMPLIANT_MINOR);
	cr_assert_eq(r->access, PBTNC_ACCESS_DENIED);
	cr_assert_eq(r->recommendation, TNC_REC_NO_ACCESS);
	cr_assert_eq(r->n_reasons, 1);
	cr_assert_str_eq(r->reasons[0].text, "Open server ports were detected");
	cr_assert_str_eq(r->reasons[0].lang, "en");
	/* 4 PA from the SDATA + 1 (the IMV's Assessment Result) from the RESULT */
	cr_assert_eq(r->n_pa, 5);
	cr_assert_eq(r->pa[4].batch_type, PBTNC_BATCH_RESULT);
	cr_assert_eq(r->pa[4].len, 24);
	cr_assert_eq(r->pa[2].subtype, 5);
	cr_assert_eq(r->pa[2].len, 406, "the Remediation Instructions message");
	cfix_end(&f);
	cr_assert(h_log_contains("PB-TNC assessment result is 'non-compliant minor'"));
	cr_assert(h_log_contains("PB-TNC access recommendation is 'Access Denied'"));
	cr_assert(h_log_contains("reason string is 'Open server ports were detected' [en]"));
}

Test(tnccs_client_core, without_host_first_cdata_is_language_only)
{
	static const uint8_t want[] = {
		0x02, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x27, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x1f, 'A', 'c', 'c', 'e',
		'p', 't', '-', 'L', 'a', 'n', 'g', 'u', 'a', 'g', 'e', ':', ' ', 'e', 'n',
	};
	cfix_t f;

	cfix_start(&f, NULL); /* never registered: detached */
	cr_assert_eq(tnccs_cc_start(f.cc), 0);
	cr_assert_eq(f.h.n_host, 0);
	cr_assert_eq(f.h.n_peer, 1);
	cr_assert_eq(f.h.peer_len[0], sizeof(want));
	cr_assert_eq(memcmp(f.h.peer[0], want, sizeof(want)), 0);
	/* an SDATA with messages nobody takes: empty CDATA back */
	feed(&f, S02);
	cr_assert_eq(f.h.n_peer, 2);
	cr_assert_eq(f.h.peer_len[1], 8);
	cr_assert_eq(f.h.peer[1][3], PBTNC_BATCH_CDATA);
	feed(&f, R04);
	cr_assert_eq(f.h.peer_len[2], 8);
	cr_assert_eq(f.h.peer[2][3], PBTNC_BATCH_CLOSE);
	cr_assert(tnccs_cc_result(f.cc)->complete);
	cfix_end(&f);
}

Test(tnccs_client_core, bad_server_batch_answered_with_close_and_error)
{
	static const uint8_t cdata_from_server[] = { 2, 0x00, 0, 1, 0, 0, 0, 8 };
	cfix_t f;
	pbtnc_batch_t b;

	cfix_start(&f, NULL);
	tnccs_cc_start(f.cc);
	tnccs_cc_recv(f.cc, cdata_from_server, sizeof(cdata_from_server));
	cr_assert_eq(f.h.n_peer, 2);
	h_parse(f.h.peer[1], f.h.peer_len[1], false, &b);
	cr_assert_eq(b.hdr.type, PBTNC_BATCH_CLOSE);
	cr_assert_eq(b.msgs[0].kind, PBTNC_KIND_ERROR);
	cr_assert_eq(b.msgs[0].u.error.offset, 1);
	pbtnc_batch_free(&b);
	cr_assert(tnccs_cc_ended(f.cc));
	cr_assert_lt(f.h.done_err, 0);
	cr_assert_not(tnccs_cc_result(f.cc)->complete);
	cr_assert_neq(tnccs_cc_result(f.cc)->error[0], '\0');
	cfix_end(&f);
}

Test(tnccs_client_core, server_close_with_error_ends_without_result)
{
	static const uint8_t close_err[] = {
		2, 0x80, 0, 6, 0, 0, 0, 32, 0x80, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 24,
		0x80, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1,
	};
	cfix_t f;

	h_log_capture();
	cfix_start(&f, NULL);
	tnccs_cc_start(f.cc);
	tnccs_cc_recv(f.cc, close_err, sizeof(close_err));
	cr_assert(tnccs_cc_ended(f.cc));
	cr_assert_eq(f.h.n_peer, 1, "a CLOSE is not answered");
	cr_assert_lt(f.h.done_err, 0);
	cfix_end(&f);
	cr_assert(h_log_contains("received fatal PB-TNC error 'Invalid Parameter' (offset 1 bytes)"));
}

Test(tnccs_client_core, sretry_restarts_imc_handshake)
{
	static const uint8_t sretry[] = { 2, 0x80, 0, 5, 0, 0, 0, 8 };
	static const size_t first[] = { 1, 2, 3 };
	cfix_t f;
	size_t n;

	cfix_start(&f, "1:OS:0/1,2:Scanner:0/5,3:SWIMA:0/9");
	tnccs_cc_start(f.cc);
	imc_pa_from(&f, C01, first, 3);
	imc_be(&f);
	n = f.h.n_host;
	tnccs_cc_recv(f.cc, sretry, sizeof(sretry));
	cr_assert_eq(f.h.host[n]->conn_state->state, NEA__CONN_STATE__CONN_HANDSHAKE);
	imc_pa_from(&f, C01, first, 3);
	imc_be(&f); /* the handshake's BatchEnding */
	imc_be(&f); /* the batch's BatchEnding */
	cr_assert_eq(f.h.n_peer, 2);
	cr_assert_eq(f.h.peer[1][3], PBTNC_BATCH_CDATA);
	cr_assert_gt(f.h.peer_len[1], 300, "the IMCs measured again");
	cfix_end(&f);
}

/* ---- the blocking wrapper over a real socket ------------------------------------ */

static const int broker_cases[] = {
	NEA__ENVELOPE__BODY_CONN_STATE, NEA__ENVELOPE__BODY_PA_MESSAGE,
	NEA__ENVELOPE__BODY_BATCH_ENDING, NEA__ENVELOPE__BODY_OUTCOME,
};

static void child_send(int fd, Nea__Envelope *env)
{
	if (ipc_sync_send(fd, env, TNCCS_CLIENT_MAX_FRAME, ipc_sync_now_ms() + 5000) < 0)
		_exit(3);
}

static void child_sink(void *arg, Nea__Envelope *env)
{
	child_send(*(const int *)arg, env);
}

/* A fake nea-imcd: registers three IMCs, answers HANDSHAKE with the
 * captured IMC messages, every BatchEnding with a BatchEnding; exits at
 * DELETE. mode 1: registers, then never answers. */
static void fake_imcd(int fd, int mode)
{
	static const size_t imc_pa[] = { 1, 2, 3 };
	int outcome = 0;

	h_register("1:OS:0/1,2:Scanner:0/5,3:SWIMA:0/9", child_sink, &fd);
	for (;;) {
		Nea__Envelope *in = NULL, out;
		Nea__BatchEnding be;
		const char *why;
		int rc = ipc_sync_recv(fd, broker_cases, 4, TNCCS_CLIENT_MAX_FRAME,
				       ipc_sync_now_ms() + 10000, &in, &why);

		if (rc < 0)
			_exit(outcome ? 0 : 4);
		if (mode == 1) {
			nea__envelope__free_unpacked(in, NULL);
			continue;
		}
		if (in->body_case == NEA__ENVELOPE__BODY_OUTCOME)
			outcome = in->outcome->evaluation == 1 ? 1 : 0;
		if (in->body_case == NEA__ENVELOPE__BODY_CONN_STATE &&
		    in->conn_state->state == NEA__CONN_STATE__CONN_DELETE)
			_exit(outcome ? 0 : 5);
		if ((in->body_case == NEA__ENVELOPE__BODY_CONN_STATE &&
		     in->conn_state->state == NEA__CONN_STATE__CONN_HANDSHAKE) ||
		    in->body_case == NEA__ENVELOPE__BODY_BATCH_ENDING) {
			if (in->body_case == NEA__ENVELOPE__BODY_CONN_STATE)
				h_capture_pa(C01, imc_pa, 3, (uint32_t)in->conn_id, false, child_sink,
					     &fd);
			h_env_be(&out, &be, (uint32_t)in->conn_id);
			child_send(fd, &out);
		}
		nea__envelope__free_unpacked(in, NULL);
	}
}

static pid_t start_fake(int mode, int *fd)
{
	int sv[2];
	pid_t pid;

	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		close(sv[0]);
		fake_imcd(sv[1], mode);
		_exit(0);
	}
	close(sv[1]);
	*fd = sv[0];
	return pid;
}

static uint8_t *capture(const char *name, size_t *len)
{
	return h_capture(name, len);
}

Test(tnccs_client, blocking_api_against_fake_imcd)
{
	tnccs_client_opts_t o = { .transport = NEA__TRANSPORT__TRANSPORT_PT_TLS,
				  .server_addr = "127.0.0.1", .host_timeout_ms = 5000 };
	tnccs_client_t *c;
	uint8_t *out, *in, *want;
	size_t out_len, in_len, want_len;
	const tnccs_result_t *r;
	int status, rc;
	pid_t pid = start_fake(0, &o.host_fd);

	cr_assert_eq(tnccs_client_new(&o, &c), 0);
	cr_assert_eq(tnccs_client_imcs(c), 3);
	cr_assert_eq(tnccs_client_first_batch(c, &out, &out_len), TNCCS_CLIENT_CONTINUE);
	want = capture(C01, &want_len);
	cr_assert_eq(out_len, want_len);
	cr_assert_eq(memcmp(out, want, want_len), 0, "first CDATA as strongSwan's");
	free(out);
	free(want);
	in = capture(S02, &in_len);
	rc = tnccs_client_process(c, in, in_len, &out, &out_len);
	free(in);
	cr_assert_eq(rc, TNCCS_CLIENT_CONTINUE);
	cr_assert_eq(out_len, 8, "the fake IMCs have nothing more: empty CDATA");
	free(out);
	in = capture(R04, &in_len);
	rc = tnccs_client_process(c, in, in_len, &out, &out_len);
	free(in);
	cr_assert_eq(rc, TNCCS_CLIENT_DONE);
	cr_assert_eq(out_len, 8);
	cr_assert_eq(out[3], PBTNC_BATCH_CLOSE);
	free(out);
	cr_assert(tnccs_client_done(c));
	cr_assert_eq(tnccs_client_process(c, out, 0, &out, &out_len), TNCCS_CLIENT_DONE);
	r = tnccs_client_result(c);
	cr_assert(r->complete);
	cr_assert_eq(r->recommendation, TNC_REC_NO_ACCESS);
	cr_assert_str_eq(r->reasons[0].text, "Open server ports were detected");
	tnccs_client_free(c);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status));
	cr_assert_eq(WEXITSTATUS(status), 0, "the fake host saw the outcome and DELETE (%d)",
		     WEXITSTATUS(status));
}

Test(tnccs_client, silent_host_times_out_and_assessment_goes_on)
{
	tnccs_client_opts_t o = { .host_timeout_ms = 300 };
	tnccs_client_t *c;
	uint8_t *out, *in;
	size_t out_len, in_len;
	pid_t pid = start_fake(1, &o.host_fd);

	h_log_capture();
	cr_assert_eq(tnccs_client_new(&o, &c), 0);
	cr_assert_eq(tnccs_client_first_batch(c, &out, &out_len), TNCCS_CLIENT_CONTINUE);
	cr_assert_eq(out_len, 8 + 31, "language preference only");
	free(out);
	in = capture(R04, &in_len);
	cr_assert_eq(tnccs_client_process(c, in, in_len, &out, &out_len), TNCCS_CLIENT_DONE);
	free(in);
	free(out);
	cr_assert(tnccs_client_result(c)->complete);
	tnccs_client_free(c);
	cr_assert_geq(tnccs_client_reap_imcd(pid, 2000), 0);
	cr_assert(h_log_contains("the IMC host did not answer within 300 ms"));
}

Test(tnccs_client, spawn_missing_imcd_and_no_host)
{
	tnccs_client_opts_t o = { .host_timeout_ms = 2000 };
	tnccs_client_t *c;
	uint8_t *out;
	size_t out_len;
	pid_t pid;
	int status;

	cr_assert_eq(tnccs_client_spawn_imcd("/nonexistent/nea-imcd", "/dev/null", NULL, &pid,
					     &o.host_fd), 0);
	cr_assert_eq(tnccs_client_new(&o, &c), 0);
	cr_assert_eq(tnccs_client_imcs(c), 0, "the child died: no IMCs");
	cr_assert_eq(tnccs_client_first_batch(c, &out, &out_len), TNCCS_CLIENT_CONTINUE);
	free(out);
	tnccs_client_free(c);
	status = tnccs_client_reap_imcd(pid, 2000);
	cr_assert(WIFEXITED(status));
	cr_assert_eq(WEXITSTATUS(status), 127);

	o.host_fd = -1;
	cr_assert_eq(tnccs_client_new(&o, &c), 0);
	cr_assert_eq(tnccs_client_first_batch(c, &out, &out_len), TNCCS_CLIENT_CONTINUE);
	free(out);
	cr_assert_eq(tnccs_client_first_batch(c, &out, &out_len), NEA_ESTATE);
	tnccs_client_free(c);
}

Test(tnccs_client_core, every_prefix_of_the_result_is_refused_cleanly)
{
	size_t len;
	uint8_t *b = h_capture(R04, &len);

	for (size_t n = 0; n < len; n++) {
		cfix_t f;
		pbtnc_batch_t pb;

		cfix_start(&f, NULL);
		tnccs_cc_start(f.cc);
		tnccs_cc_recv(f.cc, b, n);
		cr_assert_eq(f.h.n_peer, 2, "prefix %zu", n);
		h_parse(f.h.peer[1], f.h.peer_len[1], false, &pb);
		cr_assert_eq(pb.hdr.type, PBTNC_BATCH_CLOSE);
		cr_assert_eq(pb.msgs[0].kind, PBTNC_KIND_ERROR);
		pbtnc_batch_free(&pb);
		cr_assert(tnccs_cc_ended(f.cc));
		cr_assert_not(tnccs_cc_result(f.cc)->complete);
		cfix_end(&f);
	}
	free(b);
}
