/*
 * nea pt-tls-client --connect HOST [--port P] [--client ID --secret PW |
 *                   --cert F --key F] [--cacert F] [--config FILE] ...
 *
 * One assessment of this endpoint over PT-TLS (RFC 6876), as strongSwan's
 * pt-tls-client: connect and authenticate (pttls/client), start nea-imcd
 * in one-shot mode on a socketpair (its IMCs measure this host), run the
 * client PB-TNC broker (tnccs/client) until the server's RESULT and the
 * CLOSE, then print what the server decided: the access recommendation,
 * the evaluation, every reason string, and the remediation instructions of
 * the IMVs in readable form.
 *
 * Exit status (scripts rely on it):
 *   0  access allowed
 *   1  failure: no verdict (cannot connect, TLS or authentication refused,
 *      protocol error, the server closed before its RESULT)
 *   2  usage error
 *   3  no access
 *   4  isolate
 *   5  no recommendation / the server gave no access recommendation
 *
 * Settings (--config FILE, default /etc/nea/nea-client.conf, the file
 * nea-imcd reads too; command line options win):
 *   pt-tls-client.port, .cacert, .cert, .key, .client, .timeout_ms, .imcd
 *   pt-tls-client.plugins.tnccs-20.max_batch_size / max_message_size
 *   libtls.suites, libtls.version_min, libtls.version_max
 * The secret is taken from --secret, else from the environment variable
 * NEA_PT_TLS_SECRET (so it need not show in the process list).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attr_ietf_remediation.h"
#include "attr_types.h"
#include "imc_remed.h"
#include "nea_buf.h"
#include "nea_cli.h"
#include "nea_conf.h"
#include "nea_err.h"
#include "nea_log.h"
#include "patnc_msg.h"
#include "pbtnc_msg_access.h"
#include "pttls_client.h"
#include "pttls_ident.h"
#include "pttls_msg.h"
#include "tnc_names.h"
#include "tnccs_client.h"

#define DEFAULT_CONFIG "/etc/nea/nea-client.conf"

#define USAGE \
	"usage: nea pt-tls-client --connect HOST [--port P]\n" \
	"         [--client ID --secret PW | --cert FILE --key FILE] [--cacert FILE]\n" \
	"         [--config FILE] [--timeout MS] [--debug LEVELS] [--imcd PATH] [--quiet]\n" \
	"\n" \
	"Runs one assessment of this endpoint against the PT-TLS server HOST (port\n" \
	"271 unless given): TLS (server certificate checked against --cacert and\n" \
	"against HOST), SASL PLAIN with --client/--secret when the server asks for\n" \
	"it (the secret may come from NEA_PT_TLS_SECRET instead), or a client\n" \
	"certificate; nea-imcd runs the IMCs of --config (default\n" \
	"/etc/nea/nea-client.conf: nea.tnc_config, libimcv.plugins.*). Prints the\n" \
	"recommendation, evaluation, reasons and remediation instructions.\n" \
	"\n" \
	"Exit status: 0 allow, 1 failed (no verdict), 2 usage, 3 no access,\n" \
	"4 isolate, 5 no recommendation.\n"

enum {
	EXIT_ALLOW = 0,
	EXIT_FAILED = 1,
	EXIT_USAGE = 2,
	EXIT_NO_ACCESS = 3,
	EXIT_ISOLATE = 4,
	EXIT_NO_REC = 5,
};

typedef struct {
	const char *host, *client, *secret, *cert, *key, *cacert, *config, *debug, *imcd;
	long port;
	long timeout_ms;
	bool quiet;
	bool config_given;
} opts_t;

static const char *str_or(const char *a, const char *b)
{
	return a && *a ? a : b;
}

static int usage(void)
{
	fprintf(stderr, "%s", USAGE);
	return EXIT_USAGE;
}

/* ---- printing the verdict ---------------------------------------------------- */

static void print_line(void *arg, const char *line)
{
	const char *indent = arg;

	printf("%s%s\n", indent, line);
}

static void print_text(const char *label, const uint8_t *p, size_t n, const uint8_t *lang,
		       size_t lang_len)
{
	char lsafe[64];

	imc_log_safe(lang, lang_len, lsafe, sizeof(lsafe));
	printf("%s%s%s%s\n", label, lang_len ? " [" : "", lang_len ? lsafe : "",
	       lang_len ? "]" : "");
	if (n == 0)
		return;
	imc_remed_render(p, n, print_line, (void *)"    ");
}

