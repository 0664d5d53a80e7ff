/*
 * `nea dump` on every attribute lib/wire codes: one valid value of each
 * codec (the layouts the wire_patnc suites check) inside a PA-TNC message
 * decodes without error, under its strongSwan name, with the codec's
 * fields below it; the table must cover every codec so a new one is not
 * forgotten. Also a segmented attribute: the first Segment Envelope names
 * the attribute it carries.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attr_names.h"
#include "attr_types.h"
#include "dump_vec.h"
#include "patnc_attr.h"
#include "patnc_msg.h"
#include "seg_env.h"

/* One valid value per codec (copied from tests/unit/wire_patnc/test_patnc_bounded.c). */
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

Test(codecs, table_covers_every_codec)
{
	for (size_t i = 0; i < patnc_codec_count(); i++) {
		const patnc_codec_t *c = patnc_codec_at(i);
		bool found = false;

		for (size_t k = 0; k < NVALUES; k++)
			found |= values[k].vendor == c->vendor && values[k].type == c->type;
		cr_assert(found, "no dump value for 0x%06x/0x%08x", c->vendor, c->type);
	}
}

Test(codecs, every_attribute_dumps_with_its_fields)
{
	for (size_t k = 0; k < NVALUES; k++) {
		char name[96], want[160];
		patnc_builder_t pb;
		size_t vlen, mlen;
		uint8_t *v = dv_hex(values[k].hex, &vlen), *msg;
		const char *line, *next;
		dv_out_t o;

		cr_assert_eq(patnc_builder_init(&pb, 0x11223344, 0), 0);
		cr_assert_eq(patnc_builder_add_raw(&pb, 0, values[k].vendor, values[k].type, v, vlen), 0);
		msg = patnc_builder_finish(&pb, &mlen);
		cr_assert_not_null(msg);
		dv_dump(&o, msg, mlen, DUMP_AS_PATNC, DUMP_ROLE_ANY);
		cr_assert_eq(o.rc, 0, "0x%06x/0x%x: %s\n%s", values[k].vendor, values[k].type,
			     o.err.msg, o.text);
		snprintf(want, sizeof(want), "PA-TNC attribute type '%s' 0x%06x/0x%08x (%zu bytes) at byte 8",
			 attr_full_name(values[k].vendor, values[k].type, name, sizeof(name)),
			 values[k].vendor, values[k].type, vlen + 12);
		line = dv_line(o.text, want);
		cr_assert_not_null(line, "no '%s' in:\n%s", want, o.text);
		cr_assert_null(dv_line(o.text, "malformed"), "%s", o.text);
		cr_assert_null(dv_line(o.text, "unknown type"), "%s", o.text);
		/* the codec's fields, one level deeper (empty values may print nothing) */
		next = strchr(line, '\n') + 1;
		if (vlen)
			cr_assert(*next && dv_indent(o.text, dv_line(next, "")) > dv_indent(o.text, line),
				  "no fields under '%s':\n%s", want, o.text);
		dv_free(&o);
		patnc_builder_free(&pb);
		free(msg);
		free(v);
	}
}

/* The Installed Packages list of the capture is the big one; here a hostile package name. */
Test(codecs, peer_text_is_escaped)
{
	/* 1 package: name "a\nb" (3 bytes), version "\x1b[2J" (4 bytes) */
	size_t vlen, mlen;
	uint8_t *v = dv_hex("0000 0001 03 610a62 04 1b5b324a", &vlen), *msg;
	patnc_builder_t pb;
	dv_out_t o;

	cr_assert_eq(patnc_builder_init(&pb, 1, 0), 0);
	cr_assert_eq(patnc_builder_add_raw(&pb, 0, PEN_IETF, IETF_ATTR_INSTALLED_PACKAGES, v, vlen), 0);
	msg = patnc_builder_finish(&pb, &mlen);
	dv_dump(&o, msg, mlen, DUMP_AS_PATNC, DUMP_ROLE_ANY);
	cr_assert_eq(o.rc, 0, "%s", o.err.msg);
	dv_assert_line(&o, "'a\\x0ab' '\\x1b[2J'");
	cr_assert_null(strchr(o.text, 0x1b));
	dv_free(&o);
	patnc_builder_free(&pb);
	free(msg);
	free(v);
}

Test(codecs, first_segment_envelope_names_the_carried_attribute)
{
	size_t plen, vlen, mlen;
	uint8_t *pkgs = dv_hex("0000 0002 07 61646475736572 05 332e313334 01 7a 00", &plen);
	nea_wr_t attr;
	seg_tx_t tx;
	attr_tcg_seg_env_t env;
	patnc_builder_t pb;
	uint8_t *msg;
	dv_out_t o;
	bool last = false;
	int n = 0;

	(void)vlen;
	nea_wr_init(&attr, 0);
	cr_assert_eq(patnc_attr_encode_raw(0, PEN_IETF, IETF_ATTR_INSTALLED_PACKAGES, pkgs, plen,
					   &attr), 0);
	/* 33-byte attribute in 16-byte segments: first (M|S) + next, next, last */
	cr_assert_eq(seg_tx_init(&tx, 5, attr.ptr, attr.len, 16), 0);
	seg_tx_first(&tx, &env);
	do {
		cr_assert_eq(patnc_builder_init(&pb, (uint32_t)n, 0), 0);
		cr_assert_eq(patnc_builder_add(&pb, 0, PEN_TCG, TCG_SEG_ENVELOPE, &env), 0);
		msg = patnc_builder_finish(&pb, &mlen);
		dv_dump(&o, msg, mlen, DUMP_AS_PATNC, DUMP_ROLE_ANY);
		cr_assert_eq(o.rc, 0, "%s", o.err.msg);
		dv_assert_line(&o, "PA-TNC attribute type 'TCG/Segment Envelope' 0x005597/0x00000023");
		if (n == 0)
			dv_assert_line(&o, "carries attribute type 'IETF/Installed Packages' "
					   "0x000000/0x00000007 (33 bytes), flags 0x00");
		else
			cr_assert_null(dv_line(o.text, "carries"), "%s", o.text);
		dv_free(&o);
		patnc_builder_free(&pb);
		free(msg);
		n++;
		if (last)
			break;
		cr_assert_eq(seg_tx_next(&tx, &env, &last), 0);
	} while (n < 10);
	cr_assert_eq(n, 3, "segments %d", n);
	seg_tx_free(&tx);
	nea_wr_free(&attr);
	free(pkgs);
}
