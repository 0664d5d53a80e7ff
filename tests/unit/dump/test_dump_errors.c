/*
 * `nea dump` on damaged input: truncation and bad fields give a negative
 * code and the offset of the byte at fault, the text up to the fault stays,
 * and - the bounded-input test - every prefix and every single-byte
 * corruption of the captures decodes or fails cleanly with an offset inside
 * the input (the sanitizer build checks that nothing reads past it).
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "dump_vec.h"
#include "nea_buf.h"

#define CAP "captures/run1_password_freshdb_"

Test(errors, truncated_batch_keeps_the_messages_that_arrived)
{
	size_t len;
	uint8_t *b = dv_load(CAP "01_pdp_recv_CDATA.hex", &len);
	dv_out_t o;

	/* cut inside the OS PB-PA message (bytes 39..257) */
	dv_dump(&o, b, 150, DUMP_AS_AUTO, DUMP_ROLE_ANY);
	cr_assert_eq(o.rc, NEA_ETRUNC, "%d %s", o.rc, o.err.msg);
	cr_assert_eq(o.err.offset, 4); /* the batch length field */
	cr_assert_not_null(strstr(o.err.msg, "366"), "%s", o.err.msg);
	dv_assert_line(&o, "cut off after 150 of its 366 bytes");
	dv_assert_line(&o, "Accept-Language: 'en'");
	dv_assert_line(&o, "IETF/PB-PA message (219 bytes) at byte 39");
	cr_assert_null(dv_line(o.text, "PA-TNC message with ID"));
	dv_assert_line(&o, "refused: a PB-TNC peer answers with PB-Error 'Invalid Parameter', offset 4");
	dv_free(&o);

	/* header cut: too short for any guess, and for a batch when told */
	dv_dump(&o, b, 5, DUMP_AS_PBTNC, DUMP_ROLE_ANY);
	cr_assert_lt(o.rc, 0);
	cr_assert_leq(o.err.offset, 5);
	dv_free(&o);
	free(b);
}

Test(errors, bad_attribute_length_inside_a_batch)
{
	size_t len;
	uint8_t *b = dv_load(CAP "01_pdp_recv_CDATA.hex", &len);
	dv_out_t o;

	/* Port Filter attribute at byte 290: its length (bytes 298..301) overruns the message */
	cr_assert_eq(nea_get_u32(b + 298), 24);
	nea_put_u32(b + 298, 200);
	dv_dump(&o, b, len, DUMP_AS_PBTNC, DUMP_ROLE_SERVER);
	cr_assert_lt(o.rc, 0);
	cr_assert_eq(o.err.offset, 298, "offset %zu: %s", o.err.offset, o.err.msg);
	/* everything before the fault was printed */
	dv_assert_line(&o, "product 'Debian 12 x86_64'");
	dv_assert_line(&o, "PA-TNC message with ID 0xf8ef22d4 (32 bytes) at byte 282");
	dv_assert_line(&o, "refused: a PA-TNC peer answers with this PA-TNC Error:");
	dv_free(&o);
	free(b);
}

Test(errors, bad_value_names_its_byte)
{
	size_t len;
	uint8_t *b = dv_load("spec/pbtnc_result_allow.hex", &len);
	dv_out_t o;

	/* Access Recommendation value (bytes 36..39) 0x0099: no such recommendation */
	cr_assert_eq(nea_get_u32(b + 36), 1);
	nea_put_u32(b + 36, 0x99);
	dv_dump(&o, b, len, DUMP_AS_PBTNC, DUMP_ROLE_CLIENT);
	cr_assert_lt(o.rc, 0);
	cr_assert_geq(o.err.offset, 36, "%zu %s", o.err.offset, o.err.msg);
	cr_assert_leq(o.err.offset, 39, "%zu %s", o.err.offset, o.err.msg);
	dv_assert_line(&o, "assessment result is 'compliant' (0)");
	dv_assert_line(&o, "IETF/PB-Access-Recommendation message (16 bytes) at byte 24");
	dv_free(&o);

	/* wrong batch version */
	nea_put_u32(b + 36, 1);
	b[0] = 1;
	dv_dump(&o, b, len, DUMP_AS_PBTNC, DUMP_ROLE_ANY);
	cr_assert_lt(o.rc, 0);
	cr_assert_eq(o.err.offset, 0);
	dv_free(&o);
	free(b);
}

Test(errors, truncated_pttls)
{
	size_t len;
	uint8_t *b = dv_load("spec/pttls_sasl_plain_selection.hex", &len);
	dv_out_t o;

	dv_dump(&o, b, 10, DUMP_AS_PTTLS, DUMP_ROLE_ANY);
	cr_assert_eq(o.rc, NEA_ETRUNC);
	cr_assert_eq(o.err.offset, 10);
	cr_assert_not_null(strstr(o.err.msg, "16 bytes needed, 10 left"), "%s", o.err.msg);
	dv_free(&o);

	dv_dump(&o, b, len - 3, DUMP_AS_PTTLS, DUMP_ROLE_ANY);
	cr_assert_eq(o.rc, NEA_ETRUNC);
	cr_assert_eq(o.err.offset, 8); /* the message length field */
	dv_assert_line(&o, "PT-TLS message #1 of type 'SASL Mechanism Selection' (31 bytes) at byte 0");
	dv_free(&o);

	/* two messages in a stream: the second one's header offset is named */
	{
		nea_wr_t w;

		nea_wr_init(&w, 0);
		nea_wr_bytes(&w, b, len);
		nea_wr_bytes(&w, b, 12);
		dv_dump(&o, w.ptr, w.len, DUMP_AS_PTTLS, DUMP_ROLE_ANY);
		cr_assert_eq(o.rc, NEA_ETRUNC);
		cr_assert_not_null(strstr(o.err.msg, "at byte 31 cut off"), "%s", o.err.msg);
		cr_assert_eq(dv_count(o.text, "PT-TLS message #1"), 1);
		dv_free(&o);
		nea_wr_free(&w);
	}
	free(b);
}

