/*
 * libFuzzer target: arbitrary bytes as strongswan.conf text. The reader
 * must accept or reject without crashing or leaking, and an accepted tree
 * must survive walking every section, key and typed getter, and the
 * swanctl view (nea_swanctl_from_conf) built on top of it. Includes are
 * refused (NEA_CONF_NO_INCLUDE) so fuzz input never reaches the file system.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "nea_conf.h"
#include "nea_log.h"
#include "nea_swanctl.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* getters log rejected values; keep the fuzzer's output readable */
	nea_log_set_default(-1);
	return 0;
}

static void walk(const nea_conf_section_t *s, unsigned depth)
{
	if (depth > 80)
		__builtin_trap(); /* the reader promised at most 64 levels */
	for (size_t i = 0; i < nea_conf_kv_count(s); i++) {
		const char *key = nea_conf_kv_key(s, i);
		const char *val = nea_conf_kv_value(s, i);
		long long v;
		char **items;
		size_t n;
		unsigned line;

		if (!key || !val || !nea_conf_sorigin(s, key, &line))
			__builtin_trap();
		(void)nea_conf_sget_int(s, key, 0, &v);
		(void)nea_conf_sget_bool(s, key, false);
		if (nea_conf_split_list(val, &items, &n) == 0)
			nea_conf_list_free(items);
	}
	for (size_t i = 0; i < nea_conf_section_count(s); i++) {
		const nea_conf_section_t *sub = nea_conf_section_at(s, i);

		if (nea_conf_ssection(s, nea_conf_section_name(sub)) != sub &&
		    !strchr(nea_conf_section_name(sub), '.'))
			__builtin_trap();
		walk(sub, depth + 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	nea_conf_t *c = NULL;
	char err[256];

	if (nea_conf_load_buffer((const char *)data, size, "/nonexistent-nea-fuzz/fuzz.conf",
				 NEA_CONF_NO_INCLUDE, &c, err, sizeof(err)) == 0) {
		long long v;

		walk(nea_conf_section(c, NULL), 0);
		(void)nea_conf_get_str(c, "charon.plugins.tnccs-20.max_batch_size", NULL);
		(void)nea_conf_get_int(c, "a.b.c", 0, &v);
		nea_swanctl_t *sw = NULL;
		if (nea_swanctl_from_conf(c, &sw, err, sizeof(err)) == 0) {
			const uint8_t *sec;
			size_t len;

			(void)nea_swanctl_eap_secret(sw, "jane", 4, &sec, &len);
			nea_swanctl_free(sw);
		}
		nea_conf_free(c);
	} else if (strncmp(err, "/nonexistent-nea-fuzz/fuzz.conf:", 32) != 0) {
		__builtin_trap(); /* every rejection names the file and line */
	}
	return 0;
}
