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
#include "patnc_vec.h"
#include "seg_contract.h"

/* One valid value per codec (the same layouts the other suites check). */
static const struct {
	uint32_t vendor, type;
	const char *hex;
} values[] = {
	{ PEN_IETF, IETF_ATTR_TESTING, "010203" },
	{ PEN_IETF, IETF_ATTR_ATTRIBUTE_REQUEST, "00000000 00000007 0000902a 00000008" },
	{ PEN_IETF, IETF_ATTR_PRODUCT_INFO, "0025720000 44656269616e" },
	{ PEN_IETF, IETF_ATTR_NUMERIC_VERSION, "0000000c 00000001 01020304 0005 0006" },
	{ PEN_IETF, IETF_ATTR_STRING_VERSION, "09 3132207838365f3634 02 6237 01 63" },
	{ PEN_IETF, IETF_ATTR_OP_STATUS, "03010000 323032362d31312d32325432303a30323a34355a" },
	{ PEN_IETF, IETF_ATTR_PORT_FILTER, "0006010f 011101f4" },
	{ PEN_IETF, IETF_ATTR_INSTALLED_PACKAGES, "0000 0002 07 61646475736572 05 332e313334 01 7a 00" },
	{ PEN_IETF, IETF_ATTR_PA_TNC_ERROR, "00000000 00000003 01000000 2698cf93 8000902a fffffffe" },
	{ PEN_IETF, IETF_ATTR_ASSESSMENT_RESULT, "00000001" },
	{ PEN_IETF, IETF_ATTR_REMEDIATION, "00000000 00000002 00000003 616263 02 656e" },
	{ PEN_IETF, IETF_ATTR_FORWARDING_ENABLED, "00000002" },
	{ PEN_IETF, IETF_ATTR_DEFAULT_PWD_ENABLED, "00000001" },
	{ PEN_IETF, IETF_ATTR_SWIMA_REQUEST, "c0000002 00000035 00000001 0001 61 0002 6263" },
	{ PEN_IETF, IETF_ATTR_SW_ID_INVENTORY,
	  "00000001 0000003d 11223344 00000001 00000000 00000000 0200 0002 6162 0001 63" },
	{ PEN_IETF, IETF_ATTR_SW_ID_EVENTS,
	  "00000001 00000035 6c94b183 00000001 00000001 00000001"
	  "323032362d31312d32325432323a32333a30395a 00000001 00000000 0101 0001 61 0000" },
	{ PEN_IETF, IETF_ATTR_SW_INVENTORY,
	  "80000001 0000003d 11223344 00000001 00000000 00000000 0200 0002 6162 0000 00000002 7878" },
	{ PEN_IETF, IETF_ATTR_SW_EVENTS,
	  "00000001 00000035 6c94b183 00000001 00000001 00000001"
	  "323032362d31312d32325432323a32333a30395a 00000001 00000000 0103 0001 61 0000 00000001 78" },
	{ PEN_IETF, IETF_ATTR_SUBSCRIPTION_STATUS_REQ, "" },
	{ PEN_IETF, IETF_ATTR_SUBSCRIPTION_STATUS_RESP,
	  "00000002 40000000 0000000b 00000000 60000001 0000000c 00000005 0001 61" },
	{ PEN_ITA, ITA_ATTR_COMMAND, "30313233" },
	{ PEN_ITA, ITA_ATTR_DUMMY, "dddddd" },
	{ PEN_ITA, ITA_ATTR_GET_SETTINGS, "00000002 0001 61 0002 6263" },
	{ PEN_ITA, ITA_ATTR_SETTINGS, "00000001 0001 61 0001 31" },
	{ PEN_ITA, ITA_ATTR_START_ANGEL, "" },
	{ PEN_ITA, ITA_ATTR_STOP_ANGEL, "" },
	{ PEN_ITA, ITA_ATTR_ECHO, "0102" },
	{ PEN_ITA, ITA_ATTR_DEVICE_ID, "3364313231396337" },
	{ PEN_ITA, ITA_ATTR_GET_SYMLINKS, "2f" },
	{ PEN_ITA, ITA_ATTR_SYMLINKS, "00000001 0004 2f62696e 0008 2f7573722f62696e" },
	{ PEN_TCG, TCG_SEG_CONTRACT_REQ, "ffffffff 001fffb8" },
	{ PEN_TCG, TCG_SEG_CONTRACT_RESP, "ffffffff 001fffb8" },
	{ PEN_TCG, TCG_SEG_ENVELOPE, "c0123456 616263" },
	{ PEN_TCG, TCG_SEG_NEXT_SEGMENT, "01000001" },
	{ PEN_TCG, TCG_PTS_REQ_PROTO_CAPS, "0000000e" },
	{ PEN_TCG, TCG_PTS_PROTO_CAPS, "00000011" },
	{ PEN_TCG, TCG_PTS_DH_NONCE_PARAMS_REQ, "00113000" },
	{ PEN_TCG, TCG_PTS_DH_NONCE_PARAMS_RESP, "00000003 1000c000 010203 0405060708" },
	{ PEN_TCG, TCG_PTS_DH_NONCE_FINISH, "00024000 aabbcc 1122" },
	{ PEN_TCG, TCG_PTS_MEAS_ALGO, "0000e000" },
	{ PEN_TCG, TCG_PTS_MEAS_ALGO_SELECTION, "00004000" },
	{ PEN_TCG, TCG_PTS_GET_TPM_VERSION_INFO, "00000000" },
	{ PEN_TCG, TCG_PTS_TPM_VERSION_INFO, "00300102" },
	{ PEN_TCG, TCG_PTS_GET_AIK, "00000000" },
	{ PEN_TCG, TCG_PTS_AIK, "80 3082010a" },
	{ PEN_TCG, TCG_PTS_REQ_FUNC_COMP_EVID, "50000000 00902a21 00000003 40000000 00902a22 00000003" },
	{ PEN_TCG, TCG_PTS_GEN_ATTEST_EVID, "00000000" },
	{ PEN_TCG, TCG_PTS_SIMPLE_COMP_EVID,
	  "c0000000 00902a21 00000003 8000000a 4000 0100"
	  "323032362d31312d32325432303a30323a34355a 0003 783a79 0002 0000 1122 dead" },
	{ PEN_TCG, TCG_PTS_SIMPLE_EVID_FINAL,
	  "30004000 00000002 c0c0 0001 aa 0002 bbbb 0000 0003 030000 00000001 51 5353" },
	{ PEN_TCG, TCG_PTS_REQ_FILE_MEAS, "80000007 0000002f 2f657463" },
	{ PEN_TCG, TCG_PTS_FILE_MEAS,
	  "00000000 00000002 0007 0004 01020304 0006 706173737764 05060708 0005 67726f7570" },
	{ PEN_TCG, TCG_PTS_REQ_FILE_META, "002f0000 2f6574632f706173737764" },
	{ PEN_TCG, TCG_PTS_UNIX_FILE_META,
	  "00000000 00000001 003a 01 00 00000000000004d2 0000000000000001"
	  "0000000000000002 0000000000000003 0000000000000000 0000000000000000 706173737764" },
};

#define NVALUES (sizeof(values) / sizeof(values[0]))

Test(bounded, table_covers_every_codec)
{
	size_t i, k;

	for (i = 0; i < patnc_codec_count(); i++) {
		const patnc_codec_t *c = patnc_codec_at(i);
		bool found = false;

		for (k = 0; k < NVALUES; k++)
			found |= values[k].vendor == c->vendor && values[k].type == c->type;
		cr_assert(found, "no bounded-input value for 0x%06x/0x%08x", c->vendor, c->type);
	}
}

Test(bounded, every_prefix_of_every_attribute_value)
{
	size_t k, n;

	for (k = 0; k < NVALUES; k++) {
		const patnc_codec_t *c = patnc_codec_find(values[k].vendor, values[k].type);
		uint8_t *v;
		size_t len;

		cr_assert_not_null(c);
		v = pv_hex(values[k].hex, &len);
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
