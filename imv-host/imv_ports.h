/*
 * imv_ports: the port lists of the Scanner IMV's workitems (TCPOP, TCPBL,
 * UDPOP, UDPBL arguments from the policy database, e.g.
 * "22 443 10000-65000").
 *
 * Contract: items are separated by blanks (space, tab, newline); an item
 * is "N" or "N-M" with 0 <= N <= M <= 65535 in decimal. Anything else
 * (letters, a reversed or open range, a number above 65535, more than
 * IMV_PORTS_MAX items) is refused with the byte offset of the bad item, so
 * a broken policy never turns into an accidental "allow everything".
 * The input need not be NUL-terminated; it is never read past len.
 */
#ifndef NEA_IMV_PORTS_H
#define NEA_IMV_PORTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nea_err.h"

#define IMV_PORTS_MAX 1024

typedef struct {
	uint16_t start, stop;
} imv_port_range_t;

typedef struct {
	imv_port_range_t r[IMV_PORTS_MAX];
	size_t n;
} imv_ports_t;

/* 0, or NEA_EINVAL / NEA_ETOOBIG with err->offset at the bad item. */
int imv_ports_parse(const char *s, size_t len, imv_ports_t *out, nea_perr_t *err);
bool imv_ports_contains(const imv_ports_t *p, uint16_t port);

#endif
