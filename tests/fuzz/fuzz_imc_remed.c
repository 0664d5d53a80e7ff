/*
 * libFuzzer target for the rendering of remediation instructions and other
 * IMV-supplied text into the endpoint's log (imc_remed.h): network data
 * from the policy server.
 *
 * Invariants: every line fits IMC_REMED_LINE_MAX and holds no control
 * character (a peer must not forge or split log lines); the number of
 * lines is bounded; imc_log_safe never writes past its buffer.
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
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
			__builtin_trap();
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