Test(errors, empty_and_unknown_inputs)
{
	static const uint8_t junk[] = { 0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00 };
	dv_out_t o;

	dv_dump(&o, junk, 0, DUMP_AS_AUTO, DUMP_ROLE_ANY);
	cr_assert_eq(o.rc, NEA_EINVAL);
	cr_assert_not_null(strstr(o.err.msg, "too few"), "%s", o.err.msg);
	dv_free(&o);
	dv_dump(&o, junk, sizeof(junk), DUMP_AS_AUTO, DUMP_ROLE_ANY);
	cr_assert_eq(o.rc, NEA_EINVAL);
	cr_assert_not_null(strstr(o.err.msg, "first bytes 7f 45 4c 46 match no format"), "%s",
			   o.err.msg);
	dv_free(&o);
	for (int as = DUMP_AS_PTTLS; as <= DUMP_AS_PAATTR; as++) {
		dv_dump(&o, junk, 0, (dump_as_t)as, DUMP_ROLE_ANY);
		cr_assert_lt(o.rc, 0, "format %d accepted an empty input", as);
		cr_assert_eq(o.err.offset, 0);
		dv_free(&o);
	}
}

static const char *const captures[] = {
	"captures/run1_password_freshdb_01_pdp_recv_CDATA.hex",
	"captures/run1_password_freshdb_02_pdp_sent_SDATA.hex",
	"captures/run1_password_freshdb_04_pdp_sent_RESULT.hex",
	"captures/run1_password_freshdb_05_pdp_recv_CLOSE.hex",
	"captures/pttls_run1_sasl_mechanisms.hex",
	"captures/pttls_run1_sasl_result.hex",
	"captures/pttls_run1_version_response.hex",
	"spec/pbpa_os_excl.hex",
	"spec/pttls_sasl_plain_selection.hex",
	"spec/tcg_seg_contract_req.hex",
};

/* Every prefix, as guessed and as each format: no crash, offsets inside the prefix. */
Test(bounded, every_prefix_of_the_captures, .timeout = 240)
{
	for (size_t f = 0; f < sizeof(captures) / sizeof(captures[0]); f++) {
		size_t len;
		uint8_t *b = dv_load(captures[f], &len);
		dump_as_t whole = dump_guess(b, len, NULL, 0);

		cr_assert_neq(whole, DUMP_AS_AUTO, "%s not recognised", captures[f]);
		for (size_t n = 0; n <= len; n++) {
			for (int as = DUMP_AS_AUTO; as <= DUMP_AS_PAATTR; as++) {
				dv_out_t o;

				dv_dump(&o, b, n, (dump_as_t)as, DUMP_ROLE_ANY);
				cr_assert_leq(o.rc, 0, "%s prefix %zu as %d: rc %d", captures[f], n, as,
					      o.rc);
				if (o.rc) {
					cr_assert_leq(o.err.offset, n, "%s prefix %zu as %d: offset %zu",
						      captures[f], n, as, o.err.offset);
					cr_assert_neq(o.err.msg[0], '\0');
				}
				/*
				 * A strict prefix of one whole element never passes as
				 * that element (as another format it may: 02 00 00 06 00
				 * 00 is also a 6-byte EAP Response).
				 */
				if (as == (int)whole && n < len)
					cr_assert_neq(o.rc, 0, "%s prefix %zu accepted", captures[f], n);
				dv_free(&o);
			}
		}
		free(b);
	}
}

/* The 21 KB CDATA: every prefix as a batch (the messages walk, not the guesses). */
Test(bounded, every_prefix_of_the_packages_batch, .timeout = 240)
{
	size_t len;
	uint8_t *b = dv_load(CAP "03_pdp_recv_CDATA.hex", &len);

	for (size_t n = 0; n < len; n += (n < 512 ? 1 : 61)) {
		dv_out_t o;

		dv_dump(&o, b, n, DUMP_AS_PBTNC, DUMP_ROLE_SERVER);
		cr_assert_lt(o.rc, 0);
		cr_assert_leq(o.err.offset, n);
		dv_free(&o);
	}
	free(b);
}

/* Every byte of a batch replaced by 0xff and by its complement. */
Test(bounded, every_corrupted_byte, .timeout = 240)
{
	static const char *const files[] = {
		CAP "01_pdp_recv_CDATA.hex",
		CAP "02_pdp_sent_SDATA.hex",
		CAP "04_pdp_sent_RESULT.hex",
	};

	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		size_t len;
		uint8_t *b = dv_load(files[f], &len);

		for (size_t i = 0; i < len; i++) {
			uint8_t keep = b[i];

			for (int k = 0; k < 2; k++) {
				dv_out_t o;

				b[i] = k ? (uint8_t)~keep : 0xff;
				dv_dump(&o, b, len, DUMP_AS_AUTO, DUMP_ROLE_ANY);
				cr_assert_leq(o.rc, 0);
				if (o.rc)
					cr_assert_leq(o.err.offset, len, "%s byte %zu: offset %zu",
						      files[f], i, o.err.offset);
				dv_free(&o);
			}
			b[i] = keep;
		}
		free(b);
	}
}
