#include "attr_ietf_testing.h"

#include "attr_common.h"
#include "attr_types.h"

/*
 * IETF Testing value (RFC 5792 4.2.0):
 *
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Opaque (Variable Length)                   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_ietf_testing_parse(const uint8_t *v, size_t len, attr_ietf_testing_t *out,
			    nea_perr_t *err)
{
	(void)err;
	out->data = v;
	out->len = len;
	return 0;
}

int attr_ietf_testing_build(const attr_ietf_testing_t *in, nea_wr_t *w)
{
	nea_wr_bytes(w, in->data, in->len);
	return nea_wr_error(w);
}

void attr_ietf_testing_print(const attr_ietf_testing_t *in, nea_wr_t *o)
{
	patnc_pr(o, "  %zu bytes: ", in->len);
	patnc_pr_hex(o, in->data, in->len, 64);
	patnc_pr(o, "\n");
}

PATNC_CODEC_DEFINE(attr_ietf_testing_codec, attr_ietf_testing_t, PEN_IETF, IETF_ATTR_TESTING,
		   attr_ietf_testing, NULL);
