/* nea-brokerd: the common skeleton plus the broker service. */
#include "brokerd_service.h"

int main(int argc, char **argv)
{
	return nea_daemon_main(argc, argv, &brokerd_service);
}
