/*
 * `nea dump` on the vectors: the captured strongSwan 5.9.14 batches and
 * PT-TLS messages decode to the lines the captures' logs and README state,
 * and the spec vectors to the meaning their comments give.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "dump_vec.h"
#include "nea_buf.h"

#define CAP "captures/run1_password_freshdb_"

static void dump_file(dv_out_t *o, const char *rel, dump_as_t as)
{
	size_t len;
	uint8_t *b = dv_load(rel, &len);

	dv_dump(o, b, len, as, DUMP_ROLE_ANY);
	free(b);
}

Test(vectors, first_cdata_os_firewall_swima)
{
	dv_out_t o;

	dump_file(&o, CAP "01_pdp_recv_CDATA.hex", DUMP_AS_AUTO);
	cr_assert_eq(o.rc, 0, "%s", o.err.msg);
	dv_assert_line(&o, "guess: PB-TNC batch (version 2 header, CDATA batch, batch length 366 = input size)");
	dv_assert_line(&o, "PB-TNC CDATA batch (366 bytes) at byte 0, version 2, client to server");
	dv_assert_line(&o, "IETF/PB-Language-Preference message (31 bytes) at byte 8, 0x000000/0x00000006");
	dv_assert_line(&o, "Accept-Language: 'en'");
	dv_assert_line(&o, "IETF/PB-PA message (219 bytes) at byte 39, 0x000000/0x00000001, flags 0x80 NOSKIP");
	dv_assert_line(&o, "PB-PA message type 'IETF/Operating System' 0x000000/0x00000001, collector 1, "
			   "validator 65535 (any)");
	dv_assert_line(&o, "PA-TNC message with ID 0x2698cf93 (195 bytes) at byte 63, version 1");
	dv_assert_line(&o, "PA-TNC attribute type 'IETF/Product Information' 0x000000/0x00000002 "
			   "(23 bytes) at byte 71");
	dv_assert_line(&o, "product vendor 9586 (Debian Project), id 0, name 'Debian'");
	dv_assert_line(&o, "version '12 x86_64'");
	dv_assert_line(&o, "version 12.0, build 0, service pack 0.0");
	dv_assert_line(&o, "operational status: operational, result: successful");
	dv_assert_line(&o, "forwarding disabled");
	dv_assert_line(&o, "PA-TNC attribute type 'ITA-HSR/Device ID' 0x00902a/0x00000008 (44 bytes) "
			   "at byte 214");
	dv_assert_line(&o, "device ID '3d1219c7c4c5404aaa1f6d2a48adfda4'");
	dv_assert_line(&o, "product 'Debian 12 x86_64'");
	/* the Scanner IMC's Port Filter: the PDP's own tcp/271 and two udp ports */
	dv_assert_line(&o, "PB-PA message type 'IETF/Firewall' 0x000000/0x00000005, collector 2");
	dv_assert_line(&o, "3 ports");
	dv_assert_line(&o, "tcp port   271 open");
	dv_assert_line(&o, "udp port 42364 open");
	dv_assert_line(&o, "udp port 52576 open");
	dv_assert_line(&o, "PA-TNC attribute type 'TCG/Segmentation Contract Request' 0x005597/0x00000021 "
			   "(20 bytes) at byte 346");
	dv_assert_line(&o, "request: no message size limit, maximum segment size of 2097080 bytes");
	/* the tree: batch, message, PB-PA header, PA-TNC message, attribute, fields */
	cr_assert_eq(dv_indent(o.text, dv_line(o.text, "PB-TNC CDATA batch")), 0);
	cr_assert_eq(dv_indent(o.text, dv_line(o.text, "IETF/PB-PA message (219")), 2);
	cr_assert_eq(dv_indent(o.text, dv_line(o.text, "PA-TNC message with ID 0x2698cf93")), 4);
	cr_assert_eq(dv_indent(o.text, dv_line(o.text, "PA-TNC attribute type 'IETF/Port Filter'")), 6);
	cr_assert_eq(dv_indent(o.text, dv_line(o.text, "tcp port   271 open")), 8);
	dv_free(&o);
}

