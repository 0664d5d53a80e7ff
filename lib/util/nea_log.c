#include "nea_log.h"
#include "nea_err.h"

#include <ctype.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

int nea_log_levels[NEA_LG_COUNT] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

static const char *const group_names[NEA_LG_COUNT] = {
	"DMN", "MGR", "IKE", "CHD", "CFG", "KNL", "NET", "ENC", "TLS",
	"TNC", "IMC", "IMV", "PTS", "IPC", "DB ", "LIB", "APP",
};

static char log_ident[64] = "nea";
static bool log_syslog;

void nea_log_init(const char *ident, bool use_syslog)
{
	snprintf(log_ident, sizeof(log_ident), "%s", ident ? ident : "nea");
	log_syslog = use_syslog;
	if (use_syslog)
		openlog(log_ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void nea_log_set_syslog(bool use_syslog)
{
	if (use_syslog && !log_syslog)
		openlog(log_ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
	else if (!use_syslog && log_syslog)
		closelog();
	log_syslog = use_syslog;
}

const char *nea_log_group_name(nea_log_group_t g)
{
	return (unsigned)g < NEA_LG_COUNT ? group_names[g] : "???";
}

int nea_log_group_from_name(const char *name)
{
	for (int i = 0; i < NEA_LG_COUNT; i++) {
		char tag[4];
		size_t n = 0;

		for (const char *p = group_names[i]; *p && *p != ' '; p++)
			tag[n++] = *p;
		tag[n] = '\0';
		if (strcasecmp(tag, name) == 0)
			return i;
	}
	return -1;
}

void nea_log_set_level(nea_log_group_t g, int level)
{
	if ((unsigned)g < NEA_LG_COUNT)
		nea_log_levels[g] = level;
}

void nea_log_set_default(int level)
{
	for (int i = 0; i < NEA_LG_COUNT; i++)
		nea_log_levels[i] = level;
}

int nea_log_get_level(nea_log_group_t g)
{
	return (unsigned)g < NEA_LG_COUNT ? nea_log_levels[g] : -1;
}

static bool parse_level(const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end == s || *end != '\0' || v < -1 || v > 4)
		return false;
	*out = (int)v;
	return true;
}

int nea_log_parse_levels(const char *spec)
{
	char buf[512], *save = NULL, *tok;
	int level;

	if (!spec || strlen(spec) >= sizeof(buf))
		return NEA_ECONFIG;
	strcpy(buf, spec);
	for (tok = strtok_r(buf, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		char *eq = strchr(tok, '=');

		if (!eq) {
			if (!parse_level(tok, &level))
				return NEA_ECONFIG;
			nea_log_set_default(level);
			continue;
		}
		*eq = '\0';
		if (!parse_level(eq + 1, &level))
			return NEA_ECONFIG;
		if (strcasecmp(tok, "default") == 0) {
			nea_log_set_default(level);
		} else {
			int g = nea_log_group_from_name(tok);

			if (g < 0)
				return NEA_ECONFIG;
			nea_log_set_level((nea_log_group_t)g, level);
		}
	}
	return 0;
}

static void emit(nea_log_group_t g, const char *text)
{
	if (log_syslog) {
		syslog(LOG_INFO, "[%s] %s", nea_log_group_name(g), text);
		return;
	}
	char ts[16];
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%H:%M:%S", &tm);
	/* One fprintf per line keeps concurrent writers from interleaving. */
	fprintf(stderr, "%s %s[%d] [%s] %s\n", ts, log_ident, (int)getpid(),
		nea_log_group_name(g), text);
}

void nea_log(nea_log_group_t g, int level, const char *fmt, ...)
{
	char text[2048];
	va_list ap;

	if (!nea_log_enabled(g, level))
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	/* Network-supplied strings may carry control bytes; keep lines single. */
	for (char *p = text; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\t')
			*p = '?';
	emit(g, text);
}

void nea_log_hex(nea_log_group_t g, int level, const char *label, const void *data, size_t len)
{
	const uint8_t *p = data;
	char line[100];

	if (!nea_log_enabled(g, level))
		return;
	nea_log(g, level, "%s => %zu bytes", label, len);
	for (size_t off = 0; off < len; off += 16) {
		size_t n = len - off < 16 ? len - off : 16, pos;

		pos = (size_t)snprintf(line, sizeof(line), "%4zu: ", off);
		for (size_t i = 0; i < 16; i++)
			pos += (size_t)(i < n ? snprintf(line + pos, sizeof(line) - pos, "%02X ", p[off + i])
					      : snprintf(line + pos, sizeof(line) - pos, "   "));
		line[pos++] = ' ';
		for (size_t i = 0; i < n; i++)
			line[pos++] = isprint(p[off + i]) ? (char)p[off + i] : '.';
		line[pos] = '\0';
		emit(g, line);
	}
}
