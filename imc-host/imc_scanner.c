/*
 * The Scanner IMC (PA subtype IETF/Firewall), strongSwan's imc_scanner:
 * the TCP and UDP ports this endpoint serves, as an IETF Port Filter with
 * NOSKIP set, unasked in its first message and on Attribute Request. The
 * ports come from the kernel's socket tables (imc_procnet) rather than a
 * netstat child process, so the IMC needs no exec and no network socket.
 */
#include <stdio.h>
#include <stdlib.h>

#include "attr_ietf_attr_request.h"
#include "attr_ietf_port_filter.h"
#include "attr_types.h"
#include "imc_module.h"
#include "imc_procnet.h"
#include "nea_err.h"
#include "nea_log.h"

typedef struct {
	const imc_settings_t *set;
	uint32_t id;
} imc_scanner_t;

static int scanner_init(const imc_settings_t *set, uint32_t id, void **priv)
{
	imc_scanner_t *p = calloc(1, sizeof(*p));

	if (!p)
		return NEA_ENOMEM;
	p->set = set;
	p->id = id;
	*priv = p;
	return 0;
}

static void scanner_destroy(void *priv)
{
	free(priv);
}

/* The lines netstat -ln would print, for the operator (strongSwan logs them). */
static void log_socket(void *arg, const imc_sock_t *s)
{
	char local[64], proto[8];

	(void)arg;
	imc_sock_format(s, local, sizeof(local));
	snprintf(proto, sizeof(proto), "%s%s", s->protocol == IMC_PROTO_TCP ? "tcp" : "udp",
		 s->v6 ? "6" : "");
	NLOG(IMC, 2, "%-5s %6u %6u %-23s %-23s %s%s", proto, s->rx_queue, s->tx_queue, local,
	     s->v6 ? ":::*" : "0.0.0.0:*", s->protocol == IMC_PROTO_TCP ? "LISTEN" : "",
	     s->loopback ? "  (loopback, not reported)" : "");
}

static int add_port_filter(imc_scanner_t *p, imc_msg_t *m)
{
	attr_ietf_port_filter_t pf = { NULL, 0 };
	imc_procnet_stats_t st;
	imc_ports_t ports;
	const char *failed = NULL;
	int rc;

	NLOG(IMC, 2, "Active Internet connections (only servers)");
	NLOG(IMC, 2, "Proto Recv-Q Send-Q Local Address           Foreign Address         State");
	rc = imc_procnet_collect(p->set->proc, &ports, &st, log_socket, NULL, &failed);
	if (rc < 0) {
		NLOG(IMC, 0, "IMC %u \"Scanner\": cannot read %s/%s: %s; no port filter sent", p->id,
		     p->set->proc, failed ? failed : "net", nea_strerror(rc));
		return rc;
	}
	if (st.malformed)
		NLOG(IMC, 1, "IMC %u \"Scanner\": %zu unreadable lines in %s/net skipped", p->id,
		     st.malformed, p->set->proc);
	NLOG(IMC, 2, "IMC %u \"Scanner\": %zu server ports (%zu sockets on loopback not reported)",
	     p->id, ports.count, st.loopback);
	if (ports.count) {
		pf.entries = calloc(ports.count, sizeof(*pf.entries));
		if (!pf.entries) {
			imc_ports_free(&ports);
			return NEA_ENOMEM;
		}
	}
	for (size_t i = 0; i < ports.count; i++)
		pf.entries[i] = (attr_ietf_port_entry_t){ false, ports.ports[i].protocol,
							  ports.ports[i].port };
	pf.count = ports.count;
	rc = imc_msg_add(m, PATNC_ATTR_NOSKIP, PEN_IETF, IETF_ATTR_PORT_FILTER, &pf);
	free(pf.entries);
	imc_ports_free(&ports);
	return rc;
}

static int scanner_begin_handshake(void *priv, imc_state_t *st, imc_msg_t *out)
{
	imc_scanner_t *p = priv;

	(void)st;
	return p->set->scanner_push_info ? add_port_filter(p, out) : 0;
}

static int scanner_receive(void *priv, imc_state_t *st, const imc_attrs_t *in, imc_msg_t *reply)
{
	imc_scanner_t *p = priv;
	int rc;

	(void)st;
	for (size_t i = 0; i < in->count; i++) {
		const patnc_attr_t *a = in->items[i];
		const attr_ietf_attr_request_t *r = a->data;

		if (a->vendor != PEN_IETF || a->type != IETF_ATTR_ATTRIBUTE_REQUEST || !r)
			continue;
		for (size_t j = 0; j < r->count; j++) {
			if (r->entries[j].vendor != PEN_IETF ||
			    r->entries[j].type != IETF_ATTR_PORT_FILTER)
				continue;
			rc = add_port_filter(p, reply);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

const imc_module_ops_t imc_scanner_module = {
	.name = "Scanner",
	.msg_vendor = PEN_IETF,
	.msg_subtype = 5, /* Firewall */
	.init = scanner_init,
	.destroy = scanner_destroy,
	.begin_handshake = scanner_begin_handshake,
	.receive = scanner_receive,
};
