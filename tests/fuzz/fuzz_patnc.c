/*
 * libFuzzer target for PA-TNC messages and every attribute codec.
 *
 * Input byte 0 selects the mode:
 *   even: the rest is a PA-TNC message for patnc_msg_process(); the decoded
 *         attributes are printed, re-encoded, and the re-encoding must parse
 *         again and re-encode to the same bytes (builder/parser agreement);
 *         an error reply must itself be a valid PA-TNC message.
 *   odd:  byte 1 picks the vendor (0 IETF, 1 ITA-HSR, 2 TCG), bytes 2..5
 *         the attribute type; the codec is found by (vendor, type) through
 *         the registry (unknown pairs fall back to codec type % count) and
 *         the rest is that attribute's value; an accepted value must
 *         survive print, build, re-parse and identical re-build.
 * Any disagreement traps.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attr_names.h"
#include "patnc_msg.h"

static void check_value(const patnc_codec_t *c, const void *data)
{
	nea_wr_t w1, w2, o;
	nea_perr_t err;
	void *again = NULL;

	nea_wr_init(&o, 1 << 20);
	c->print(data, &o);
	nea_wr_free(&o);
	nea_wr_init(&w1, 0);
	if (c->build(data, &w1))
		__builtin_trap(); /* a parsed struct must always be buildable */
	if (patnc_attr_decode(c, w1.ptr ? w1.ptr : (const uint8_t *)"", w1.len, &again, &err))
		__builtin_trap(); /* nea wrote what nea cannot read */
	nea_wr_init(&w2, 0);
	if (c->build(again, &w2) || w1.len != w2.len || (w1.len && memcmp(w1.ptr, w2.ptr, w1.len)))
		__builtin_trap();
	nea_wr_free(&w2);
	patnc_attr_data_free(c, again);
	nea_wr_free(&w1);
}

static void check_message(const uint8_t *msg, size_t len)
{
	patnc_builder_t b;
	patnc_rx_t rx, rx2;
	uint8_t *out, *err_msg;
	size_t olen, elen, i;
	nea_wr_t o;
	int rc;

	rc = patnc_msg_process(msg, len, &rx);
	if (rc && rx.fault.has_error) {
		if (patnc_fault_to_msg(&rx.fault, 1, &err_msg, &elen) == 0) {
			if (patnc_msg_process(err_msg, elen, &rx2) != 0 || rx2.count != 1)
				__builtin_trap();
			patnc_rx_free(&rx2);
			free(err_msg);
		}
	}
	if (rc) {
		patnc_rx_free(&rx);
		return;
	}
	nea_wr_init(&o, 1 << 22);
	for (i = 0; i < rx.count; i++)
		patnc_attr_print(&rx.attrs[i], &o);
	nea_wr_free(&o);

	if (patnc_builder_init(&b, rx.hdr.msg_id, 0))
		__builtin_trap();
	for (i = 0; i < rx.count; i++) {
		const patnc_attr_t *a = &rx.attrs[i];

		if (a->codec) {
			if (patnc_builder_add(&b, a->flags, a->vendor, a->type, a->data))
				__builtin_trap();
		} else if (patnc_builder_add_raw(&b, a->flags, a->vendor, a->type, a->value,
						 a->value_len)) {
			__builtin_trap();
		}
	}
	out = patnc_builder_finish(&b, &olen);
	if (!out)
		__builtin_trap();
	if (patnc_msg_process(out, olen, &rx2) != 0 || rx2.count != rx.count)
		__builtin_trap();
	for (i = 0; i < rx2.count; i++)
		if (rx2.attrs[i].codec)
			check_value(rx2.attrs[i].codec, rx2.attrs[i].data);
	patnc_rx_free(&rx2);
	free(out);
	patnc_rx_free(&rx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const patnc_codec_t *c;
	nea_perr_t err = { 0 };
	void *d = NULL;

	if (size < 1)
		return 0;
	if (!(data[0] & 1)) {
		check_message(data + 1, size - 1);
		return 0;
	}
	if (size < 6)
		return 0;
	{
		static const uint32_t vendors[] = { PEN_IETF, PEN_ITA, PEN_TCG };
		uint32_t type = nea_get_u32(data + 2);

		c = patnc_codec_find(vendors[data[1] % 3], type);
		if (!c)
			c = patnc_codec_at(type % patnc_codec_count());
	}
	data += 4;
	size -= 4;
	if (patnc_attr_decode(c, data + 2, size - 2, &d, &err) == 0) {
		if (err.code)
			__builtin_trap();
		check_value(c, d);
		patnc_attr_data_free(c, d);
	} else if (d || err.offset > size - 2) {
		__builtin_trap();
	}
	return 0;
}
