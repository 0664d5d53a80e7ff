#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nea_buf.h"
#include "nea_err.h"
#include "pbtnc_batch.h"
#include "tnc_names.h"
#include "vec.h"

static pbtnc_recv_opts_t as_server = { .is_server = true };
static pbtnc_recv_opts_t as_client = { .is_server = false };

/* Parse expecting failure; check NEA code, PB-Error code and offset. */
static void expect_reject(const uint8_t *b, size_t len, const pbtnc_recv_opts_t *o, int code,
			  uint16_t pb_code, uint32_t offset)
{
	pbtnc_batch_t batch;
	pbtnc_error_t reply;
	nea_perr_t err;
	int rc = pbtnc_batch_parse(b, len, o, &batch, &reply, &err);

	cr_assert_eq(rc, code, "rc %d (%s) want %d: %s", rc, nea_strerror(rc), code, err.msg);
	cr_assert_eq(reply.code, pb_code, "PB-Error code %u want %u (%s)", reply.code, pb_code,
		     err.msg);
	cr_assert(reply.fatal);
	cr_assert_eq(reply.vendor, TNC_PEN_IETF);
	if (pb_code != PBTNC_ERR_VERSION_NOT_SUPPORTED) {
		cr_assert_eq(reply.offset, offset, "PB-Error offset %u want %u (%s)", reply.offset,
			     offset, err.msg);
		cr_assert_eq(err.offset, offset);
	}
	cr_assert_null(batch.msgs);
}

/* ---------------------------------------------------------------- vectors */

Test(pbtnc_batch, vector_close_empty_client)
{
	vec_t v;
	pbtnc_batch_t b;
	nea_perr_t err;

	cr_assert(vec_load("spec/pbtnc_close_empty_client.hex", &v));
	cr_assert(strstr(v.comment, "empty PB-TNC CLOSE(6) batch from client"));
	cr_assert_eq(v.len, 8);
	cr_assert_eq(pbtnc_batch_parse(v.data, v.len, &as_server, &b, NULL, &err), 0);
	cr_assert_eq(b.hdr.version, 2);
	cr_assert_not(b.hdr.from_server);
	cr_assert_eq(b.hdr.type, PBTNC_BATCH_CLOSE);
	cr_assert_eq(b.hdr.length, 8);
	cr_assert(b.empty);
	cr_assert_eq(b.n_msgs, 0);
	pbtnc_batch_free(&b);
	vec_free(&v);
}

Test(pbtnc_batch, vector_result_allow)
{
	vec_t v;
	pbtnc_batch_t b;
	nea_perr_t err;
	uint8_t *again;
	size_t again_len, added;

	cr_assert(vec_load("spec/pbtnc_result_allow.hex", &v));
	cr_assert(strstr(v.comment, "total 40 bytes"));
	cr_assert_eq(v.len, 40);
	cr_assert_eq(pbtnc_batch_parse(v.data, v.len, &as_client, &b, NULL, &err), 0, "%s",
		     err.msg);
	cr_assert(b.hdr.from_server);
	cr_assert_eq(b.hdr.type, PBTNC_BATCH_RESULT);
	cr_assert_eq(b.n_msgs, 2);
	cr_assert_eq(b.msgs[0].kind, PBTNC_KIND_ASSESSMENT_RESULT);
	cr_assert_eq(b.msgs[0].flags, 0x80);
	cr_assert_eq(b.msgs[0].u.assessment, TNC_EVAL_COMPLIANT);
	cr_assert_eq(b.msgs[1].kind, PBTNC_KIND_ACCESS_RECOMMENDATION);
	cr_assert_eq(b.msgs[1].flags, 0x00);
	cr_assert_eq(b.msgs[1].u.access, PBTNC_ACCESS_ALLOWED);
	cr_assert_eq(pbtnc_batch_build(true, PBTNC_BATCH_RESULT, b.msgs, b.n_msgs, 0, &again,
				       &again_len, &added), 0);
	cr_assert_eq(added, 2);
	cr_assert_eq(again_len, v.len);
	cr_assert_eq(memcmp(again, v.data, v.len), 0);
	free(again);
	pbtnc_batch_free(&b);
	vec_free(&v);
}

/*
 * pbtnc_cdata_langpref.hex was constructed from an earlier draft that
 * carried the bare language tag. Its headers decode as its comment says,
 * but PROTOCOLS.md §3.4 (corrected from strongSwan 5.9.14 source and the
 * captures) requires the "Accept-Language: " prefix, so a strongSwan server
 * rejects the message: Invalid Parameter at message offset 8 + value
 * offset 0.
 */