static void print_remediation_attr(const patnc_attr_t *a)
{
	attr_ietf_remediation_t r;
	nea_perr_t perr = { 0 };
	char safe[IMC_REMED_LINE_MAX];

	memset(&r, 0, sizeof(r));
	if (attr_ietf_remediation_parse(a->value, a->value_len, &r, &perr) < 0) {
		printf("    (malformed remediation instructions: %s)\n", perr.msg);
		return;
	}
	if (r.vendor == 0 && r.type == REMEDIATION_URI) {
		imc_log_safe(r.uri, r.uri_len, safe, sizeof(safe));
		printf("    remediation URI: %s\n", safe);
	} else if (r.vendor == 0 && r.type == REMEDIATION_STRING) {
		print_text("    remediation instructions:", r.string, r.string_len, r.lang,
			   r.lang_len);
	} else {
		printf("    remediation parameters of type 0x%06x/%u (%zu bytes)\n", r.vendor, r.type,
		       r.params_len);
	}
}

/* The IETF Assessment Result and Remediation Instructions an IMV sent. */
static void print_pa(const tnccs_pa_rec_t *pa)
{
	const char *sub = pa_subtype_name(pa->vendor, pa->subtype);
	patnc_iter_t it;
	patnc_attr_t a;
	nea_perr_t perr = { 0 };
	bool header = false;
	int rc;

	if (pa->len < 8)
		return;
	patnc_iter_init(&it, pa->body, pa->len);
	while ((rc = patnc_iter_next(&it, &a, &perr)) == 1) {
		if (a.vendor != 0 ||
		    (a.type != IETF_ATTR_ASSESSMENT_RESULT && a.type != IETF_ATTR_REMEDIATION))
			continue;
		if (!header) {
			printf("  from IMV %u (%s/%s):\n", pa->imv_id, tnc_pen_name(pa->vendor)
			       ? tnc_pen_name(pa->vendor) : "?", sub ? sub : "?");
			header = true;
		}
		if (a.type == IETF_ATTR_ASSESSMENT_RESULT) {
			nea_rd_t rd;
			uint32_t ev;

			nea_rd_init(&rd, a.value, a.value_len);
			if (a.value_len == 4 && nea_rd_u32(&rd, &ev))
				printf("    assessment result: %s\n",
				       str_or(tnc_eval_name(ev), "unknown"));
		} else {
			print_remediation_attr(&a);
		}
	}
	if (rc < 0 && header)
		printf("    (rest of the message unreadable: %s)\n", perr.msg);
}

static const char *access_name(const tnccs_result_t *r)
{
	if (!r->have_access)
		return "none given";
	switch (r->access) {
	case PBTNC_ACCESS_ALLOWED: return "allow";
	case PBTNC_ACCESS_DENIED: return "no access";
	case PBTNC_ACCESS_QUARANTINED: return "isolate";
	default: return "unknown";
	}
}

static int exit_for(const tnccs_result_t *r)
{
	if (!r->have_result)
		return EXIT_FAILED;
	if (!r->have_access)
		return EXIT_NO_REC;
	switch (r->access) {
	case PBTNC_ACCESS_ALLOWED: return EXIT_ALLOW;
	case PBTNC_ACCESS_DENIED: return EXIT_NO_ACCESS;
	case PBTNC_ACCESS_QUARANTINED: return EXIT_ISOLATE;
	default: return EXIT_NO_REC;
	}
}

