/* nea-pttlsd: the common skeleton plus its service. */
#include "pttlsd_service.h"

int main(int argc, char **argv)
{
	return nea_daemon_main(argc, argv, &pttlsd_service);
}
