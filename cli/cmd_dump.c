/*
 * nea dump [--hex] [--as FORMAT] [--client|--server] FILE|-: decode TNC
 * wire bytes (PT-TLS, PT-EAP/EAP-TNC/EAP, EAP-TTLS AVPs, PB-TNC, PA-TNC)
 * into a tree named like strongSwan's logs. The decoder is cmd_dump_*.c
 * (cmd_dump.h); this file reads the input and reports.
 *
 * Input: raw bytes, or hex text (--hex, or detected: dump_is_hex_text()).
 *
 * Exit status: 0 decoded completely; 1 the input is malformed (the text up
 * to the fault is printed, then "error at byte N: ..." on stderr) or cannot
 * be read; 2 usage.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_dump.h"
#include "nea_cli.h"

/* Far above the largest PT-TLS message (2 MiB) even as hex text. */
#define DUMP_MAX_INPUT (64u * 1024 * 1024)

#define DUMP_USAGE                                                                          \
	"nea dump [--hex|--binary] [--as pt-tls|pt-eap|eap-ttls|pb-tnc|pa-tnc|pb-msg|pa-attr] "  \
	"[--client|--server] FILE|-"

#define DUMP_OPTIONS                                                                        \
	"  --hex        the input is hex text ('#' comments and whitespace ignored);\n" \
	"               without --hex or --binary, text of hex digits is taken as hex\n" \
	"  --binary     the input is raw bytes even if it looks like hex text\n" \
	"  --as FORMAT  do not guess the format from the first bytes; pb-msg and\n" \
	"               pa-attr are bare PB-TNC messages / PA-TNC attributes\n" \
	"  --client     check a PB-TNC batch as the PB-TNC client receives it\n" \
	"  --server     check a PB-TNC batch as the PB-TNC server receives it\n" \
	"  exit 0 decoded, 1 malformed or unreadable (error names the byte), 2 usage"

static int read_all(const char *path, uint8_t **out, size_t *out_len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	nea_wr_t w;
	uint8_t chunk[65536];
	size_t n;
	int rc = 0;

	if (!f) {
		fprintf(stderr, "nea dump: cannot open %s: %s\n", path, strerror(errno));
		return 1;
	}
	nea_wr_init(&w, DUMP_MAX_INPUT);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && !nea_wr_error(&w))
		nea_wr_bytes(&w, chunk, n);
	if (ferror(f)) {
		fprintf(stderr, "nea dump: cannot read %s: %s\n", path, strerror(errno));
		rc = 1;
	} else if (nea_wr_error(&w)) {
		fprintf(stderr, "nea dump: %s: %s (the limit is %u bytes)\n", path,
			nea_strerror(nea_wr_error(&w)), DUMP_MAX_INPUT);
		rc = 1;
	}
	if (f != stdin)
		fclose(f);
	if (rc) {
		nea_wr_free(&w);
		return rc;
	}
	/* an empty input still gets a buffer, so the decoder sees a valid pointer */
	nea_wr_reserve(&w, 1);
	*out = nea_wr_detach(&w, out_len);
	if (!*out) {
		fprintf(stderr, "nea dump: out of memory\n");
		return 1;
	}
	return 0;
}

static int dump_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "hex", no_argument, NULL, 'x' },     { "as", required_argument, NULL, 'a' },
		{ "client", no_argument, NULL, 'c' },  { "server", no_argument, NULL, 's' },
		{ "binary", no_argument, NULL, 'b' },  { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	dump_opts_t o = { .as = DUMP_AS_AUTO, .role = DUMP_ROLE_ANY, .hex = DUMP_HEX_AUTO };
	uint8_t *raw = NULL;
	size_t raw_len = 0;
	nea_perr_t err;
	nea_wr_t out;
	int ch, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "xba:csh", opts, NULL)) != -1) {
		switch (ch) {
		case 'x': o.hex = DUMP_HEX_ON; break;
		case 'b': o.hex = DUMP_HEX_OFF; break;
		case 'a':
			if (dump_as_parse(optarg, &o.as)) {
				fprintf(stderr, "nea dump: unknown format '%s'\nusage: %s\n", optarg,
					DUMP_USAGE);
				return 2;
			}
			break;
		case 'c':
		case 's':
			if (o.role != DUMP_ROLE_ANY) {
				fprintf(stderr, "nea dump: --client and --server exclude each other\n");
				return 2;
			}
			o.role = ch == 'c' ? DUMP_ROLE_CLIENT : DUMP_ROLE_SERVER;
			break;
		case 'h': printf("usage: %s\n%s\n", DUMP_USAGE, DUMP_OPTIONS); return 0;
		default: fprintf(stderr, "usage: %s\n", DUMP_USAGE); return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: %s\n", DUMP_USAGE);
		return 2;
	}
	if (read_all(argv[optind], &raw, &raw_len))
		return 1;
	nea_wr_init(&out, 0);
	rc = dump_input(raw, raw_len, &o, &out, &err);
	if (out.len)
		fwrite(out.ptr, 1, out.len, stdout);
	fflush(stdout);
	if (rc)
		fprintf(stderr, "nea dump: error at byte %zu: %s\n", err.offset, err.msg);
	nea_wr_free(&out);
	free(raw);
	return rc ? 1 : 0;
}

const nea_cmd_t nea_cmd_dump = {
	.name = "dump",
	.summary = "decode PT-TLS, PT-EAP/EAP, EAP-TTLS AVPs, PB-TNC or PA-TNC bytes into a tree",
	.usage = DUMP_USAGE "\n" DUMP_OPTIONS,
	.run = dump_run,
};