Test(vectors, sdata_remediation_for_tcp_271)
{
	dv_out_t o;
	const char *l;

	dump_file(&o, CAP "02_pdp_sent_SDATA.hex", DUMP_AS_AUTO);
	cr_assert_eq(o.rc, 0, "%s", o.err.msg);
	dv_assert_line(&o, "PB-TNC SDATA batch (610 bytes) at byte 0, version 2, server to client");
	dv_assert_line(&o, "PB-PA message type 'IETF/SWIMA' 0x000000/0x00000009, collector 3, validator 3, EXCL");
	dv_assert_line(&o, "response: no message size limit, maximum segment size of 2097080 bytes");
	dv_assert_line(&o, "0x000000/0x00000007 'IETF/Installed Packages'");
	dv_assert_line(&o, "assessment result 1 (non-compliant minor)");
	l = dv_line(o.text, "remediation string ['en'] '<?xml");
	cr_assert_not_null(l, "%s", o.text);
	cr_assert_not_null(strstr(l, "<item>tcp/271</item>"));
	/* peer text stays on one line: the XML's line breaks are escaped */
	cr_assert(strstr(l, "\\x0a") && strchr(l, '\n') > strstr(l, "</remediationinstructions>"));
	dv_assert_line(&o, "assessment result 4 (don't know)");
	dv_free(&o);
}

Test(vectors, cdata_with_834_installed_packages)
{
	dv_out_t o;

	dump_file(&o, CAP "03_pdp_recv_CDATA.hex", DUMP_AS_AUTO);
	cr_assert_eq(o.rc, 0, "%s", o.err.msg);
	dv_assert_line(&o, "PB-TNC CDATA batch (21246 bytes) at byte 0");
	dv_assert_line(&o, "PA-TNC attribute type 'IETF/Installed Packages' 0x000000/0x00000007 "
			   "(21186 bytes) at byte 60");
	dv_assert_line(&o, "834 packages");
	dv_assert_line(&o, "'adduser' '3.134'");
	dv_assert_line(&o, "'zstd' '1.5.4+dfsg2-5'");
	/* one line per package, at the fields' depth */
	{
		const char *p = dv_line(o.text, "834 packages");
		size_t n = 0, ind = dv_indent(o.text, p);

		p = strchr(p, '\n') + 1;
		while (*p) {
			size_t k = 0;

			while (p[k] == ' ')
				k++;
			if (k != ind || p[k] != '\'')
				break;
			n++;
			p = strchr(p, '\n') + 1;
		}
		cr_assert_eq(n, 834);
	}
	dv_free(&o);
}

Test(vectors, result_denied_and_close)
{
	dv_out_t o;

	dump_file(&o, CAP "04_pdp_sent_RESULT.hex", DUMP_AS_AUTO);
	cr_assert_eq(o.rc, 0, "%s", o.err.msg);
	dv_assert_line(&o, "PB-TNC RESULT batch (138 bytes) at byte 0, version 2, server to client");
	dv_assert_line(&o, "assessment result 0 (compliant)");
	dv_assert_line(&o, "IETF/PB-Assessment-Result message (16 bytes) at byte 56, 0x000000/0x00000002, "
			   "flags 0x80 NOSKIP");
	dv_assert_line(&o, "assessment result is 'non-compliant minor' (1)");
	dv_assert_line(&o, "access recommendation is 'Access Denied' (2)");
	dv_assert_line(&o, "reason string is 'Open server ports were detected' [en]");
	dv_free(&o);

	dump_file(&o, CAP "05_pdp_recv_CLOSE.hex", DUMP_AS_AUTO);
	cr_assert_eq(o.rc, 0);
	dv_assert_line(&o, "PB-TNC CLOSE batch (8 bytes) at byte 0, version 2, client to server");
	cr_assert_eq(dv_count(o.text, ""), 2); /* guess and batch, no messages */
	dv_free(&o);
}

