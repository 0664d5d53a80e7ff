/*
 * `nea dump` without --as: which format do the first bytes suggest?
 *
 * The tests are ordered and chosen so that the formats exclude each other:
 * PB-TNC starts 02 {00|80} 00 0T (T <= 6) while an EAP Response (code 2)
 * that looked like that would have an EAP length of T < 8; PT-TLS starts
 * with a zero reserved byte and vendor 0; an EAP packet's length field
 * equals the input size, which a PA-TNC header (01 00 00 00) cannot; a
 * Diameter EAP-Message AVP starts 00 00 00 4f. The length fields are not
 * required to match the input for PB-TNC and PT-TLS, so a damaged batch
 * is still recognised and the decoder can name the bad byte.
 *
 * Last, a bare PB-TNC message and a bare PA-TNC attribute share one
 * 12-byte header layout (flags, vendor, type, length) and IETF numbers
 * both namespaces, so one is taken only on evidence: a PB-PA message
 * carrying a version 1 PA-TNC message, a (vendor, type) only one of the
 * two tables knows, or the ITA-HSR vendor (which has PA attributes and no
 * PB-TNC messages). Otherwise the caller is asked to say which.
 */
#include <stdio.h>

#include "cmd_dump_int.h"
#include "eap_pkt.h"
#include "eap_ttls_avp.h"
#include "patnc_attr.h"
#include "patnc_msg.h"
#include "attr_names.h"
#include "pbtnc_batch.h"
#include "pttls_msg.h"
#include "tnc_names.h"

static const char *fits(size_t declared, size_t len)
{
	return declared == len ? "= input size" : declared < len ? "< input size" : "> input size";
}

/* A 12-byte TLV header whose length fits the input: PB-TNC message or PA-TNC attribute? */
static dump_as_t guess_tlv(const uint8_t *in, size_t n, const uint8_t *b, char *why, size_t wl)
{
	uint32_t vendor = nea_get_u24(b + 1), type = nea_get_u32(b + 4), len = nea_get_u32(b + 8);
	bool pb = pbtnc_msg_info(vendor, type) != NULL, pa = patnc_codec_find(vendor, type) != NULL;
	uint8_t pa_hdr[4] = { 0 };
	nea_rd_t r;
	char name[96];

	nea_rd_init(&r, in, n);
	if (vendor == TNC_PEN_IETF && type == PBTNC_MSG_PA &&
	    len >= PBTNC_MSG_HDR_LEN + PBTNC_PA_HDR_LEN + PATNC_MSG_HDR_LEN &&
	    nea_rd_skip(&r, PBTNC_MSG_HDR_LEN + PBTNC_PA_HDR_LEN) && nea_rd_copy(&r, pa_hdr, 4) &&
	    pa_hdr[0] == PATNC_VERSION && !pa_hdr[1] && !pa_hdr[2] && !pa_hdr[3]) {
		snprintf(why, wl, "a PB-PA message header, message length %u, carrying a PA-TNC "
			 "version 1 message", len);
		return DUMP_AS_PBMSG;
	}
	if (pb != pa || (!pb && vendor == TNC_PEN_ITA)) {
		if (pb)
			pbtnc_msg_type_str(name, sizeof(name), vendor, type);
		else
			attr_full_name(vendor, type, name, sizeof(name));
		snprintf(why, wl, "a 12-byte header of %s type '%s' 0x%06x/0x%08x, length %u",
			 pb ? "PB-TNC message" : "PA-TNC attribute", name, vendor, type, len);
		return pb ? DUMP_AS_PBMSG : DUMP_AS_PAATTR;
	}
	snprintf(why, wl, "a 12-byte header 0x%06x/0x%08x of length %u fits both a PB-TNC message "
		 "and a PA-TNC attribute; say which with --as pb-msg or --as pa-attr", vendor, type,
		 len);
	return DUMP_AS_AUTO;
}

dump_as_t dump_guess(const uint8_t *in, size_t n, char *why, size_t wl)
{
	uint8_t b[PTTLS_HDR_LEN] = { 0 }; /* the first bytes; zeros beyond the input */
	char scratch[8];
	nea_rd_t r;

	nea_rd_init(&r, in, n);
	nea_rd_copy(&r, b, n < sizeof(b) ? n : sizeof(b));

	if (!why || !wl) {
		why = scratch;
		wl = sizeof(scratch);
	}
	if (n >= PBTNC_BATCH_HDR_LEN && b[0] == PBTNC_VERSION && (b[1] & 0x7f) == 0 && b[2] == 0 &&
	    b[3] >= PBTNC_BATCH_CDATA && b[3] <= PBTNC_BATCH_CLOSE) {
		snprintf(why, wl, "version 2 header, %s batch, batch length %u %s",
			 pbtnc_batch_type_name(b[3]), nea_get_u32(b + 4),
			 fits(nea_get_u32(b + 4), n));
		return DUMP_AS_PBTNC;
	}
	if (n >= PTTLS_HDR_LEN && b[0] == 0 && nea_get_u24(b + 1) == TNC_PEN_IETF &&
	    nea_get_u32(b + 4) <= PTTLS_ERROR && nea_get_u32(b + 8) >= PTTLS_HDR_LEN &&
	    nea_get_u32(b + 8) <= PTTLS_MAX_MESSAGE_LEN) {
		snprintf(why, wl, "16-byte header of type '%s', message length %u %s",
			 pttls_msg_type_name(TNC_PEN_IETF, nea_get_u32(b + 4)), nea_get_u32(b + 8),
			 fits(nea_get_u32(b + 8), n));
		return DUMP_AS_PTTLS;
	}
	if (n >= EAP_HDR_LEN && b[0] >= EAP_CODE_REQUEST && b[0] <= EAP_CODE_FAILURE &&
	    nea_get_u16(b + 2) == n) {
		snprintf(why, wl, "code %s, EAP length %u = input size", eap_code_name(b[0]),
			 nea_get_u16(b + 2));
		return DUMP_AS_EAP;
	}
	if (n >= EAP_TTLS_AVP_HDR_LEN && nea_get_u32(b) == EAP_TTLS_AVP_EAP_MESSAGE &&
	    (b[4] & EAP_TTLS_AVP_FLAG_M) && nea_get_u24(b + 5) >= EAP_TTLS_AVP_HDR_LEN) {
		snprintf(why, wl, "Diameter EAP-Message AVP (code 79), AVP length %u",
			 nea_get_u24(b + 5));
		return DUMP_AS_EAP_TTLS;
	}
	if (n >= 8 && b[0] == 1 && b[1] == 0 && b[2] == 0 && b[3] == 0) {
		snprintf(why, wl, "version 1 header, %zu bytes of attributes", n - 8);
		return DUMP_AS_PATNC;
	}
	if (n >= PBTNC_MSG_HDR_LEN && (b[0] & 0x7f) == 0 && nea_get_u32(b + 8) >= PBTNC_MSG_HDR_LEN &&
	    nea_get_u32(b + 8) <= n)
		return guess_tlv(in, n, b, why, wl);
	if (n < 4)
		snprintf(why, wl, "%zu bytes are too few to recognise any format", n);
	else
		snprintf(why, wl, "first bytes %02x %02x %02x %02x match no format", b[0], b[1], b[2],
			 b[3]);
	return DUMP_AS_AUTO;
}
