/*
 * attr_time: the 20-character RFC 3339 UTC timestamps ("YYYY-MM-DDTHH:MM:SSZ")
 * carried by IETF Operational Status, SWIMA events and PTS Simple Component
 * Evidence.
 *
 * Contract: pure conversions, no time zone or locale involved. The all-zero
 * form "0000-00-00T00:00:00Z" (PTS "undefined") is well-formed but has no
 * epoch value.
 */
#ifndef NEA_ATTR_TIME_H
#define NEA_ATTR_TIME_H

#include <stdbool.h>
#include <stdint.h>

#define ATTR_TIME_LEN 20

/* Digits and separators in the right places (ranges not checked). */
bool attr_time_wellformed(const uint8_t *s);
/* Seconds since 1970 (UTC); NEA_EINVAL if malformed or out of range. */
int attr_time_to_epoch(const uint8_t *s, int64_t *epoch);
/* Format epoch seconds; out gets 20 characters and a NUL. */
void attr_time_from_epoch(int64_t epoch, char out[ATTR_TIME_LEN + 1]);

#endif