Test(vectors, warm_runs)
{
	static const char *const files[] = {
		"captures/run2_password_warmdb_01_pdp_recv_CDATA.hex",
		"captures/run2_password_warmdb_02_pdp_sent_RESULT.hex",
		"captures/run2_password_warmdb_03_pdp_recv_CLOSE.hex",
		"captures/run3_cert_warmdb_01_pdp_recv_CDATA.hex",
		"captures/run3_cert_warmdb_02_pdp_sent_RESULT.hex",
		"captures/run3_cert_warmdb_03_pdp_recv_CLOSE.hex",
	};
	dv_out_t o;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		dump_file(&o, files[i], DUMP_AS_AUTO);
		cr_assert_eq(o.rc, 0, "%s: %s", files[i], o.err.msg);
		if (strstr(files[i], "RESULT")) {
			dv_assert_line(&o, "PB-TNC RESULT batch (668 bytes)");
			dv_assert_line(&o, "access recommendation is 'Access Denied' (2)");
			cr_assert_eq(dv_count(o.text, "PA-TNC message with ID"), 4);
		} else if (strstr(files[i], "CDATA")) {
			dv_assert_line(&o, "product 'Debian 12 x86_64'");
		}
		dv_free(&o);
	}
}

Test(vectors, pttls_captures)
{
	dv_out_t o;

	dump_file(&o, "captures/pttls_run1_version_response.hex", DUMP_AS_AUTO);
	cr_assert_eq(o.rc, 0);
	dv_assert_line(&o, "PT-TLS message #0 of type 'Version Response' (20 bytes) at byte 0, "
			   "0x000000/0x00000002");
	dv_assert_line(&o, "selected version 1");
	dv_free(&o);

	dump_file(&o, "captures/pttls_run1_sasl_mechanisms.hex", DUMP_AS_PTTLS);
	cr_assert_eq(o.rc, 0);
	dv_assert_line(&o, "PT-TLS message #1 of type 'SASL Mechanisms' (22 bytes)");
	dv_assert_line(&o, "mechanisms 'PLAIN'");
	dv_free(&o);

	dump_file(&o, "captures/pttls_run1_sasl_mechanisms_empty.hex", DUMP_AS_AUTO);
	cr_assert_eq(o.rc, 0);
	dv_assert_line(&o, "no mechanisms: SASL authentication complete");
	dv_free(&o);

	dump_file(&o, "captures/pttls_run1_sasl_result.hex", DUMP_AS_AUTO);
	cr_assert_eq(o.rc, 0);
	dv_assert_line(&o, "result 'Success' (0)");
	dv_free(&o);
}

/* A captured batch inside a PT-TLS PB-TNC Batch message, as the TLS stream carries it. */
Test(vectors, batch_inside_pttls_offsets_count_the_stream)
{
	size_t len;
	uint8_t *b = dv_load(CAP "01_pdp_recv_CDATA.hex", &len);
	nea_wr_t w;
	dv_out_t o;
	uint8_t hdr[16] = { 0 };

	nea_put_u32(hdr + 4, 7); /* vendor IETF, type PB-TNC Batch */
	nea_put_u32(hdr + 8, (uint32_t)(len + 16));
	nea_put_u32(hdr + 12, 2);
	nea_wr_init(&w, 0);
	nea_wr_bytes(&w, hdr, 16);
	nea_wr_bytes(&w, b, len);
	cr_assert_eq(nea_wr_error(&w), 0);
	dv_dump(&o, w.ptr, w.len, DUMP_AS_AUTO, DUMP_ROLE_SERVER);
	cr_assert_eq(o.rc, 0, "%s", o.err.msg);
	dv_assert_line(&o, "PT-TLS message #2 of type 'PB-TNC Batch' (382 bytes) at byte 0");
	dv_assert_line(&o, "PB-TNC CDATA batch (366 bytes) at byte 16");
	dv_assert_line(&o, "PA-TNC attribute type 'ITA-HSR/Device ID' 0x00902a/0x00000008 (44 bytes) "
			   "at byte 230");
	cr_assert_eq(dv_indent(o.text, dv_line(o.text, "tcp port   271 open")), 10);
	dv_free(&o);

	/* the server refuses a server-to-client batch from its peer */
	nea_wr_free(&w);
	free(b);
	b = dv_load(CAP "04_pdp_sent_RESULT.hex", &len);
	dv_dump(&o, b, len, DUMP_AS_PBTNC, DUMP_ROLE_SERVER);
	cr_assert_neq(o.rc, 0);
	dv_assert_line(&o, "refused: a PB-TNC peer answers with PB-Error");
	dv_free(&o);
	dv_dump(&o, b, len, DUMP_AS_PBTNC, DUMP_ROLE_CLIENT);
	cr_assert_eq(o.rc, 0, "%s", o.err.msg);
	dv_free(&o);
	free(b);
}