Test(pbtnc_batch, vector_cdata_langpref_decodes_but_lacks_the_prefix)
{
	vec_t v;
	pbtnc_batch_hdr_t h;
	nea_perr_t err;

	cr_assert(vec_load("spec/pbtnc_cdata_langpref.hex", &v));
	cr_assert(strstr(v.comment, "CDATA(1), len 22"));
	cr_assert_eq(pbtnc_batch_hdr_parse(v.data, v.len, &h, &err), 0);
	cr_assert_eq(h.version, 2);
	cr_assert_not(h.from_server);
	cr_assert_eq(h.type, PBTNC_BATCH_CDATA);
	cr_assert_eq(h.length, 22);
	cr_assert_eq(v.len, 22);
	cr_assert_eq(v.data[8], 0x00, "no NOSKIP");
	cr_assert_eq(nea_get_u24(v.data + 9), 0);
	cr_assert_eq(nea_get_u32(v.data + 12), PBTNC_MSG_LANGUAGE_PREFERENCE);
	cr_assert_eq(nea_get_u32(v.data + 16), 14);
	cr_assert_eq(memcmp(v.data + 20, "en", 2), 0);
	expect_reject(v.data, v.len, &as_server, NEA_EINVAL, PBTNC_ERR_INVALID_PARAMETER, 8);
	vec_free(&v);
}

