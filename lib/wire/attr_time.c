#include "attr_time.h"

#include <stdio.h>

#include "nea_err.h"

static const char pattern[] = "dddd-dd-ddTdd:dd:ddZ";

bool attr_time_wellformed(const uint8_t *s)
{
	int i;

	for (i = 0; i < ATTR_TIME_LEN; i++) {
		if (pattern[i] == 'd') {
			if (s[i] < '0' || s[i] > '9')
				return false;
		} else if (s[i] != (uint8_t)pattern[i]) {
			return false;
		}
	}
	return true;
}

static int num(const uint8_t *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's method). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int attr_time_to_epoch(const uint8_t *s, int64_t *epoch)
{
	int y, mo, d, h, mi, se;

	if (!attr_time_wellformed(s))
		return NEA_EINVAL;
	y = num(s, 4);
	mo = num(s + 5, 2);
	d = num(s + 8, 2);
	h = num(s + 11, 2);
	mi = num(s + 14, 2);
	se = num(s + 17, 2);
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return NEA_EINVAL;
	*epoch = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	return 0;
}

void attr_time_from_epoch(int64_t epoch, char out[ATTR_TIME_LEN + 1])
{
	int64_t days = epoch / 86400, secs = epoch % 86400, z, era, doe, yoe, y, doy, mp, d, m;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	if (y < 0 || y > 9999) {
		snprintf(out, ATTR_TIME_LEN + 1, "0000-00-00T00:00:00Z");
		return;
	}
	snprintf(out, ATTR_TIME_LEN + 1, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y, (int)m, (int)d,
		 (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}