Test(vectors, spec_pbtnc)
{
	dv_out_t o;

	dump_file(&o, "spec/pbtnc_result_allow.hex", DUMP_AS_AUTO);
	cr_assert_eq(o.rc, 0);
	dv_assert_line(&o, "PB-TNC RESULT batch (40 bytes) at byte 0, version 2, server to client");
	dv_assert_line(&o, "assessment result is 'compliant' (0)");
	dv_assert_line(&o, "access recommendation is 'Access Allowed' (1)");
	dv_free(&o);

	dump_file(&o, "spec/pbtnc_close_empty_client.hex", DUMP_AS_AUTO);
	cr_assert_eq(o.rc, 0);
	dv_assert_line(&o, "PB-TNC CLOSE batch (8 bytes) at byte 0, version 2, client to server");
	dv_free(&o);

	/*
	 * Constructed before PROTOCOLS.md's correction: 'en' without the
	 * "Accept-Language: " prefix strongSwan requires -> Invalid Parameter,
	 * the dump naming the value's first byte.
	 */
	dump_file(&o, "spec/pbtnc_cdata_langpref.hex", DUMP_AS_AUTO);
	cr_assert_eq(o.rc, NEA_EINVAL, "%d %s", o.rc, o.err.msg);
	cr_assert_eq(o.err.offset, 20);
	cr_assert_not_null(strstr(o.err.msg, "Accept-Language: "));
	dv_assert_line(&o, "IETF/PB-Language-Preference message (14 bytes) at byte 8");
	dv_assert_line(&o, "refused value (2 bytes): 656e");
	dv_assert_line(&o, "refused: a PB-TNC peer answers with PB-Error 'Invalid Parameter'");
	dv_free(&o);
}

Test(vectors, spec_patnc_and_pbpa)
{
	dv_out_t o;

	dump_file(&o, "spec/patnc_attr_request_os.hex", DUMP_AS_AUTO);
	cr_assert_eq(o.rc, 0);
	dv_assert_line(&o, "PA-TNC message with ID 0x01020304 (76 bytes) at byte 0, version 1");
	dv_assert_line(&o, "7 attribute types requested");
	dv_assert_line(&o, "0x00902a/0x00000008 'ITA-HSR/Device ID'");
	dv_free(&o);

	/* a bare PB-PA message is recognised and decoded down to the attributes */
	dump_file(&o, "spec/pbpa_os_excl.hex", DUMP_AS_AUTO);
	cr_assert_eq(o.rc, 0, "%s", o.err.msg);
	dv_assert_line(&o, "guess: PB-TNC messages (a PB-PA message header");
	dv_assert_line(&o, "IETF/PB-PA message (100 bytes) at byte 0, 0x000000/0x00000001, flags 0x80 NOSKIP");
	dv_assert_line(&o, "PB-PA message type 'IETF/Operating System' 0x000000/0x00000001, collector "
			   "65535 (any), validator 1, EXCL");
	dv_assert_line(&o, "PA-TNC message with ID 0x01020304 (76 bytes) at byte 24");
	dv_assert_line(&o, "PA-TNC attribute type 'IETF/Attribute Request' 0x000000/0x00000001 (68 bytes) "
			   "at byte 32");
	cr_assert_null(dv_line(o.text, "PB-TNC RESULT batch"), "synthetic header printed");
	cr_assert_eq(dv_indent(o.text, dv_line(o.text, "IETF/PB-PA message")), 0);
	dv_free(&o);

	dump_file(&o, "spec/tcg_seg_contract_req.hex", DUMP_AS_AUTO);
	cr_assert_eq(o.rc, 0, "%s", o.err.msg);
	dv_assert_line(&o, "PA-TNC attribute type 'TCG/Segmentation Contract Request' 0x005597/0x00000021 "
			   "(20 bytes) at byte 0");
	dv_assert_line(&o, "request: maximum message size of 100000000 bytes, maximum segment size of "
			   "32698 bytes");
	dv_free(&o);
}