Test(pbtnc_batch, vector_pbpa_os_excl_message)
{
	vec_t v;
	uint8_t *batch;
	pbtnc_batch_t b;
	nea_perr_t err;
	nea_wr_t w;
	size_t len;

	cr_assert(vec_load("spec/pbpa_os_excl.hex", &v));
	cr_assert(strstr(v.comment, "collector 0xffff"));
	len = 8 + v.len;
	batch = malloc(len);
	memcpy(batch, "\x02\x80\x00\x02", 4);
	nea_put_u32(batch + 4, (uint32_t)len);
	memcpy(batch + 8, v.data, v.len);
	cr_assert_eq(pbtnc_batch_parse(batch, len, &as_client, &b, NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(b.n_msgs, 1);
	cr_assert_eq(b.msgs[0].kind, PBTNC_KIND_PA);
	cr_assert_eq(b.msgs[0].flags, 0x80);
	cr_assert(b.msgs[0].u.pa.excl);
	cr_assert_eq(b.msgs[0].u.pa.vendor, 0);
	cr_assert_eq(b.msgs[0].u.pa.subtype, 1);
	cr_assert_eq(b.msgs[0].u.pa.collector, 0xffff);
	cr_assert_eq(b.msgs[0].u.pa.validator, 1);
	cr_assert_eq(b.msgs[0].u.pa.body_len, v.len - 24);
	cr_assert_eq(b.msgs[0].u.pa.body[0], 1, "PA-TNC version 1");
	nea_wr_init(&w, 0);
	cr_assert_eq(pbtnc_msg_build(&w, &b.msgs[0]), 0);
	cr_assert_eq(w.len, v.len);
	cr_assert_eq(memcmp(w.ptr, v.data, v.len), 0);
	nea_wr_free(&w);
	pbtnc_batch_free(&b);
	free(batch);
	vec_free(&v);
}

/* --------------------------------------------------------------- captures */

typedef struct {
	char line[512];
} sline_t;

/* Check one parsed message against one "   msg ..." line of summary.txt. */
static void check_summary_msg(const char *file, size_t idx, const pbtnc_msg_t *m, const char *line)
{
	unsigned flags, len;
	char name[64];
	char buf[512];

	cr_assert_eq(sscanf(line, " msg flags=0x%x %63s len=%u", &flags, name, &len), 3,
		     "%s: bad summary line '%s'", file, line);
	cr_assert_eq(m->flags, flags, "%s msg %zu flags", file, idx);
	cr_assert_str_eq(pbtnc_msg_type_name(m->vendor, m->type), name, "%s msg %zu", file, idx);
	cr_assert_eq(m->value_len + 12, len, "%s msg %zu length", file, idx);
	if (m->kind == PBTNC_KIND_PA) {
		unsigned vendor, subtype, imc, imv, pa_len;
		char sub[64];
		const char *p = strstr(line, " PA 0x");

		cr_assert_not_null(p);
		cr_assert_eq(sscanf(p, " PA 0x%x/0x%x (%63[^)]) imc/imv=%u/%u pa_len=%u", &vendor,
				    &subtype, sub, &imc, &imv, &pa_len), 6, "%s: '%s'", file, line);
		cr_assert_eq(m->u.pa.vendor, vendor);
		cr_assert_eq(m->u.pa.subtype, subtype);
		cr_assert_str_eq(pa_subtype_name(vendor, subtype), sub);
		cr_assert_eq(m->u.pa.collector, imc, "%s msg %zu imc", file, idx);
		cr_assert_eq(m->u.pa.validator, imv, "%s msg %zu imv", file, idx);
		cr_assert_eq(m->u.pa.body_len, pa_len);
		cr_assert_eq(m->u.pa.excl, imc != 0xffff && imv != 0xffff,
			     "captures: replies to a known IMC carry EXCL");
	} else if (m->kind == PBTNC_KIND_LANGUAGE_PREFERENCE) {
		snprintf(buf, sizeof(buf), "'Accept-Language: %.*s'", (int)m->u.lang.lang_len,
			 m->u.lang.lang);
		cr_assert(strstr(line, buf), "%s: want %s in '%s'", file, buf, line);
	} else if (m->kind == PBTNC_KIND_ASSESSMENT_RESULT) {
		snprintf(buf, sizeof(buf), "value=%u", m->u.assessment);
		cr_assert(strstr(line, buf));
	} else if (m->kind == PBTNC_KIND_ACCESS_RECOMMENDATION) {
		snprintf(buf, sizeof(buf), "value=%u", m->u.access);
		cr_assert(strstr(line, buf));
	} else if (m->kind == PBTNC_KIND_REASON_STRING) {
		snprintf(buf, sizeof(buf), "'%.*s\\x%02zx%.*s'", (int)m->u.reason.reason_len,
			 m->u.reason.reason, m->u.reason.lang_len, (int)m->u.reason.lang_len,
			 m->u.reason.lang);
		cr_assert(strstr(line, buf), "%s: want %s in '%s'", file, buf, line);
	} else {
		cr_assert_fail("%s: unexpected message kind %d", file, m->kind);
	}
}

Test(pbtnc_batch, captures_match_summary_and_rebuild_identically)
{
	char *summary = vec_read_text("captures/summary.txt", NULL);
	char *line, *save = NULL;
	char file[256] = "";
	vec_t v = { 0 };
	pbtnc_batch_t b = { 0 };
	size_t next_msg = 0, files = 0, msgs_checked = 0;
	bool have = false, truncated = false;

	cr_assert_not_null(summary);
	for (line = strtok_r(summary, "\n", &save);; line = strtok_r(NULL, "\n", &save)) {
		bool header = line && strstr(line, ".hex: ver=");

		if ((!line || header) && have) {
			/* finish the previous file */
			if (!truncated)
				cr_assert_eq(next_msg, b.n_msgs, "%s: summary lists %zu of %zu", file,
					     next_msg, b.n_msgs);
			pbtnc_batch_free(&b);
			vec_free(&v);
			have = false;
		}
		if (!line)
			break;
		if (header) {
			char rel[300], dir[8], type[16];
			unsigned ver, len;
			pbtnc_recv_opts_t opts = { 0 };
			nea_perr_t err;
			uint8_t *again;
			size_t again_len, added;

			cr_assert_eq(sscanf(line, "%255[^:]: ver=%u dir=%7s type=%15s len=%u", file, &ver,
					    dir, type, &len), 5);
			snprintf(rel, sizeof(rel), "captures/%s", file);
			if (!vec_load(rel, &v))
				continue; /* summary also lists runs not shipped as vectors */
			have = true;
			truncated = false;
			next_msg = 0;
			files++;
			cr_assert_eq(v.len, len, "%s", file);
			opts.is_server = strcmp(dir, "C->S") == 0;
			cr_assert_eq(pbtnc_batch_parse(v.data, v.len, &opts, &b, NULL, &err), 0,
				     "%s: %s at %zu", file, err.msg, err.offset);
			cr_assert_eq(b.hdr.version, ver);
			cr_assert_eq(b.hdr.from_server, !opts.is_server);
			cr_assert_str_eq(pbtnc_batch_type_name(b.hdr.type), type, "%s", file);
			/* rebuild from the parsed messages: identical bytes */
			cr_assert_eq(pbtnc_batch_build(b.hdr.from_server, b.hdr.type, b.msgs, b.n_msgs,
						       0, &again, &again_len, &added), 0);
			cr_assert_eq(added, b.n_msgs);
			cr_assert_eq(again_len, v.len, "%s", file);
			cr_assert_eq(memcmp(again, v.data, v.len), 0, "%s rebuilt differs", file);
			free(again);
			continue;
		}
		if (!have)
			continue;
		if (strcmp(line, "--") == 0) {
			truncated = true; /* summary.txt elides the rest of this batch */
			continue;
		}
		if (strstr(line, " msg ")) {
			cr_assert(next_msg < b.n_msgs, "%s: more summary lines than messages", file);
			check_summary_msg(file, next_msg, &b.msgs[next_msg], line);
			next_msg++;
			msgs_checked++;
		}
	}
	cr_assert_eq(files, 11, "all shipped capture batches checked");
	cr_assert_eq(msgs_checked, 29, "messages listed for run1..run3");
	free(summary);
}

/* The RESULT batch elided in summary.txt: its tail checked against the log. */
Test(pbtnc_batch, capture_run2_result_tail)
{
	vec_t v;
	pbtnc_batch_t b;
	nea_perr_t err;

	cr_assert(vec_load("captures/run2_password_warmdb_02_pdp_sent_RESULT.hex", &v));
	cr_assert_eq(pbtnc_batch_parse(v.data, v.len, &as_client, &b, NULL, &err), 0);
	cr_assert_eq(b.n_msgs, 7);
	cr_assert_eq(b.msgs[4].kind, PBTNC_KIND_ASSESSMENT_RESULT);
	cr_assert_eq(b.msgs[5].kind, PBTNC_KIND_ACCESS_RECOMMENDATION);
	cr_assert_eq(b.msgs[6].kind, PBTNC_KIND_REASON_STRING);
	cr_assert_eq(b.msgs[6].u.reason.lang_len, 2);
	pbtnc_batch_free(&b);
	vec_free(&v);
}

/* The same capture walked through the state machine as both roles. */
Test(pbtnc_batch, capture_run1_session_with_state)
{
	static const char *files[] = {
		"captures/run1_password_freshdb_01_pdp_recv_CDATA.hex",
		"captures/run1_password_freshdb_02_pdp_sent_SDATA.hex",
		"captures/run1_password_freshdb_03_pdp_recv_CDATA.hex",
		"captures/run1_password_freshdb_04_pdp_sent_RESULT.hex",
		"captures/run1_password_freshdb_05_pdp_recv_CLOSE.hex",
	};
	pbtnc_state_t state = PBTNC_STATE_INIT;
	size_t i;

	for (i = 0; i < 5; i++) {
		vec_t v;
		pbtnc_batch_t b;
		nea_perr_t err;
		pbtnc_recv_opts_t o = { .is_server = (i % 2) == 0, .state = &state };

		cr_assert(vec_load(files[i], &v));
		cr_assert_eq(pbtnc_batch_parse(v.data, v.len, &o, &b, NULL, &err), 0, "%s", err.msg);
		state = b.next_state;
		pbtnc_batch_free(&b);
		vec_free(&v);
	}
	cr_assert_eq(state, PBTNC_STATE_END);
}

/* Every prefix of every captured batch is rejected cleanly. */
Test(pbtnc_batch, capture_prefixes_are_rejected)
{
	static const char *files[] = {
		"captures/run1_password_freshdb_01_pdp_recv_CDATA.hex",
		"captures/run1_password_freshdb_04_pdp_sent_RESULT.hex",
		"captures/run2_password_warmdb_02_pdp_sent_RESULT.hex",
	};
	size_t f, n;

	for (f = 0; f < 3; f++) {
		vec_t v;
		pbtnc_recv_opts_t o = { .is_server = f == 0 };

		cr_assert(vec_load(files[f], &v));
		for (n = 0; n < v.len; n++) {
			uint8_t *copy = malloc(n ? n : 1);
			pbtnc_batch_t b;
			pbtnc_error_t reply;
			nea_perr_t err;
			int rc;

			memcpy(copy, v.data, n);
			rc = pbtnc_batch_parse(copy, n, &o, &b, &reply, &err);
			cr_assert(rc < 0);
			cr_assert_eq(reply.code, PBTNC_ERR_INVALID_PARAMETER);
			cr_assert_eq(reply.offset, n < 8 ? 0u : 4u, "prefix %zu", n);
			free(copy);
		}
		vec_free(&v);
	}
}

/* With the batch length patched to match, truncating the last message
 * makes its length exceed the container: offset of that message + 8. */
Test(pbtnc_batch, message_longer_than_batch)
{
	vec_t v;
	size_t last = 8 + 31 + 219 + 56; /* offset of the 4th message in 01_CDATA */
	uint8_t *copy;

	cr_assert(vec_load("captures/run1_password_freshdb_01_pdp_recv_CDATA.hex", &v));
	copy = malloc(v.len);
	memcpy(copy, v.data, v.len);
	nea_put_u32(copy + 4, (uint32_t)(v.len - 1));
	expect_reject(copy, v.len - 1, &as_server, NEA_ETOOBIG, PBTNC_ERR_INVALID_PARAMETER,
		      (uint32_t)last + 8);
	/* fewer than 12 bytes left for a header */
	nea_put_u32(copy + 4, (uint32_t)(last + 11));
	expect_reject(copy, last + 11, &as_server, NEA_ETRUNC, PBTNC_ERR_INVALID_PARAMETER,
		      (uint32_t)last);
	/* a huge message length that would wrap 32-bit arithmetic */
	memcpy(copy, v.data, v.len);
	nea_put_u32(copy + last + 8, 0xfffffff8u);
	expect_reject(copy, v.len, &as_server, NEA_ETOOBIG, PBTNC_ERR_INVALID_PARAMETER,
		      (uint32_t)last + 8);
	free(copy);
	vec_free(&v);
}

/* ------------------------------------------------------- header rejections */

Test(pbtnc_batch, header_rejections)
{
	uint8_t b[8] = { 2, 0x00, 0, 6, 0, 0, 0, 8 };

	expect_reject(b, 7, &as_server, NEA_ETRUNC, PBTNC_ERR_INVALID_PARAMETER, 0);
	expect_reject(b, 0, &as_server, NEA_ETRUNC, PBTNC_ERR_INVALID_PARAMETER, 0);
	/* D bit equal to own role: a server receiving a server batch */
	b[1] = 0x80;
	expect_reject(b, 8, &as_server, NEA_EINVAL, PBTNC_ERR_INVALID_PARAMETER, 1);
	b[1] = 0x00;
	expect_reject(b, 8, &as_client, NEA_EINVAL, PBTNC_ERR_INVALID_PARAMETER, 1);
	/* type 7 and 15 */
	b[3] = 7;
	expect_reject(b, 8, &as_server, NEA_EINVAL, PBTNC_ERR_INVALID_PARAMETER, 3);
	b[3] = 0x0f;
	expect_reject(b, 8, &as_server, NEA_EINVAL, PBTNC_ERR_INVALID_PARAMETER, 3);
	b[3] = 6;
	/* batch length != received */
	b[7] = 9;
	expect_reject(b, 8, &as_server, NEA_ETRUNC, PBTNC_ERR_INVALID_PARAMETER, 4);
	b[7] = 7;
	expect_reject(b, 8, &as_server, NEA_EINVAL, PBTNC_ERR_INVALID_PARAMETER, 4);
}

Test(pbtnc_batch, wrong_version_echoed_in_version_not_supported)
{
	static const uint8_t versions[] = { 0, 1, 3, 0xff };
	size_t i;

	for (i = 0; i < sizeof(versions); i++) {
		uint8_t b[8] = { versions[i], 0, 0, 6, 0, 0, 0, 8 };
		pbtnc_batch_t batch;
		pbtnc_error_t reply;
		nea_perr_t err;
		nea_wr_t w;

		cr_assert_eq(pbtnc_batch_parse(b, 8, &as_server, &batch, &reply, &err), NEA_EVERSION);
		cr_assert_eq(reply.code, PBTNC_ERR_VERSION_NOT_SUPPORTED);
		cr_assert_eq(reply.bad_version, versions[i]);
		cr_assert_eq(reply.max_version, 2);
		cr_assert_eq(reply.min_version, 2);
		/* and the reply encodes as strongSwan's 8+4 byte form */
		nea_wr_init(&w, 0);
		cr_assert_eq(pbtnc_error_build(&w, &reply), 0);
		cr_assert_eq(w.len, 12);
		cr_assert_eq(w.ptr[8], versions[i]);
		nea_wr_free(&w);
	}
}

Test(pbtnc_batch, reserved_header_bits_are_ignored_on_receipt)
{
	/* reserved bits in byte 1, byte 2 and the high nibble of byte 3 */
	uint8_t b[8] = { 2, 0x7f, 0xff, 0xf6, 0, 0, 0, 8 };
	pbtnc_batch_t batch;
	nea_perr_t err;

	cr_assert_eq(pbtnc_batch_parse(b, 8, &as_server, &batch, NULL, &err), 0);
	cr_assert_eq(batch.hdr.type, PBTNC_BATCH_CLOSE);
	cr_assert_not(batch.hdr.from_server);
}

Test(pbtnc_batch, mutual_mode_skips_the_direction_check)
{
	uint8_t b[8] = { 2, 0x80, 0, 2, 0, 0, 0, 8 };
	pbtnc_recv_opts_t o = { .is_server = true, .ignore_direction = true };
	pbtnc_batch_t batch;
	nea_perr_t err;

	cr_assert_eq(pbtnc_batch_parse(b, 8, &o, &batch, NULL, &err), 0);
	cr_assert(batch.hdr.from_server);
}

Test(pbtnc_batch, batch_over_max_batch_size_is_rejected)
{
	uint8_t b[8 + 31];
	pbtnc_recv_opts_t o = { .is_server = true, .max_batch_size = 38 };
	pbtnc_batch_t batch;
	nea_perr_t err;

	memcpy(b, "\x02\x00\x00\x01\x00\x00\x00\x27", 8);
	memcpy(b + 8, "\x00\x00\x00\x00\x00\x00\x00\x06\x00\x00\x00\x1f" "Accept-Language: en", 31);
	expect_reject(b, sizeof(b), &o, NEA_ETOOBIG, PBTNC_ERR_INVALID_PARAMETER, 4);
	o.max_batch_size = 39;
	cr_assert_eq(pbtnc_batch_parse(b, sizeof(b), &o, &batch, NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(batch.n_msgs, 1);
	pbtnc_batch_free(&batch);
	/* a declared length over the limit is refused before comparing lengths */
	nea_put_u32(b + 4, 0x7fffffff);
	expect_reject(b, sizeof(b), &o, NEA_ETOOBIG, PBTNC_ERR_INVALID_PARAMETER, 4);
}

Test(pbtnc_batch, batch_type_zero_is_unexpected_in_every_state)
{
	uint8_t b[8] = { 2, 0x00, 0x06, 0x00, 0, 0, 0, 8 };
	pbtnc_state_t s;

	expect_reject(b, 8, &as_server, NEA_ESTATE, PBTNC_ERR_UNEXPECTED_BATCH_TYPE, 0);
	for (s = PBTNC_STATE_INIT; s <= PBTNC_STATE_END; s++) {
		pbtnc_recv_opts_t o = { .is_server = true, .state = &s };

		expect_reject(b, 8, &o, NEA_ESTATE, PBTNC_ERR_UNEXPECTED_BATCH_TYPE, 0);
	}
	/* the length check still comes first */
	b[7] = 9;
	expect_reject(b, 8, &as_server, NEA_ETRUNC, PBTNC_ERR_INVALID_PARAMETER, 4);
}

Test(pbtnc_batch, unexpected_batch_type_for_state)
{
	uint8_t b[8] = { 2, 0x80, 0, 3, 0, 0, 0, 8 }; /* RESULT from server */
	pbtnc_state_t s = PBTNC_STATE_INIT;
	pbtnc_recv_opts_t o = { .is_server = false, .state = &s };

	expect_reject(b, 8, &o, NEA_ESTATE, PBTNC_ERR_UNEXPECTED_BATCH_TYPE, 0);
	/* a bad message does not mask the state error (state checked first) */
	s = PBTNC_STATE_CLIENT_WORKING;
	expect_reject(b, 8, &o, NEA_ESTATE, PBTNC_ERR_UNEXPECTED_BATCH_TYPE, 0);
	s = PBTNC_STATE_SERVER_WORKING;
	{
		pbtnc_batch_t batch;
		nea_perr_t err;

		cr_assert_eq(pbtnc_batch_parse(b, 8, &o, &batch, NULL, &err), 0);
		cr_assert_eq(batch.next_state, PBTNC_STATE_DECIDED);
	}
}

/* ------------------------------------------------------ message rejections */

/* Build a one-message batch from raw message bytes. */
static uint8_t *wrap(bool from_server, uint8_t type, const uint8_t *m, size_t mlen, size_t *len)
{
	uint8_t *b = malloc(8 + mlen);

	b[0] = 2;
	b[1] = from_server ? 0x80 : 0;
	b[2] = 0;
	b[3] = type;
	nea_put_u32(b + 4, (uint32_t)(8 + mlen));
	memcpy(b + 8, m, mlen);
	*len = 8 + mlen;
	return b;
}

static void reject_msg(bool from_server, uint8_t type, const void *m, size_t mlen, int code,
		       uint16_t pb_code, uint32_t off)
{
	size_t len;
	uint8_t *b = wrap(from_server, type, m, mlen, &len);

	expect_reject(b, len, from_server ? &as_client : &as_server, code, pb_code, off);
	free(b);
}

#define RAW(...) ((const uint8_t[]){ __VA_ARGS__ }), sizeof((const uint8_t[]){ __VA_ARGS__ })

Test(pbtnc_batch, message_header_rejections)
{
	/* reserved vendor -> +1 */
	reject_msg(false, 1, RAW(0x00, 0xff, 0xff, 0xff, 0, 0, 0, 6, 0, 0, 0, 12), NEA_EINVAL,
		   PBTNC_ERR_INVALID_PARAMETER, 9);
	/* reserved type -> +4 */
	reject_msg(false, 1, RAW(0x00, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 12), NEA_EINVAL,
		   PBTNC_ERR_INVALID_PARAMETER, 12);
	/* length > remaining -> +8 (checked before the reserved values) */
	reject_msg(false, 1, RAW(0x00, 0xff, 0xff, 0xff, 0, 0, 0, 6, 0, 0, 0, 13), NEA_ETOOBIG,
		   PBTNC_ERR_INVALID_PARAMETER, 16);
	/* PB-Experimental with NOSKIP -> Unsupported Mandatory Message */
	reject_msg(false, 1, RAW(0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12), NEA_EUNSUPPORTED,
		   PBTNC_ERR_UNSUPPORTED_MANDATORY_MSG, 8);
	/* unknown type with NOSKIP */
	reject_msg(false, 1, RAW(0x80, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 12), NEA_EUNSUPPORTED,
		   PBTNC_ERR_UNSUPPORTED_MANDATORY_MSG, 8);
	reject_msg(true, 2, RAW(0x80, 0x00, 0x90, 0x2a, 0, 0, 0, 0, 0, 0, 0, 12), NEA_EUNSUPPORTED,
		   PBTNC_ERR_UNSUPPORTED_MANDATORY_MSG, 8); /* ITA PB-Noskip-Test */
	/* unknown type with length < 12 -> +8 */
	reject_msg(false, 1, RAW(0x00, 0x12, 0x34, 0x56, 0, 0, 0, 1, 0, 0, 0, 11), NEA_EINVAL,
		   PBTNC_ERR_INVALID_PARAMETER, 16);
	/* known type with length 0 (would underflow value length) */
	reject_msg(false, 1, RAW(0x00, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0), NEA_ETRUNC,
		   PBTNC_ERR_INVALID_PARAMETER, 8);
}

Test(pbtnc_batch, known_type_flag_and_length_rejections)
{
	/* PB-PA without NOSKIP */
	reject_msg(false, 1, RAW(0x00, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 24, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1,
				 0xff, 0xff),
		   NEA_EINVAL, PBTNC_ERR_INVALID_PARAMETER, 8);
	/* PB-Access-Recommendation with NOSKIP */
	reject_msg(true, 3, RAW(0x80, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 16, 0, 0, 0, 1), NEA_EINVAL,
		   PBTNC_ERR_INVALID_PARAMETER, 8);
	/* PB-PA too short (23) */
	reject_msg(false, 1, RAW(0x80, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 23, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1,
				 0xff),
		   NEA_ETRUNC, PBTNC_ERR_INVALID_PARAMETER, 8);
	/* PB-Assessment-Result not exactly 16 */
	reject_msg(true, 3, RAW(0x80, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 17, 0, 0, 0, 1, 0), NEA_EINVAL,
		   PBTNC_ERR_INVALID_PARAMETER, 8);
	/* PB-Reason-String shorter than 17 */
	reject_msg(true, 3, RAW(0x00, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 16, 0, 0, 0, 0), NEA_ETRUNC,
		   PBTNC_ERR_INVALID_PARAMETER, 8);
}

Test(pbtnc_batch, value_errors_use_strongswans_offset_arithmetic)
{
	/* second message: PB-PA with reserved PA vendor; message at 8+31=39 -> 39+1 */
	uint8_t m[31 + 24];

	memcpy(m, "\x00\x00\x00\x00\x00\x00\x00\x06\x00\x00\x00\x1f" "Accept-Language: en", 31);
	memcpy(m + 31, "\x80\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x18"
		       "\x00\xff\xff\xff\x00\x00\x00\x01\x00\x01\xff\xff", 24);
	reject_msg(false, 1, m, sizeof(m), NEA_EINVAL, PBTNC_ERR_INVALID_PARAMETER, 40);
	/* access recommendation 7 -> message offset + 2 */
	reject_msg(true, 3, RAW(0x00, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 16, 0, 0, 0, 7), NEA_EINVAL,
		   PBTNC_ERR_INVALID_PARAMETER, 10);
	/* language preference ending in NUL -> message offset + 17 + 2 */
	reject_msg(false, 1, RAW(0x00, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 32, 'A', 'c', 'c', 'e', 'p', 't',
				 '-', 'L', 'a', 'n', 'g', 'u', 'a', 'g', 'e', ':', ' ', 'e', 'n', 0),
		   NEA_EINVAL, PBTNC_ERR_INVALID_PARAMETER, 8 + 19);
}

Test(pbtnc_batch, result_only_messages_outside_result)
{
	static const uint8_t ar[] = { 0x80, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 16, 0, 0, 0, 0 };
	size_t len;
	uint8_t *b;
	pbtnc_batch_t batch;
	nea_perr_t err;

	/* server rejects it in a CDATA batch */
	reject_msg(false, 1, ar, sizeof(ar), NEA_EINVAL, PBTNC_ERR_INVALID_PARAMETER, 8);
	/* client ignores it in an SDATA batch */
	b = wrap(true, 2, ar, sizeof(ar), &len);
	cr_assert_eq(pbtnc_batch_parse(b, len, &as_client, &batch, NULL, &err), 0);
	cr_assert_eq(batch.n_msgs, 1);
	cr_assert(batch.msgs[0].skip);
	cr_assert_eq(batch.msgs[0].kind, PBTNC_KIND_ASSESSMENT_RESULT);
	pbtnc_batch_free(&batch);
	free(b);
}

Test(pbtnc_batch, unknown_skippable_messages_are_kept_but_marked)
{
	static const uint8_t m[] = { 0x00, 0x12, 0x34, 0x56, 0, 0, 0, 9, 0, 0, 0, 14, 'h', 'i',
				     0x00, 0x00, 0x55, 0x97, 0, 0, 0, 0, 0, 0, 0, 12 };
	size_t len;
	uint8_t *b = wrap(false, 1, m, sizeof(m), &len);
	pbtnc_batch_t batch;
	nea_perr_t err;

	cr_assert_eq(pbtnc_batch_parse(b, len, &as_server, &batch, NULL, &err), 0);
	cr_assert_eq(batch.n_msgs, 2);
	cr_assert(batch.msgs[0].skip);
	cr_assert_eq(batch.msgs[0].kind, PBTNC_KIND_UNKNOWN);
	cr_assert_eq(batch.msgs[0].value_len, 2);
	cr_assert(batch.msgs[1].skip, "TCG type 0 is unknown to strongSwan");
	cr_assert_eq(batch.msgs[1].offset, 8 + 14);
	cr_assert_not(batch.empty);
	pbtnc_batch_free(&batch);
	free(b);
}

/* ---------------------------------------------------------------- builder */

Test(pbtnc_batch, builder_stops_at_max_batch_size)
{
	pbtnc_msg_t msgs[4];
	uint8_t *out;
	size_t len, added, i;
	pbtnc_batch_t b;
	nea_perr_t err;

	for (i = 0; i < 4; i++) {
		pbtnc_msg_init(&msgs[i], PBTNC_KIND_REASON_STRING);
		msgs[i].u.reason = (pbtnc_reason_t){ (const uint8_t *)"reason", 6,
						     (const uint8_t *)"en", 2 };
	}
	/* each message is 12 + 4 + 6 + 1 + 2 = 25 bytes */
	cr_assert_eq(pbtnc_batch_build(true, PBTNC_BATCH_RESULT, msgs, 4, 8 + 2 * 25, &out, &len,
				       &added), 0);
	cr_assert_eq(added, 2);
	cr_assert_eq(len, 58);
	cr_assert_eq(nea_get_u32(out + 4), 58);
	cr_assert_eq(pbtnc_batch_parse(out, len, &as_client, &b, NULL, &err), 0);
	cr_assert_eq(b.n_msgs, 2);
	pbtnc_batch_free(&b);
	free(out);
	/* one byte less: only one fits */
	cr_assert_eq(pbtnc_batch_build(true, PBTNC_BATCH_RESULT, msgs, 4, 8 + 2 * 25 - 1, &out,
				       &len, &added), 0);
	cr_assert_eq(added, 1);
	cr_assert_eq(len, 33);
	free(out);
	/* nothing fits: an empty batch, everything stays queued */
	cr_assert_eq(pbtnc_batch_build(true, PBTNC_BATCH_RESULT, msgs, 4, 8 + 24, &out, &len,
				       &added), 0);
	cr_assert_eq(added, 0);
	cr_assert_eq(len, 8);
	free(out);
}

Test(pbtnc_batch, builder_refusal_leaves_batch_unchanged)
{
	pbtnc_batch_builder_t bb;
	pbtnc_msg_t small, big;
	static uint8_t body[100];
	uint8_t *out;
	size_t len;

	pbtnc_msg_init(&small, PBTNC_KIND_ACCESS_RECOMMENDATION);
	small.u.access = PBTNC_ACCESS_DENIED;
	pbtnc_msg_init(&big, PBTNC_KIND_PA);
	big.u.pa.body = body;
	big.u.pa.body_len = sizeof(body);
	cr_assert_eq(pbtnc_batch_builder_init(&bb, true, PBTNC_BATCH_RESULT, 8 + 16 + 16), 0);
	cr_assert_eq(pbtnc_batch_builder_add(&bb, &small), 0);
	cr_assert_eq(pbtnc_batch_builder_add(&bb, &big), NEA_ETOOBIG);
	cr_assert_eq(pbtnc_batch_builder_add(&bb, &small), 0);
	cr_assert_eq(pbtnc_batch_builder_add(&bb, &small), NEA_ETOOBIG);
	cr_assert_eq(bb.n_msgs, 2);
	out = pbtnc_batch_builder_finish(&bb, &len);
	cr_assert_not_null(out);
	cr_assert_eq(len, 40);
	cr_assert_eq(memcmp(out, "\x02\x80\x00\x03\x00\x00\x00\x28", 8), 0);
	free(out);
	pbtnc_batch_builder_free(&bb);
	cr_assert_eq(pbtnc_batch_builder_init(&bb, true, 7, 0), NEA_EINVAL);
	cr_assert_eq(pbtnc_batch_builder_init(&bb, true, 1, 7), NEA_EINVAL);
}

Test(pbtnc_batch, empty_close_is_eight_bytes)
{
	uint8_t *out;
	size_t len, added;

	cr_assert_eq(pbtnc_batch_build(false, PBTNC_BATCH_CLOSE, NULL, 0, 0, &out, &len, &added), 0);
	cr_assert_eq(len, 8);
	cr_assert_eq(memcmp(out, "\x02\x00\x00\x06\x00\x00\x00\x08", 8), 0);
	free(out);
}
