/* nea-imvd: the common skeleton plus the IMV host service. */
#include "imvd_service.h"

int main(int argc, char **argv)
{
	return nea_daemon_main(argc, argv, &imvd_service);
}