Test(vectors, spec_pttls)
{
	dv_out_t o;

	dump_file(&o, "spec/pttls_version_request.hex", DUMP_AS_AUTO);
	cr_assert_eq(o.rc, 0);
	dv_assert_line(&o, "min version 1, max version 1, preferred version 1");
	dv_free(&o);

	/* the password never shows, only its length */
	dump_file(&o, "spec/pttls_sasl_plain_selection.hex", DUMP_AS_AUTO);
	cr_assert_eq(o.rc, 0);
	dv_assert_line(&o, "mechanism 'PLAIN'");
	dv_assert_line(&o, "initial response: SASL PLAIN authzid '' authcid 'carol' password (2 bytes, "
			   "not shown)");
	dv_free(&o);
}

/*
 * The first-segment vectors from strongSwan's test_imcv_seg.c, read as
 * bare attribute headers, give the outcomes the vectors' README states.
 */
Test(vectors, spec_first_segment_headers)
{
	static const struct {
		const char *file;
		int ok;              /* accepted (possibly skipping) */
		const char *line;    /* a line that must be there */
		size_t offset;       /* error offset when refused */
	} v[] = {
		{ "spec/seg_first_invalid_len_short.hex", 0, "error 'Invalid Parameter'", 8 },
		{ "spec/seg_first_reserved_vendor.hex", 0, "error 'Invalid Parameter'", 1 },
		{ "spec/seg_first_reserved_type.hex", 0, "error 'Invalid Parameter'", 4 },
		{ "spec/seg_first_unknown_noskip.hex", 0, "error 'Attribute Type Not Supported'", 0 },
		{ "spec/seg_first_unknown_skip.hex", 1, "unknown type, skipped; value (0 bytes)", 0 },
		{ "spec/seg_first_ietf_pa_tnc_error_len12.hex", 1,
		  "malformed value at byte 12: ", 0 },
		{ "spec/seg_first_ietf_string_version_len12.hex", 0, "error 'Invalid Parameter'", 12 },
	};
	dv_out_t o;

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		dump_file(&o, v[i].file, DUMP_AS_PAATTR);
		cr_assert_eq(o.rc == 0, v[i].ok, "%s: rc %d %s", v[i].file, o.rc, o.err.msg);
		dv_assert_line(&o, v[i].line);
		if (!v[i].ok) {
			cr_assert_eq(o.err.offset, v[i].offset, "%s: offset %zu", v[i].file,
				     o.err.offset);
			dv_assert_line(&o, "refused: a PA-TNC peer answers with this PA-TNC Error");
		}
		dv_free(&o);
	}
	/* an error about an error is never answered */
	dump_file(&o, "spec/seg_first_ietf_pa_tnc_error_len12.hex", DUMP_AS_PAATTR);
	cr_assert_not_null(strstr(o.text, "(ignored: an error is never answered with an error)"));
	cr_assert_null(dv_line(o.text, "refused:"));
	dv_free(&o);
}
