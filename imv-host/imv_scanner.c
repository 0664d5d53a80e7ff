/*
 * The Scanner IMV (strongSwan imv_scanner, PA subtype IETF/Firewall):
 * keeps the Port Filter the Scanner IMC reports, asks for it when the
 * policy has port workitems and it did not come unasked, and checks every
 * open TCP/UDP port against the workitems' port lists:
 *   TCPOP/UDPOP: the list holds the ports allowed to be open; any other
 *                open port violates (an empty list allows none).
 *   TCPBL/UDPBL: the list holds ports that must be closed.
 * A violation makes the workitem non-compliant minor (the enforcement's
 * rec_fail decides the recommendation, e.g. no access) with the result
 * "violating tcp ports: 22 80"; the reason string "Open server ports were
 * detected" and remediation instructions list the ports as "tcp/22".
 * Without a policy database the IMV allows with "don't know", as
 * strongSwan does.
 */
#include "imv_agent.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attr_ietf_attr_request.h"
#include "attr_ietf_port_filter.h"
#include "attr_names.h"
#include "attr_types.h"
#include "imv_lang.h"
#include "imv_ports.h"
#include "nea_err.h"
#include "nea_log.h"

#define PROTO_TCP 6
#define PROTO_UDP 17

typedef enum {
	SC_INIT = 0,
	SC_ATTR_REQ,
	SC_WORKITEMS,
	SC_END,
} sc_handshake_t;

typedef struct {
	sc_handshake_t hs;
	attr_ietf_port_entry_t *ports;
	size_t n_ports;
	bool have_ports;
	char **violating; /* "tcp/271" */
	size_t n_violating;
} imv_scanner_t;

static const imv_sub_t scanner_subs[] = {
	{ PEN_IETF, 5 /* IETF/Firewall */ },
};

static const char *const sc_langs[] = { "en", "de", "fr", "pl" };

static const imv_lang_str_t reasons[] = {
	{ "en", "Open server ports were detected" },
	{ "de", "Offene Serverports wurden festgestellt" },
	{ "fr", "Il y a des ports du serveur ouverts" },
	{ "pl", "Są otwarte porty serwera" },
	{ NULL, NULL },
};

static const imv_lang_str_t ports_title[] = {
	{ "en", "Open Server Ports" },
	{ "de", "Offene Server Ports" },
	{ "fr", "Ports ouverts du serveur" },
	{ "pl", "Otwarte Porty Serwera" },
	{ NULL, NULL },
};

static const imv_lang_str_t ports_descr[] = {
	{ "en", "Open Internet ports have been detected" },
	{ "de", "Offenen Internet-Ports wurden festgestellt" },
	{ "fr", "Il y'a des ports Internet ouverts" },
	{ "pl", "Porty internetowe są otwarte" },
	{ NULL, NULL },
};

static const imv_lang_str_t ports_header[] = {
	{ "en", "Please close the following server ports:" },
	{ "de", "Bitte schliessen Sie die folgenden Serverports:" },
	{ "fr", "Fermez les ports du serveur suivants s'il vous plait:" },
	{ "pl", "Proszę zamknąć następujące porty serwera:" },
	{ NULL, NULL },
};

/* ------------------------------------------------------------ state */

static void sc_clear(imv_scanner_t *sc)
{
	for (size_t i = 0; i < sc->n_violating; i++)
		free(sc->violating[i]);
	free(sc->violating);
	free(sc->ports);
	memset(sc, 0, sizeof(*sc));
}

static int sc_create(imv_state_t *st)
{
	st->priv = calloc(1, sizeof(imv_scanner_t));
	return st->priv ? 0 : NEA_ENOMEM;
}

static void sc_destroy(imv_state_t *st)
{
	if (!st->priv)
		return;
	sc_clear(st->priv);
	free(st->priv);
	st->priv = NULL;
}

static void sc_reset(imv_state_t *st)
{
	sc_clear(st->priv);
}

/* ------------------------------------------------------------ receive */

static int keep_ports(imv_scanner_t *sc, const attr_ietf_port_filter_t *pf)
{
	attr_ietf_port_entry_t *p = NULL;

	if (pf->count) {
		p = calloc(pf->count, sizeof(*p));
		if (!p)
			return NEA_ENOMEM;
		memcpy(p, pf->entries, pf->count * sizeof(*p));
	}
	free(sc->ports);
	sc->ports = p;
	sc->n_ports = pf->count;
	sc->have_ports = true;
	return 0;
}

