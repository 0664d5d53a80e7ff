/*
 * tnccs_limits: how large a PB-TNC batch and a PA-TNC message may be on one
 * connection, computed as strongSwan's tnccs_20 does.
 *
 * Contract: the transport sets the default batch limit (PT-TLS
 * 128 * 16384 - 16 = 2 097 136, the EAP transports 4 * 16384 - 14 = 65 522);
 * charon.plugins.tnccs-20.max_batch_size can only lower it (strongSwan's
 * min()). The PA-TNC message limit defaults to the batch limit minus the
 * batch, PB-TNC message and PB-PA headers (8 + 12 + 12) and
 * charon.plugins.tnccs-20.max_message_size can only lower it. A front end
 * may announce a smaller batch or message limit of its own; the smaller
 * value wins again. Values too small to carry a single PB-PA message are
 * configuration errors: the default is kept and *why says so.
 *
 * Receiving is bounded by the transport's default (max_recv), not by the
 * configured limit: a strongSwan peer sizes its batches by its own
 * settings, and what the transport can carry is all strongSwan checks. A
 * larger batch is answered with PB-Error Invalid Parameter (offset 4).
 *
 * Pure functions; no allocation, no I/O.
 */
#ifndef TNCCS_LIMITS_H
#define TNCCS_LIMITS_H

#include <stddef.h>
#include <stdint.h>

#include "nea_conf.h"
#include "transport.pb-c.h"

/* batch header + PB-TNC message header + PB-PA header */
#define TNCCS_PA_OVERHEAD 32u
/* smallest batch limit accepted from configuration or a front end */
#define TNCCS_MIN_BATCH 64u

typedef struct {
	size_t max_batch; /* largest PB-TNC batch we send */
	size_t max_msg;   /* largest PA-TNC message (IF-IMV/IF-IMC attribute) */
	size_t max_recv;  /* largest batch accepted: the transport's default */
} tnccs_limits_t;

/* strongSwan's default batch limit for the transport. */
size_t tnccs_transport_max_batch(Nea__Transport t);

/*
 * conf_batch/conf_msg: configured values, negative when not configured.
 * fe_batch/fe_msg: the front end's limits, 0 when not announced.
 * Returns 0, or NEA_ECONFIG when a configured value had to be ignored
 * (the limits are still valid then; *why names the key).
 */
int tnccs_limits_compute(Nea__Transport t, long long conf_batch, long long conf_msg,
			 uint32_t fe_batch, uint32_t fe_msg, tnccs_limits_t *out, const char **why);

/* Same, reading <ns>.plugins.tnccs-20.max_batch_size / max_message_size
 * (ns "charon" for the server, the client's namespace otherwise). */
int tnccs_limits_from_conf(const nea_conf_t *c, const char *ns, Nea__Transport t,
			   uint32_t fe_batch, uint32_t fe_msg, tnccs_limits_t *out, const char **why);

#endif