static void print_result(const tnccs_result_t *r)
{
	if (!r->have_result) {
		printf("assessment incomplete: %s\n",
		       r->error[0] ? r->error : "the server sent no result");
		return;
	}
	printf("recommendation: %s\n", access_name(r));
	printf("evaluation: %s\n", r->have_evaluation
		       ? str_or(tnc_eval_name(r->evaluation), "unknown") : "none given");
	for (size_t i = 0; i < r->n_reasons; i++) {
		char t[IMC_REMED_LINE_MAX], l[64];

		imc_log_safe((const uint8_t *)r->reasons[i].text, strlen(r->reasons[i].text), t,
			     sizeof(t));
		imc_log_safe((const uint8_t *)r->reasons[i].lang, strlen(r->reasons[i].lang), l,
			     sizeof(l));
		printf("reason: %s%s%s%s\n", t, *l ? " [" : "", l, *l ? "]" : "");
	}
	for (size_t i = 0; i < r->n_remediations; i++) {
		const tnccs_remediation_t *m = &r->remediations[i];

		print_text("remediation (PB-TNC):", (const uint8_t *)m->text, strlen(m->text),
			   (const uint8_t *)m->lang, strlen(m->lang));
	}
	printf("assessment by the server's verifiers:\n");
	for (size_t i = 0; i < r->n_pa; i++)
		print_pa(&r->pa[i]);
	if (r->pa_truncated)
		printf("  (more messages arrived than were kept)\n");
	if (!r->complete)
		printf("note: the connection did not close cleanly after the result%s%s\n",
		       r->error[0] ? ": " : "", r->error);
}

/* ---- the assessment ------------------------------------------------------------- */

static int load_config(opts_t *o, nea_conf_t **conf)
{
	char err[512];
	int rc;

	*conf = NULL;
	rc = nea_conf_load_file(o->config, conf, err, sizeof(err));
	if (rc == NEA_ENOTFOUND && !o->config_given) {
		if (!o->quiet)
			fprintf(stderr, "nea pt-tls-client: %s not found; assessing without IMCs\n",
				o->config);
		o->config = NULL;
		return 0;
	}
	if (rc < 0) {
		fprintf(stderr, "nea pt-tls-client: %s\n", err);
		return EXIT_FAILED;
	}
	return 0;
}

static int opt_long(const char *arg, const char *name, long lo, long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < lo || v > hi) {
		fprintf(stderr, "nea pt-tls-client: %s must be %ld..%ld, not '%s'\n", name, lo, hi,
			arg);
		return -1;
	}
	*out = v;
	return 0;
}

/* Own identities for the IMCs: who we authenticate as. */
static size_t own_identities(const opts_t *o, Nea__Identity *ids, Nea__Identity **idp,
			     pttls_ident_t *tmp)
{
	size_t n = 0;

	if (o->client && *o->client &&
	    pttls_ident_sasl(tmp, (const uint8_t *)o->client, strlen(o->client)) == 0) {
		nea__identity__init(&ids[n]);
		ids[n].type = tmp->type;
		ids[n].value.data = (uint8_t *)o->client;
		ids[n].value.len = strlen(o->client);
		ids[n].subject = tmp->subject;
		ids[n].auth = tmp->auth;
		idp[n] = &ids[n];
		n++;
	}
	return n;
}

