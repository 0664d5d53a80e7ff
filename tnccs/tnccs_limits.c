#include "tnccs_limits.h"

#include <stdbool.h>
#include <stdio.h>

#include "nea_err.h"
#include "pbtnc_batch.h"

size_t tnccs_transport_max_batch(Nea__Transport t)
{
	return t == NEA__TRANSPORT__TRANSPORT_PT_TLS ? PBTNC_MAX_BATCH_PTTLS : PBTNC_MAX_BATCH_EAP;
}

int tnccs_limits_compute(Nea__Transport t, long long conf_batch, long long conf_msg,
			 uint32_t fe_batch, uint32_t fe_msg, tnccs_limits_t *out, const char **why)
{
	size_t batch = tnccs_transport_max_batch(t), msg;
	int rc = 0;

	if (why)
		*why = NULL;
	if (conf_batch >= 0) {
		if (conf_batch < TNCCS_MIN_BATCH) {
			rc = NEA_ECONFIG;
			if (why)
				*why = "tnccs-20.max_batch_size too small to carry a PA message; ignored";
		} else if ((unsigned long long)conf_batch < batch) {
			batch = (size_t)conf_batch;
		}
	}
	/* A front end that cannot carry the default is believed: its
	 * transport would cut a larger batch anyway. */
	if (fe_batch >= TNCCS_MIN_BATCH && fe_batch < batch)
		batch = fe_batch;
	msg = batch - TNCCS_PA_OVERHEAD;
	if (conf_msg >= 0) {
		if (conf_msg == 0) {
			rc = NEA_ECONFIG;
			if (why && !*why)
				*why = "tnccs-20.max_message_size must not be 0; ignored";
		} else if ((unsigned long long)conf_msg < msg) {
			msg = (size_t)conf_msg;
		}
	}
	if (fe_msg > 0 && fe_msg < msg)
		msg = fe_msg;
	out->max_batch = batch;
	out->max_msg = msg;
	out->max_recv = tnccs_transport_max_batch(t);
	return rc;
}

int tnccs_limits_from_conf(const nea_conf_t *c, const char *ns, Nea__Transport t,
			   uint32_t fe_batch, uint32_t fe_msg, tnccs_limits_t *out, const char **why)
{
	char key[128];
	long long b = -1, m = -1;
	bool bad = false;
	int rc;

	if (c) {
		snprintf(key, sizeof(key), "%s.plugins.tnccs-20.max_batch_size", ns ? ns : "charon");
		if (nea_conf_get_int(c, key, -1, &b) < 0) {
			b = -1;
			bad = true;
		}
		snprintf(key, sizeof(key), "%s.plugins.tnccs-20.max_message_size", ns ? ns : "charon");
		if (nea_conf_get_int(c, key, -1, &m) < 0) {
			m = -1;
			bad = true;
		}
	}
	rc = tnccs_limits_compute(t, b, m, fe_batch, fe_msg, out, why);
	if (bad && !rc) {
		rc = NEA_ECONFIG;
		if (why)
			*why = "tnccs-20.max_batch_size/max_message_size is not a number; ignored";
	}
	return rc;
}
