/*
 * nea_log: component-tagged logging in the manner of strongSwan.
 *
 * Contract: a line is "<time> <process>[<pid>] [<GRP>] <text>" on stderr, or
 * "[<GRP>] <text>" through syslog(3). Each group has its own level; a
 * message is printed when its level is <= the group's level. Levels follow
 * strongSwan: -1 silent, 0 basic, 1 audit (default), 2 control, 3 detail,
 * 4 raw data (hex dumps). Safe to call before nea_log_init (stderr, level 1).
 */
#ifndef NEA_LOG_H
#define NEA_LOG_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
	NEA_LG_DMN, /* daemon life cycle */
	NEA_LG_MGR, /* supervisor */
	NEA_LG_IKE, /* IKEv2 SAs */
	NEA_LG_CHD, /* CHILD_SAs */
	NEA_LG_CFG, /* configuration */
	NEA_LG_KNL, /* kernel interface */
	NEA_LG_NET, /* sockets */
	NEA_LG_ENC, /* message encoding */
	NEA_LG_TLS, /* TLS */
	NEA_LG_TNC, /* PB-TNC / PT-TLS / TNCCS */
	NEA_LG_IMC, /* collectors */
	NEA_LG_IMV, /* verifiers */
	NEA_LG_PTS, /* attestation */
	NEA_LG_IPC, /* inter-process messages */
	NEA_LG_DB,  /* policy database */
	NEA_LG_LIB, /* library internals */
	NEA_LG_APP, /* command-line tools */
	NEA_LG_COUNT
} nea_log_group_t;

/* ident: process name printed on every line; use_syslog: log to syslog. */
void nea_log_init(const char *ident, bool use_syslog);
/* Switch syslog on or off after nea_log_init, keeping the ident. */
void nea_log_set_syslog(bool use_syslog);
/* Three-letter tag ("TNC") of a group, and the reverse (-1 if unknown). */
const char *nea_log_group_name(nea_log_group_t g);
int nea_log_group_from_name(const char *name);
void nea_log_set_level(nea_log_group_t g, int level);
void nea_log_set_default(int level); /* all groups */
int nea_log_get_level(nea_log_group_t g);
/* Parse "default=1,tnc=2,ike=3" or a bare number; 0 or NEA_ECONFIG. */
int nea_log_parse_levels(const char *spec);

static inline bool nea_log_enabled(nea_log_group_t g, int level);
extern int nea_log_levels[NEA_LG_COUNT];
static inline bool nea_log_enabled(nea_log_group_t g, int level)
{
	return level <= nea_log_levels[g];
}

void nea_log(nea_log_group_t g, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Hex + ASCII dump, 16 bytes a line, like strongSwan's level-4 output. */
void nea_log_hex(nea_log_group_t g, int level, const char *label, const void *data, size_t len);

#define NLOG(grp, lvl, ...)                                       \
	do {                                                      \
		if (nea_log_enabled(NEA_LG_##grp, (lvl)))          \
			nea_log(NEA_LG_##grp, (lvl), __VA_ARGS__); \
	} while (0)

#endif
