/* nea-policyd: the common skeleton plus the policy service. */
#include "policyd_service.h"

int main(int argc, char **argv)
{
	return nea_daemon_main(argc, argv, &policyd_service);
}
