/* Control socket; see iked_ctl.h. */
#include "iked_ctl.h"

#include "iked.h"

int iked_ctl_bind(iked_t *ik)
{
	(void)ik;
	return 0;
}

int iked_ctl_start(iked_t *ik)
{
	(void)ik;
	return 0;
}

void iked_ctl_stop(iked_t *ik)
{
	(void)ik;
}
