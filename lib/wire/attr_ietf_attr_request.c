#include "attr_ietf_attr_request.h"

#include "attr_common.h"
#include "attr_names.h"
#include "attr_types.h"

#define ENTRY_LEN 8

/*
 * IETF Attribute Request value (RFC 5792 4.2.1), one entry per wanted type:
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Reserved    |           PA-TNC Attribute Vendor ID          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     PA-TNC Attribute Type                     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                              ...                              |
 */
int attr_ietf_attr_request_parse(const uint8_t *v, size_t len, attr_ietf_attr_request_t *out,
				 nea_perr_t *err)
{
	nea_rd_t r;
	size_t i, n;
	int rc;

	memset(out, 0, sizeof(*out));
	if (len % ENTRY_LEN)
		return nea_perr(err, NEA_EINVAL, 0,
				"attribute request of %zu bytes is not a multiple of %d", len,
				ENTRY_LEN);
	n = len / ENTRY_LEN;
	rc = attr_alloc_array((void **)&out->entries, n, sizeof(*out->entries), ENTRY_LEN, len, 0,
			      err, "requested types");
	if (rc)
		return rc;
	nea_rd_init(&r, v, len);
	for (i = 0; i < n; i++) {
		uint8_t reserved;

		/* Lengths were checked above, so these reads cannot fail. */
		if (!nea_rd_u8(&r, &reserved) || !nea_rd_u24(&r, &out->entries[i].vendor) ||
		    !nea_rd_u32(&r, &out->entries[i].type)) {
			attr_ietf_attr_request_release(out);
			return nea_perr(err, NEA_ETRUNC, r.off, "attribute request entry cut short");
		}
	}
	out->count = n;
	return 0;
}

int attr_ietf_attr_request_build(const attr_ietf_attr_request_t *in, nea_wr_t *w)
{
	size_t i;

	for (i = 0; i < in->count; i++) {
		if (in->entries[i].vendor > 0xffffffu)
			return NEA_EINVAL;
		nea_wr_u8(w, 0);
		nea_wr_u24(w, in->entries[i].vendor);
		nea_wr_u32(w, in->entries[i].type);
	}
	return nea_wr_error(w);
}

void attr_ietf_attr_request_print(const attr_ietf_attr_request_t *in, nea_wr_t *o)
{
	char name[96];
	size_t i;

	patnc_pr(o, "  %zu attribute type%s requested\n", in->count, in->count == 1 ? "" : "s");
	for (i = 0; i < in->count; i++)
		patnc_pr(o, "  0x%06x/0x%08x '%s'\n", in->entries[i].vendor, in->entries[i].type,
			 attr_full_name(in->entries[i].vendor, in->entries[i].type, name,
					sizeof(name)));
}

void attr_ietf_attr_request_release(attr_ietf_attr_request_t *a)
{
	free(a->entries);
	a->entries = NULL;
	a->count = 0;
}

PATNC_RELEASE_DEFINE(rel, attr_ietf_attr_request_t, attr_ietf_attr_request_release)
PATNC_CODEC_DEFINE(attr_ietf_attr_request_codec, attr_ietf_attr_request_t, PEN_IETF,
		   IETF_ATTR_ATTRIBUTE_REQUEST, attr_ietf_attr_request, rel);
