#include "vec.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nea_hex.h"

const char *vec_path(const char *rel, char *buf, size_t size)
{
	const char *src = getenv("NEA_SOURCE_DIR");

	if (!src || !*src)
		src = NEA_TEST_SOURCE_DIR;
	snprintf(buf, size, "%s/tests/vectors/%s", src, rel);
	return buf;
}

char *vec_read_text(const char *rel, size_t *len)
{
	char path[1024];
	FILE *f;
	char *buf = NULL;
	long n;

	f = fopen(vec_path(rel, path, sizeof(path)), "rb");
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, f) == (size_t)n) {
			buf[n] = '\0';
			if (len)
				*len = (size_t)n;
		} else {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	return buf;
}

uint8_t *vec_unhex(const char *hex, size_t *len)
{
	size_t n = strlen(hex), i;
	uint8_t *out;

	if (n % 2)
		return NULL;
	out = malloc(n / 2 + 1);
	if (!out)
		return NULL;
	for (i = 0; i < n / 2; i++) {
		int hi = nea_hex_digit(hex[2 * i]), lo = nea_hex_digit(hex[2 * i + 1]);

		if (hi < 0 || lo < 0) {
			free(out);
			return NULL;
		}
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*len = n / 2;
	return out;
}

bool vec_load(const char *rel, vec_t *v)
{
	char *text, *line, *save = NULL, *hex;
	size_t tlen, hlen = 0;
	bool ok = false;

	memset(v, 0, sizeof(*v));
	text = vec_read_text(rel, &tlen);
	if (!text)
		return false;
	hex = malloc(tlen + 1);
	if (!hex)
		goto out;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *p;

		if (line[0] == '#') {
			if (!v->comment[0])
				snprintf(v->comment, sizeof(v->comment), "%s", line + 1);
			continue;
		}
		for (p = line; *p; p++)
			if (!isspace((unsigned char)*p))
				hex[hlen++] = *p;
	}
	hex[hlen] = '\0';
	v->data = vec_unhex(hex, &v->len);
	ok = v->data != NULL;
out:
	free(hex);
	free(text);
	return ok;
}

void vec_free(vec_t *v)
{
	free(v->data);
	v->data = NULL;
	v->len = 0;
}
