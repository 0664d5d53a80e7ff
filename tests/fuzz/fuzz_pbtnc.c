/*
 * libFuzzer target: PB-TNC batch receiver (pbtnc_batch.c and every message
 * value codec) as client and as server, with and without a state, and the
 * builder on whatever was accepted: a parsed batch must rebuild and the
 * rebuilt batch must parse again with the same messages.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pbtnc_batch.h"

static void rebuild(const pbtnc_batch_t *b, const pbtnc_recv_opts_t *o)
{
	pbtnc_batch_builder_t bb;
	pbtnc_batch_t again;
	nea_perr_t err;
	uint8_t *out;
	size_t len, i, kept = 0;

	if (pbtnc_batch_builder_init(&bb, b->hdr.from_server, b->hdr.type, 0))
		abort();
	for (i = 0; i < b->n_msgs; i++) {
		if (b->msgs[i].skip)
			continue;
		if (pbtnc_batch_builder_add(&bb, &b->msgs[i]))
			abort(); /* an accepted message must be buildable */
		kept++;
	}
	out = pbtnc_batch_builder_finish(&bb, &len);
	pbtnc_batch_builder_free(&bb);
	if (!out)
		abort();
	if (pbtnc_batch_parse(out, len, o, &again, NULL, &err) != 0)
		abort();
	if (again.n_msgs != kept)
		abort();
	for (i = 0; i < again.n_msgs; i++)
		if (again.msgs[i].skip)
			abort();
	pbtnc_batch_free(&again);
	free(out);
}

static void one(const uint8_t *data, size_t size, pbtnc_recv_opts_t *o)
{
	pbtnc_batch_t b;
	pbtnc_error_t reply;
	nea_perr_t err;
	nea_wr_t w;

	if (pbtnc_batch_parse(data, size, o, &b, &reply, &err) == 0) {
		pbtnc_recv_opts_t plain = *o;

		plain.state = NULL;
		plain.max_batch_size = 0;
		rebuild(&b, &plain);
		pbtnc_batch_free(&b);
	} else {
		if (b.msgs || b.n_msgs)
			abort();
		/* the PB-Error we would send must encode */
		nea_wr_init(&w, 0);
		if (pbtnc_error_build(&w, &reply))
			abort();
		nea_wr_free(&w);
		if (err.offset > size && size >= 8)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pbtnc_state_t s;
	pbtnc_recv_opts_t o = { 0 };

	o.is_server = true;
	one(data, size, &o);
	o.is_server = false;
	one(data, size, &o);
	o.ignore_direction = true;
	o.max_batch_size = 512;
	one(data, size, &o);
	for (s = PBTNC_STATE_INIT; s <= PBTNC_STATE_END; s++) {
		pbtnc_recv_opts_t so = { .is_server = (s & 1) != 0, .state = &s };

		one(data, size, &so);
	}
	return 0;
}
