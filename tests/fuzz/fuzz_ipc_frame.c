/*
 * libFuzzer target: what a compromised daemon can put in a frame body.
 * ipc_frame_unpack must reject or accept without crashing or leaking,
 * with every body case allowed (the widest attack surface), and an
 * accepted envelope must re-pack within the frame limit it came in.
 */
#include <stdint.h>
#include <stdlib.h>

#include "nea_ipc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int allowed[128];
	static size_t nallowed;
	Nea__Envelope *env = NULL;
	const char *why = "";

	if (!nallowed)
		for (int i = 1; i < 128; i++)
			allowed[nallowed++] = i;
	if (size > IPC_MAX_FRAME_DEFAULT)
		return 0;
	if (ipc_frame_unpack(data, size, allowed, nallowed, &env, &why) == 0) {
		uint8_t *frame;
		size_t len;

		if (ipc_frame_pack(env, IPC_MAX_FRAME_DEFAULT, &frame, &len) == 0)
			free(frame);
		nea__envelope__free_unpacked(env, NULL);
	}
	return 0;
}
