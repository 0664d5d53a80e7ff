/*
 * A stand-in for nea-xfrm that misbehaves on purpose, for test_xfrm_client.
 * Started by xfrm_client_spawn() like the real helper (fd 3); the mode
 * comes from NEA_FAKE_XFRM_MODE:
 *   ok        READY, then answers every request with status 0, value 4711
 *   silent    READY, then reads requests and never answers
 *   late      READY, answers the first request after 1500 ms, the rest at once
 *   die       READY, exits at the first request
 *   garbage   READY, answers with 7 bytes
 *   noready   never says READY
 *   refuse    READY with status NEA_EPERM (could not sandbox itself)
 * Every request it receives is appended (hex) to NEA_FAKE_XFRM_LOG if set.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "nea_buf.h"
#include "nea_err.h"
#include "xfrm_req.h"

static void answer(uint8_t type, uint32_t seq, int32_t status, uint32_t value)
{
	xfrm_ans_t a = {.type = type, .seq = seq, .status = status, .value = value};
	uint8_t out[XFRM_ANS_LEN];

	xfrm_ans_encode(&a, out);
	(void)send(3, out, sizeof(out), MSG_NOSIGNAL);
}

int main(void)
{
	const char *mode = getenv("NEA_FAKE_XFRM_MODE");
	const char *logp = getenv("NEA_FAKE_XFRM_LOG");
	int first = 1;

	if (!mode)
		mode = "ok";
	if (!strcmp(mode, "noready")) {
		sleep(30);
		return 0;
	}
	answer(XFRM_REQ_READY, 0, !strcmp(mode, "refuse") ? NEA_EPERM : 0, 8);
	if (!strcmp(mode, "refuse"))
		return 1;
	for (;;) {
		uint8_t buf[XFRM_REQ_MAX];
		ssize_t n = recv(3, buf, sizeof(buf), 0);
		uint32_t seq;

		if (n <= 0)
			return 0;
		if (logp) {
			FILE *f = fopen(logp, "a");

			if (f) {
				for (ssize_t i = 0; i < n; i++)
					fprintf(f, "%02x", buf[i]);
				fputc('\n', f);
				fclose(f);
			}
		}
		seq = n >= 8 ? nea_get_u32(buf + 4) : 0;
		if (!strcmp(mode, "silent"))
			continue;
		if (!strcmp(mode, "die"))
			return 3;
		if (!strcmp(mode, "garbage")) {
			(void)send(3, "garbage", 7, MSG_NOSIGNAL);
			continue;
		}
		if (!strcmp(mode, "late") && first)
			usleep(1500 * 1000);
		first = 0;
		answer(buf[1], seq, 0, 4711);
	}
}