static int sc_receive(imv_state_t *st, imv_in_t *in, imv_out_t *reply)
{
	imv_scanner_t *sc = st->priv;

	for (size_t i = 0; i < imv_in_count(in); i++) {
		const patnc_attr_t *a = imv_in_attr(in, i);

		if (a->vendor != PEN_IETF || a->type != IETF_ATTR_PORT_FILTER || !a->data)
			continue;
		if (keep_ports(sc, a->data) < 0)
			NLOG(IMV, 0, "IMV %u: out of memory for the port filter of Connection ID %u",
			     st->imv_id, st->conn_id);
	}
	if (in->fatal_error) {
		imv_state_set_rec(st, IMV_REC_NONE, IMV_EVAL_ERROR);
		sc->hs = SC_END;
		imv_out_send_assessment(reply);
		return imv_provide_recommendation(st);
	}
	return IMV_DONE;
}

/* ------------------------------------------------------------ evaluation */

static bool is_tcp(uint32_t type)
{
	return type == IMV_WI_TCPOP || type == IMV_WI_TCPBL;
}

static bool is_open_policy(uint32_t type)
{
	return type == IMV_WI_TCPOP || type == IMV_WI_UDPOP;
}

static void add_violating(imv_state_t *st, imv_scanner_t *sc, const char *proto, uint16_t port)
{
	char buf[20], **n;

	snprintf(buf, sizeof(buf), "%s/%u", proto, port);
	n = realloc(sc->violating, (sc->n_violating + 1) * sizeof(*n));
	if (!n || !(n[sc->n_violating] = strdup(buf))) {
		if (n)
			sc->violating = n;
		NLOG(IMV, 0, "IMV %u: out of memory listing violating ports", st->imv_id);
		return;
	}
	sc->violating = n;
	sc->n_violating++;
}

static void evaluate(imv_state_t *st, imv_scanner_t *sc, imv_workitem_t *wi)
{
	bool tcp = is_tcp(wi->type), open_policy = is_open_policy(wi->type);
	const char *proto = tcp ? "tcp" : "udp";
	uint8_t proto_num = tcp ? PROTO_TCP : PROTO_UDP;
	uint32_t eval = IMV_EVAL_COMPLIANT;
	imv_ports_t *list = malloc(sizeof(*list));
	char result[512];
	size_t pos = 0;
	nea_perr_t perr;
	bool first = true;

	if (!list) {
		imv_workitem_finish(st, wi, IMV_EVAL_ERROR, "out of memory");
		return;
	}
	memset(&perr, 0, sizeof(perr));
	if (imv_ports_parse(wi->arg_str, strlen(wi->arg_str), list, &perr) < 0) {
		NLOG(IMV, 1, "IMV %u: %s workitem %llu has a bad port list '%s' at byte %zu: %s",
		     st->imv_id, imv_workitem_name(wi->type), (unsigned long long)wi->id,
		     wi->arg_str, perr.offset, perr.msg);
		free(list);
		imv_workitem_finish(st, wi, IMV_EVAL_ERROR, "invalid port list in policy");
		return;
	}
	NLOG(IMV, 2, "list of %s ports that %s:", proto,
	     open_policy ? "are allowed to be open" : "must be closed");
	for (size_t i = 0; i < list->n; i++)
		NLOG(IMV, 2, "%5u - %5u", list->r[i].start, list->r[i].stop);

	result[0] = '\0';
	for (size_t i = 0; i < sc->n_ports; i++) {
		const attr_ietf_port_entry_t *p = &sc->ports[i];
		bool found, passed;
		int w;

		if (p->blocked || p->protocol != proto_num)
			continue; /* closed ports and the other protocol */
		found = imv_ports_contains(list, p->port);
		passed = open_policy == found;
		NLOG(IMV, 2, "%s port %5u open: %s", proto, p->port, passed ? "ok" : "fatal");
		if (passed)
			continue;
		eval = IMV_EVAL_MINOR;
		add_violating(st, sc, proto, p->port);
		w = first ? snprintf(result + pos, sizeof(result) - pos, "violating %s ports: %u",
				     proto, p->port)
			  : snprintf(result + pos, sizeof(result) - pos, " %u", p->port);
		first = false;
		/* the result column is bounded: keep what fits, as strongSwan does */
		if (w > 0 && (size_t)w < sizeof(result) - pos)
			pos += (size_t)w;
		else
			pos = sizeof(result) - 1;
	}
	if (first)
		snprintf(result, sizeof(result), "no violating %s ports", proto);
	free(list);
	imv_workitem_finish(st, wi, eval, result);
}

