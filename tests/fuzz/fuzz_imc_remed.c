/*
 * libFuzzer target for the rendering of remediation instructions and other
 * IMV-supplied text into the endpoint's log (imc_remed.h): network data
 * from the policy server.
 *
 * Invariants: every line fits IMC_REMED_LINE_MAX, holds no control
 * character (a peer must not forge or split log lines) and is well-formed
 * UTF-8 without C1 controls; the number of lines is bounded; imc_log_safe
 * never writes past its buffer.
 */
#include <stdint.h>
#include <string.h>

#include "imc_remed.h"

static void check(void *arg, const char *line)
{
	size_t *n = arg;
	size_t len = strnlen(line, IMC_REMED_LINE_MAX);

	if (len >= IMC_REMED_LINE_MAX)
		__builtin_trap();
	for (size_t i = 0; i < len;) {
		const unsigned char *u = (const unsigned char *)line + i;
		size_t l;

		if (u[0] < 0x20 || u[0] == 0x7f)
			__builtin_trap();
		if (u[0] < 0x80) {
			i++;
			continue;
		}
		l = u[0] >= 0xf0 ? 4 : u[0] >= 0xe0 ? 3 : 2;
		if (u[0] < 0xc2 || u[0] > 0xf4 || i + l > len)
			__builtin_trap();
		for (size_t k = 1; k < l; k++)
			if ((u[k] & 0xc0) != 0x80)
				__builtin_trap();
		if (u[0] == 0xc2 && u[1] < 0xa0) /* C1 control */
			__builtin_trap();
		i += l;
	}
	(*n)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char small[8];
	size_t lines = 0;

	imc_remed_render(data, size, check, &lines);
	if (lines > IMC_REMED_MAX_LINES + 1)
		__builtin_trap();
	memset(small, 'x', sizeof(small));
	imc_log_safe(data, size, small, 5);
	if (small[5] != 'x' || strnlen(small, 5) > 4)
		__builtin_trap();
	return 0;
}