static int run(opts_t *o, const nea_conf_t *conf)
{
	pttls_client_opts_t po = {
		.host = o->host,
		.port = (uint16_t)o->port,
		.cacert = o->cacert,
		.cert = o->cert,
		.key = o->key,
		.client_id = o->client,
		.secret = (const uint8_t *)o->secret,
		.secret_len = o->secret ? strlen(o->secret) : 0,
		.suites = conf ? nea_conf_get_str(conf, "libtls.suites", NULL) : NULL,
		.vmin = conf ? nea_conf_get_str(conf, "libtls.version_min", NULL) : NULL,
		.vmax = conf ? nea_conf_get_str(conf, "libtls.version_max", NULL) : NULL,
		.timeout_ms = (unsigned)o->timeout_ms,
	};
	Nea__Identity ids[1], *idp[1];
	pttls_ident_t tmp;
	tnccs_client_opts_t to = { .transport = NEA__TRANSPORT__TRANSPORT_PT_TLS,
				   .conf = conf, .conf_ns = "pt-tls-client", .host_fd = -1,
				   /* strongSwan's PT-TLS batch limit is 128 * 16384 - 16
				    * itself (tnccs_20.c), so IMCs see a 2097104-byte
				    * PA-TNC maximum as in its client log */
				   .max_batch = PTTLS_MAX_MESSAGE_LEN };
	const pttls_client_info_t *info;
	const tnccs_result_t *r;
	tnccs_client_t *tc = NULL;
	pttls_client_t *pt;
	uint8_t *out = NULL, *in = NULL;
	size_t out_len = 0, in_len = 0;
	pid_t imcd = -1;
	int rc, status = EXIT_FAILED;

	pt = pttls_client_new(&po);
	if (!pt) {
		fprintf(stderr, "nea pt-tls-client: out of memory\n");
		return EXIT_FAILED;
	}
	rc = pttls_client_connect(pt);
	if (rc < 0) {
		fprintf(stderr, "nea pt-tls-client: %s\n", pttls_client_error(pt));
		printf("verdict: none (%s)\n", rc == NEA_EAUTH ? "authentication failed"
							  : "connection failed");
		goto out;
	}
	info = pttls_client_info(pt);
	if (!o->quiet) {
		printf("connected to %s port %u (%s, %s)\n", info->addr, info->port,
		       info->tls_version, info->suite);
		printf("server certificate: %s\n", info->server_dn);
		if (info->sasl[0])
			printf("client authentication: SASL %s as '%s'\n", info->sasl, o->client);
		else if (info->client_cert)
			printf("client authentication: TLS client certificate\n");
		else
			printf("client authentication: none asked for\n");
	}
	if (o->config) {
		int fd = -1;

		/* --quiet silences nea-imcd's log too, unless --debug asks for it. */
		rc = tnccs_client_spawn_imcd(o->imcd, o->config,
					     o->debug ? o->debug : o->quiet ? "default=-1" : NULL,
					     &imcd, &fd);
		if (rc < 0)
			fprintf(stderr, "nea pt-tls-client: cannot start nea-imcd (%s); assessing "
				"without IMCs\n", nea_strerror(rc));
		to.host_fd = fd;
	}
	to.server_addr = info->addr;
	to.n_identities = own_identities(o, ids, idp, &tmp);
	to.identities = idp;
	rc = tnccs_client_new(&to, &tc);
	if (rc < 0) {
		fprintf(stderr, "nea pt-tls-client: cannot start the PB-TNC client: %s\n",
			nea_strerror(rc));
		goto out;
	}
	if (!o->quiet)
		printf("IMCs: %zu\n", tnccs_client_imcs(tc));
	rc = tnccs_client_first_batch(tc, &out, &out_len);
	while (rc == TNCCS_CLIENT_CONTINUE) {
		rc = pttls_client_send_batch(pt, out, out_len);
		free(out);
		out = NULL;
		if (rc < 0)
			break;
		rc = pttls_client_recv_batch(pt, &in, &in_len);
		if (rc < 0)
			break;
		rc = tnccs_client_process(tc, in, in_len, &out, &out_len);
		free(in);
		in = NULL;
	}
	if (rc == TNCCS_CLIENT_DONE && out) {
		/* The closing batch; the server may already have hung up. */
		if (pttls_client_send_batch(pt, out, out_len) < 0 && !o->quiet)
			fprintf(stderr, "nea pt-tls-client: %s\n", pttls_client_error(pt));
	} else if (rc < 0) {
		fprintf(stderr, "nea pt-tls-client: %s\n",
			rc == NEA_ECLOSED || rc == NEA_ETRUNC || rc == NEA_EIO ||
			rc == NEA_ECRYPTO || rc == NEA_EINVAL
				? pttls_client_error(pt) : nea_strerror(rc));
	}
	free(out);
	out = NULL;
	pttls_client_shutdown(pt);
	r = tnccs_client_result(tc);
	print_result(r);
	status = exit_for(r);
	printf("verdict: %s\n", r->have_result ? access_name(r) : "none");
out:
	tnccs_client_free(tc);
	if (imcd > 0)
		tnccs_client_reap_imcd(imcd, 5000);
	else if (to.host_fd >= 0 && !tc)
		close(to.host_fd);
	pttls_client_free(pt);
	return status;
}

