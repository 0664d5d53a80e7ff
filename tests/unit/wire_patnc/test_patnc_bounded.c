/*
 * Bounded-input tests: every prefix of every valid input is either parsed
 * or rejected cleanly (negative NEA_E* code, offset inside the prefix, no
 * leak or out-of-bounds access under the sanitizer build). Covers every
 * captured PA-TNC message, one valid value of every attribute codec, and
 * first segments for the reassembler.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "attr_types.h"
#include "patnc_msg.h"
#include "patnc_values.h"
#include "patnc_vec.h"
#include "seg_contract.h"

Test(bounded, table_covers_every_codec)
{
	uint32_t vendor = 0, type = 0;

	cr_assert(patnc_values_cover_codecs(&vendor, &type),
		  "no bounded-input value for 0x%06x/0x%08x", vendor, type);
}

Test(bounded, every_prefix_of_every_attribute_value)
{
	size_t k, n;

	for (k = 0; k < patnc_values_n; k++) {
		const patnc_value_t *pv = &patnc_values[k];
		const patnc_codec_t *c = patnc_codec_find(pv->vendor, pv->type);
		uint8_t *v;
		size_t len;

		cr_assert_not_null(c);
		v = pv_hex(pv->hex, &len);
		for (n = 0; n <= len; n++) {
			/* a fresh copy of exactly n bytes so ASan sees any overread */
			uint8_t *p = malloc(n ? n : 1);
			nea_perr_t err = { 0 };
			void *data = NULL;
			int rc;

			cr_assert_not_null(p);
			memcpy(p, v, n);
			rc = patnc_attr_decode(c, p, n, &data, &err);
			if (n == len)
				cr_assert_eq(rc, 0, "0x%06x/0x%x full value: %s", c->vendor, c->type,
					     err.msg);
			if (rc) {
				cr_assert_lt(rc, 0);
				cr_assert_eq(err.code, rc);
				cr_assert_leq(err.offset, n, "0x%06x/0x%x prefix %zu: offset %zu",
					      c->vendor, c->type, n, err.offset);
				cr_assert_null(data);
			} else {
				patnc_attr_data_free(c, data);
			}
			free(p);
		}
		free(v);
	}
}

static const char *const batches[] = {
	"captures/run1_password_freshdb_01_pdp_recv_CDATA.hex",
	"captures/run1_password_freshdb_02_pdp_sent_SDATA.hex",
	"captures/run1_password_freshdb_03_pdp_recv_CDATA.hex",
	"captures/run1_password_freshdb_04_pdp_sent_RESULT.hex",
	"captures/run2_password_warmdb_02_pdp_sent_RESULT.hex",
};

Test(bounded, every_prefix_of_every_captured_message)
{
	size_t b, k, n;

	for (b = 0; b < sizeof(batches) / sizeof(batches[0]); b++) {
		pv_pa_t pa[8];
		uint8_t *batch;
		size_t blen, npa;

		batch = pv_load(batches[b], &blen);
		npa = pv_pb_pa(batch, blen, pa, 8);
		for (k = 0; k < npa; k++) {
			/* attribute boundaries: the prefixes that must parse */
			size_t bounds[16], nb = 0, off = 8;

			while (off < pa[k].len) {
				off += nea_get_u32(pa[k].body + off + 8);
				cr_assert_lt(nb, 16);
				bounds[nb++] = off;
			}
			for (n = 0; n <= pa[k].len; n++) {
				uint8_t *p = malloc(n ? n : 1);
				bool boundary = n == 8;
				patnc_rx_t rx;
				size_t i;
				int rc;

				cr_assert_not_null(p);
				memcpy(p, pa[k].body, n);
				for (i = 0; i < nb; i++)
					boundary |= n == bounds[i];
				rc = patnc_msg_process(p, n, &rx);
				if (boundary) {
					cr_assert_eq(rc, 0, "%s msg %zu prefix %zu: %s", batches[b], k, n,
						     rx.fault.perr.msg);
				} else {
					cr_assert_lt(rc, 0, "%s msg %zu prefix %zu parsed", batches[b],
						     k, n);
					cr_assert_leq(rx.fault.perr.offset, n);
					/* a cut inside a header or value: Invalid Parameter */
					if (n >= 8) {
						cr_assert(rx.fault.has_error);
						cr_assert_eq(rx.fault.error.code,
							     PA_ERROR_INVALID_PARAMETER);
						cr_assert_lt(rx.fault.error.offset, n);
					} else {
						cr_assert_not(rx.fault.has_error);
					}
				}
				patnc_rx_free(&rx);
				free(p);
			}
		}
		free(batch);
	}
}

Test(bounded, every_prefix_of_a_first_segment)
{
	/* an ITA Command of 48 bytes split at 20: first segment prefixes */
	static const char attr_hex[] = "0000902a 00000001 00000030"
				       "303132333435363738394142434445464748494a4b4c4d4e4f505152535455565758595a";
	uint8_t *attr;
	size_t len, n;

	attr = pv_hex(attr_hex, &len);
	cr_assert_eq(len, 48);
	for (n = 0; n <= len; n++) {
		uint8_t *p = malloc(n ? n : 1);
		seg_rx_t rx;
		seg_attr_t out;
		patnc_fault_t f;
		int rc;

		cr_assert_not_null(p);
		memcpy(p, attr, n);
		rc = seg_rx_start(&rx, 9, p, n, SEG_RX_LIMIT_DEFAULT, &out, &f);
		if (n < 12) {
			cr_assert_eq(rc, NEA_ETRUNC);
			cr_assert(f.has_error);
		} else if (n < len) {
			cr_assert_eq(rc, SEG_MORE);
		} else {
			cr_assert_eq(rc, SEG_DONE);
			seg_attr_free(&out);
		}
		seg_rx_free(&rx);
		free(p);
	}
	free(attr);
}
