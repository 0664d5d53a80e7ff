/*
 * libFuzzer target: `nea dump`'s input path (cli/cmd_dump_*.c through
 * nea_dump) - the hex text reader and its detection, the format guess, the
 * bare-fragment wrappers and the tree printer over every lib/wire decoder.
 *
 * Input: byte 0 chooses the options (bits 0-2 the format, 3-4 the role,
 * 5-6 the hex mode), the rest is what `nea dump` would read from a file.
 * Invariants: the status is 0 or negative; an error names an offset inside
 * the input (text offsets for hex errors, decoded-byte offsets otherwise)
 * and a reason; hex decoding never yields more than half the text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_dump.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dump_opts_t o;
	dump_hex_err_t herr;
	nea_perr_t err;
	nea_wr_t out;
	uint8_t *bytes;
	size_t n;
	int rc;

	if (size < 1)
		return 0;
	o.as = (dump_as_t)(data[0] & 7);
	o.role = (dump_role_t)(((data[0] >> 3) & 3) % 3);
	o.hex = (dump_hex_t)(((data[0] >> 5) & 3) % 3);
	data++;
	size--;

	nea_wr_init(&out, 0);
	rc = dump_input(data, size, &o, &out, &err);
	if (rc > 0)
		abort();
	if (rc < 0 && (err.offset > size || err.msg[0] == '\0'))
		abort();
	nea_wr_free(&out);

	rc = dump_hex_decode((const char *)data, size, &bytes, &n, &herr);
	if (rc == 0) {
		if (!bytes || n > size / 2)
			abort();
		free(bytes);
	} else if (rc > 0 || bytes || herr.offset >= size || herr.line == 0 || herr.col == 0) {
		abort();
	}
	return 0;
}