static int cmd_pt_tls_client(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "connect", required_argument, NULL, 'c' },
		{ "port", required_argument, NULL, 'p' },
		{ "client", required_argument, NULL, 'i' },
		{ "secret", required_argument, NULL, 's' },
		{ "cert", required_argument, NULL, 'C' },
		{ "key", required_argument, NULL, 'k' },
		{ "cacert", required_argument, NULL, 'a' },
		{ "config", required_argument, NULL, 'f' },
		{ "debug", required_argument, NULL, 'd' },
		{ "timeout", required_argument, NULL, 't' },
		{ "imcd", required_argument, NULL, 'm' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	opts_t o = { .config = DEFAULT_CONFIG, .port = -1, .timeout_ms = -1 };
	nea_conf_t *conf = NULL;
	long long v;
	int ch, rc;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "c:p:i:s:C:k:a:f:d:t:m:qh", lopts, NULL)) != -1) {
		switch (ch) {
		case 'c': o.host = optarg; break;
		case 'p':
			if (opt_long(optarg, "--port", 1, 65535, &o.port) < 0)
				return EXIT_USAGE;
			break;
		case 'i': o.client = optarg; break;
		case 's': o.secret = optarg; break;
		case 'C': o.cert = optarg; break;
		case 'k': o.key = optarg; break;
		case 'a': o.cacert = optarg; break;
		case 'f': o.config = optarg; o.config_given = true; break;
		case 'd': o.debug = optarg; break;
		case 't':
			if (opt_long(optarg, "--timeout", 1, 3600000, &o.timeout_ms) < 0)
				return EXIT_USAGE;
			break;
		case 'm': o.imcd = optarg; break;
		case 'q': o.quiet = true; break;
		case 'h':
			printf("%s", USAGE);
			return 0;
		default:
			fprintf(stderr, "nea pt-tls-client: unknown or incomplete option '%s'\n",
				argv[optind - 1]);
			return usage();
		}
	}
	if (optind < argc) {
		fprintf(stderr, "nea pt-tls-client: unexpected argument '%s'\n", argv[optind]);
		return usage();
	}
	if (!o.host) {
		fprintf(stderr, "nea pt-tls-client: --connect HOST is required\n");
		return usage();
	}
	/* Client logs are for debugging; the verdict goes to stdout. */
	nea_log_init("nea", false);
	nea_log_set_default(o.quiet ? -1 : 0);
	if (o.debug && nea_log_parse_levels(o.debug) < 0) {
		fprintf(stderr, "nea pt-tls-client: bad --debug '%s' (e.g. default=2,tls=3)\n",
			o.debug);
		return EXIT_USAGE;
	}
	rc = load_config(&o, &conf);
	if (rc)
		return rc;
	if (conf) {
		o.cacert = o.cacert ? o.cacert : nea_conf_get_str(conf, "pt-tls-client.cacert", NULL);
		o.client = o.client ? o.client : nea_conf_get_str(conf, "pt-tls-client.client", NULL);
		o.imcd = o.imcd ? o.imcd : nea_conf_get_str(conf, "pt-tls-client.imcd", NULL);
		if (!o.cert && !o.key) {
			o.cert = nea_conf_get_str(conf, "pt-tls-client.cert", NULL);
			o.key = nea_conf_get_str(conf, "pt-tls-client.key", NULL);
		}
		if (o.port < 0) {
			if (nea_conf_get_int(conf, "pt-tls-client.port", PTTLS_PORT, &v) < 0 ||
			    v < 1 || v > 65535) {
				fprintf(stderr, "nea pt-tls-client: pt-tls-client.port must be "
					"1..65535\n");
				nea_conf_free(conf);
				return EXIT_FAILED;
			}
			o.port = (long)v;
		}
		if (o.timeout_ms < 0 &&
		    nea_conf_get_int(conf, "pt-tls-client.timeout_ms", 30000, &v) == 0 && v > 0 &&
		    v <= 3600000)
			o.timeout_ms = (long)v;
	}
	if (o.port < 0)
		o.port = PTTLS_PORT;
	if (o.timeout_ms < 0)
		o.timeout_ms = 30000;
	if (!o.secret)
		o.secret = getenv("NEA_PT_TLS_SECRET");
	if ((o.cert == NULL) != (o.key == NULL)) {
		fprintf(stderr, "nea pt-tls-client: --cert and --key go together\n");
		nea_conf_free(conf);
		return EXIT_USAGE;
	}
	if (o.client && !o.secret) {
		fprintf(stderr, "nea pt-tls-client: --client needs --secret (or NEA_PT_TLS_SECRET)\n");
		nea_conf_free(conf);
		return EXIT_USAGE;
	}
	rc = run(&o, conf);
	nea_conf_free(conf);
	return rc;
}

const nea_cmd_t nea_cmd_pt_tls_client = {
	.name = "pt-tls-client",
	.summary = "run one endpoint assessment against a PT-TLS server",
	.usage = USAGE,
	.run = cmd_pt_tls_client,
};