static int finish(imv_state_t *st, imv_scanner_t *sc, imv_out_t *out)
{
	int rc;

	sc->hs = SC_END;
	rc = imv_out_send_assessment(out);
	if (rc < 0)
		return rc;
	return imv_provide_recommendation(st);
}

static int sc_batch_ending(imv_state_t *st)
{
	imv_scanner_t *sc = st->priv;
	imv_out_t out;
	int rc = IMV_DONE;

	if (sc->hs == SC_END)
		return IMV_DONE;
	imv_out_init(&out, st, IMV_ID_ANY);

	if (imv_session_db(st) == IMV_DB_NONE) {
		NLOG(IMV, 2, "no workitems available - no evaluation possible");
		imv_state_set_rec(st, IMV_REC_ALLOW, IMV_EVAL_DONT_KNOW);
		rc = finish(st, sc, &out);
		goto out;
	}

	if (sc->hs == SC_INIT && imv_session_policy_started(st)) {
		imv_workitem_t *wis;
		size_t n = imv_session_workitems(st, &wis);
		bool none = true;

		for (size_t i = 0; i < n; i++) {
			imv_workitem_t *wi = &wis[i];

			if (wi->imv_id != IMV_ID_ANY || wi->done)
				continue;
			if (wi->type != IMV_WI_TCPOP && wi->type != IMV_WI_TCPBL &&
			    wi->type != IMV_WI_UDPOP && wi->type != IMV_WI_UDPBL)
				continue;
			if (!sc->have_ports && sc->hs != SC_ATTR_REQ) {
				attr_ietf_attr_request_entry_t e = { PEN_IETF, IETF_ATTR_PORT_FILTER };
				attr_ietf_attr_request_t req = { &e, 1 };

				imv_out_add(&out, 0, PEN_IETF, IETF_ATTR_ATTRIBUTE_REQUEST, &req);
				sc->hs = SC_ATTR_REQ;
			}
			imv_workitem_claim(st, wi);
			none = false;
		}
		if (none) {
			NLOG(IMV, 2, "IMV %u has no workitems - no evaluation requested", st->imv_id);
			imv_state_set_rec(st, IMV_REC_ALLOW, IMV_EVAL_DONT_KNOW);
		}
		sc->hs = SC_WORKITEMS;
	}

	if (sc->hs == SC_WORKITEMS && sc->have_ports) {
		imv_workitem_t *wis;
		size_t n = imv_session_workitems(st, &wis);

		for (size_t i = 0; i < n; i++) {
			if (wis[i].imv_id == st->imv_id && !wis[i].done)
				evaluate(st, sc, &wis[i]);
		}
	}

	if (sc->hs == SC_WORKITEMS && imv_session_workitems_left(st) == 0) {
		rc = finish(st, sc, &out);
		goto out;
	}
	if (imv_out_count(&out))
		rc = imv_out_send(&out, false);
out:
	imv_out_free(&out);
	return rc < 0 ? rc : IMV_DONE;
}

static int sc_solicit(imv_state_t *st)
{
	return imv_provide_recommendation(st);
}

/* ------------------------------------------------------------ texts */

static bool sc_reason(imv_state_t *st, nea_wr_t *out, const char **lang)
{
	imv_scanner_t *sc = st->priv;

	if (!sc->n_violating)
		return false;
	*lang = imv_lang_select(imv_state_langs(st), sc_langs, 4);
	imv_reason_add(out, reasons, *lang);
	return true;
}

static bool sc_remediation(imv_state_t *st, char **text, size_t *len, const char **lang)
{
	imv_scanner_t *sc = st->priv;
	imv_remed_t r;
	int err = 0;

	if (!sc->n_violating)
		return false;
	*lang = imv_lang_select(imv_state_langs(st), sc_langs, 4);
	imv_remed_init(&r, true, *lang);
	imv_remed_add(&r, ports_title, ports_descr, ports_header,
		      (const char *const *)sc->violating, sc->n_violating);
	*text = imv_remed_finish(&r, len, &err);
	imv_remed_free(&r);
	return *text != NULL;
}

const imv_class_t imv_scanner_class = {
	.name = "Scanner",
	.conf_name = "imv-scanner",
	.subs = scanner_subs,
	.n_subs = sizeof(scanner_subs) / sizeof(scanner_subs[0]),
	.create = sc_create,
	.destroy = sc_destroy,
	.reset = sc_reset,
	.receive = sc_receive,
	.batch_ending = sc_batch_ending,
	.solicit = sc_solicit,
	.reason = sc_reason,
	.remediation = sc_remediation,
};
