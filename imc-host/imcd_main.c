/* nea-imcd: the common skeleton plus the IMC host service. */
#include "imcd_service.h"

int main(int argc, char **argv)
{
	return nea_daemon_main(argc, argv, &imcd_service);
}
