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
#include "patnc_values.h"
#include "seg_env.h"

Test(codecs, table_covers_every_codec)
{
	uint32_t vendor = 0, type = 0;

	cr_assert(patnc_values_cover_codecs(&vendor, &type), "no dump value for 0x%06x/0x%08x",
		  vendor, type);
}

Test(codecs, every_attribute_dumps_with_its_fields)
{
	for (size_t k = 0; k < patnc_values_n; k++) {
		char name[96], want[160];
		patnc_builder_t pb;
		size_t vlen, mlen;
		const patnc_value_t *pv = &patnc_values[k];
		uint8_t *v = dv_hex(pv->hex, &vlen), *msg;
		const char *line, *next;
		dv_out_t o;

		cr_assert_eq(patnc_builder_init(&pb, 0x11223344, 0), 0);
		cr_assert_eq(patnc_builder_add_raw(&pb, 0, pv->vendor, pv->type, v, vlen), 0);
		msg = patnc_builder_finish(&pb, &mlen);
		cr_assert_not_null(msg);
		dv_dump(&o, msg, mlen, DUMP_AS_PATNC, DUMP_ROLE_ANY);
		cr_assert_eq(o.rc, 0, "0x%06x/0x%x: %s\n%s", pv->vendor, pv->type, o.err.msg,
			     o.text);
		snprintf(want, sizeof(want), "PA-TNC attribute type '%s' 0x%06x/0x%08x (%zu bytes) at byte 8",
			 attr_full_name(pv->vendor, pv->type, name, sizeof(name)), pv->vendor,
			 pv->type, vlen + 12);
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
