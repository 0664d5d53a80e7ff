#include "attr_ita_angel.h"

#include "attr_common.h"
#include "attr_types.h"

/*
 * ITA-HSR Start Angel / Stop Angel value: empty.
 *
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        (no value)                             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_ita_angel_parse(uint32_t type, const uint8_t *v, size_t len, attr_ita_angel_t *out,
			 nea_perr_t *err)
{
	(void)v;
	out->start = type == ITA_ATTR_START_ANGEL;
	return attr_exact(len, 0, err, "angel attribute");
}

int attr_ita_angel_build(uint32_t type, const attr_ita_angel_t *in, nea_wr_t *w)
{
	(void)type;
	(void)in;
	return nea_wr_error(w);
}

void attr_ita_angel_print(uint32_t type, const attr_ita_angel_t *in, nea_wr_t *o)
{
	(void)in;
	patnc_pr(o, "  %s SWID angel\n", type == ITA_ATTR_START_ANGEL ? "start" : "stop");
}

PATNC_CODEC_DEFINE_T(attr_ita_start_angel_codec, attr_ita_angel_t, PEN_ITA,
		     ITA_ATTR_START_ANGEL, attr_ita_angel, NULL);
PATNC_CODEC_DEFINE_T(attr_ita_stop_angel_codec, attr_ita_angel_t, PEN_ITA, ITA_ATTR_STOP_ANGEL,
		     attr_ita_angel, NULL);
