#include "imc_pa.h"

#include <criterion/criterion.h>
#include <stdlib.h>

#include "attr_ietf_attr_request.h"
#include "attr_types.h"

void ipa_init(ipa_t *m, uint32_t msg_id)
{
	cr_assert_eq(patnc_builder_init(&m->b, msg_id, 0), 0);
}

void ipa_add(ipa_t *m, uint8_t flags, uint32_t vendor, uint32_t type, const void *data)
{
	cr_assert_eq(patnc_builder_add(&m->b, flags, vendor, type, data), 0);
}

void ipa_request(ipa_t *m, size_t n, const uint32_t *pairs)
{
	attr_ietf_attr_request_entry_t e[32];
	attr_ietf_attr_request_t r = { e, n };

	cr_assert_leq(n, 32);
	for (size_t i = 0; i < n; i++) {
		e[i].vendor = pairs[2 * i];
		e[i].type = pairs[2 * i + 1];
	}
	ipa_add(m, 0, PEN_IETF, IETF_ATTR_ATTRIBUTE_REQUEST, &r);
}

uint8_t *ipa_finish(ipa_t *m, size_t *len)
{
	uint8_t *msg = patnc_builder_finish(&m->b, len);

	cr_assert_not_null(msg);
	return msg;
}

void ipa_parse(const uint8_t *msg, size_t len, patnc_rx_t *rx)
{
	int rc = patnc_msg_process(msg, len, rx);

	cr_assert_eq(rc, 0, "PA-TNC message from the host does not parse: %s at %zu",
		     rx->fault.perr.msg, rx->fault.perr.offset);
}
