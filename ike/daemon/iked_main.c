/* nea-iked: the common skeleton plus its service. */
#include "iked_service.h"

int main(int argc, char **argv)
{
	return nea_daemon_main(argc, argv, &iked_service);
}
