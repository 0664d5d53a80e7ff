/*
 * `nea dump` on EAP: a PT-EAP packet carrying a captured batch, EAP-TNC,
 * EAP-TTLS outer packets, and phase-2 EAP-Message AVPs including an EAP
 * packet split over several AVPs whose offsets still name input bytes.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "dump_vec.h"
#include "eap_pkt.h"
#include "eap_tls_pkt.h"
#include "eap_ttls_avp.h"

static uint8_t *pt_eap(uint8_t type, const uint8_t *batch, size_t blen, size_t *len)
{
	eap_tls_pkt_t p = {
		.code = EAP_CODE_RESPONSE, .id = 7, .type = type, .data = batch, .data_len = blen,
	};
	nea_wr_t w;
	uint8_t *out;

	nea_wr_init(&w, 0);
	cr_assert_eq(eap_tls_pkt_build(&w, &p), 0);
	out = nea_wr_detach(&w, len);
	cr_assert_not_null(out);
	return out;
}

Test(eap, pt_eap_carries_the_captured_cdata)
{
	size_t blen, len;
	uint8_t *batch = dv_load("captures/run1_password_freshdb_01_pdp_recv_CDATA.hex", &blen);
	uint8_t *pkt = pt_eap(EAP_TYPE_PT_EAP, batch, blen, &len);
	dv_out_t o;

	dv_dump(&o, pkt, len, DUMP_AS_AUTO, DUMP_ROLE_ANY);
	cr_assert_eq(o.rc, 0, "%s", o.err.msg);
	dv_assert_line(&o, "guess: EAP packet (code EAP_RESPONSE, EAP length 372 = input size)");
	dv_assert_line(&o, "EAP_RESPONSE packet (372 bytes) at byte 0, identifier 7, type EAP_PT_EAP (54)");
	dv_assert_line(&o, "PT-EAP flags 0x01: version 1");
	dv_assert_line(&o, "PB-TNC CDATA batch (366 bytes) at byte 6");
	dv_assert_line(&o, "PA-TNC attribute type 'ITA-HSR/Device ID' 0x00902a/0x00000008 (44 bytes) "
			   "at byte 220");
	dv_assert_line(&o, "product 'Debian 12 x86_64'");
	dv_free(&o);

	/* a byte cut off the end: the EAP length no longer fits */
	dv_dump(&o, pkt, len - 1, DUMP_AS_EAP, DUMP_ROLE_ANY);
	cr_assert_lt(o.rc, 0);
	cr_assert_leq(o.err.offset, len - 1);
	dv_free(&o);
	free(pkt);

	pkt = pt_eap(EAP_TYPE_TNC, batch, blen, &len);
	dv_dump(&o, pkt, len, DUMP_AS_EAP, DUMP_ROLE_ANY);
	cr_assert_eq(o.rc, 0, "%s", o.err.msg);
	dv_assert_line(&o, "EAP-TNC flags 0x01: version 1");
	dv_assert_line(&o, "PB-TNC CDATA batch (366 bytes) at byte 6");
	dv_free(&o);
	free(pkt);
	free(batch);
}

Test(eap, ttls_avps_split_packet_maps_offsets)
{
	size_t blen, plen, alen;
	uint8_t *batch = dv_load("captures/run1_password_freshdb_04_pdp_sent_RESULT.hex", &blen);
	uint8_t *pkt = pt_eap(EAP_TYPE_PT_EAP, batch, blen, &plen);
	uint8_t *avps;
	nea_wr_t w;
	dv_out_t o;

	/* one AVP: the packet starts at byte 8 of the input */
	nea_wr_init(&w, 0);
	cr_assert_eq(eap_ttls_eap_message_build(&w, pkt, plen, 0), 0);
	avps = nea_wr_detach(&w, &alen);
	dv_dump(&o, avps, alen, DUMP_AS_AUTO, DUMP_ROLE_CLIENT);
	cr_assert_eq(o.rc, 0, "%s", o.err.msg);
	dv_assert_line(&o, "guess: EAP-TTLS phase 2 AVPs");
	dv_assert_line(&o, "Diameter AVP code 79 EAP-Message");
	dv_assert_line(&o, "PB-TNC RESULT batch (138 bytes) at byte 14");
	dv_assert_line(&o, "access recommendation is 'Access Denied' (2)");
	dv_free(&o);
	free(avps);

	/* split over AVPs of 50 bytes: reassembled, offsets still name input bytes */
	nea_wr_init(&w, 0);
	cr_assert_eq(eap_ttls_eap_message_build(&w, pkt, plen, 50), 0);
	avps = nea_wr_detach(&w, &alen);
	dv_dump(&o, avps, alen, DUMP_AS_EAP_TTLS, DUMP_ROLE_ANY);
	cr_assert_eq(o.rc, 0, "%s", o.err.msg);
	dv_assert_line(&o, "EAP packet of 144 bytes reassembled from 3 EAP-Message AVPs");
	/*
	 * The batch starts at packet byte 6 = input byte 8 + 6 = 14; the
	 * PB-Reason-String message at batch byte 88 = packet byte 94 lies in
	 * the second AVP (packet bytes 50..99; the first AVP is 8 + 50 bytes
	 * padded to 60, so the second one's data starts at input byte 68), so
	 * at input byte 68 + 44 = 112.
	 */
	dv_assert_line(&o, "EAP_RESPONSE packet (144 bytes) at byte 8");
	dv_assert_line(&o, "PB-TNC RESULT batch (138 bytes) at byte 14");
	dv_assert_line(&o, "IETF/PB-Reason-String message (50 bytes) at byte 112");
	dv_free(&o);

	/* the last AVP missing: cut off, error at the end of the input */
	dv_dump(&o, avps, alen - 52, DUMP_AS_EAP_TTLS, DUMP_ROLE_ANY);
	cr_assert_eq(o.rc, NEA_ETRUNC, "%d %s", o.rc, o.err.msg);
	cr_assert_eq(o.err.offset, alen - 52);
	dv_free(&o);
	free(avps);
	free(pkt);
	free(batch);
}

Test(eap, ttls_outer_and_identity)
{
	static const uint8_t start[] = { 0x01, 0x03, 0x00, 0x06, 0x15, 0x20 };
	static const uint8_t ident[] = { 0x02, 0x01, 0x00, 0x0c, 0x01, 'c', 'l', 'i', 'e', 'n', 't', '1' };
	dv_out_t o;

	dv_dump(&o, start, sizeof(start), DUMP_AS_AUTO, DUMP_ROLE_ANY);
	cr_assert_eq(o.rc, 0, "%s", o.err.msg);
	dv_assert_line(&o, "EAP_REQUEST packet (6 bytes) at byte 0, identifier 3, type EAP_TTLS (21)");
	dv_assert_line(&o, "EAP-TTLS flags 0x20: version 0, start");
	dv_free(&o);

	dv_dump(&o, ident, sizeof(ident), DUMP_AS_AUTO, DUMP_ROLE_ANY);
	cr_assert_eq(o.rc, 0, "%s", o.err.msg);
	dv_assert_line(&o, "identity 'client1'");
	dv_free(&o);
}
