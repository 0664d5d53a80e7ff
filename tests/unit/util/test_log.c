#include <criterion/criterion.h>

#include "nea_err.h"
#include "nea_log.h"

Test(log, parses_group_levels)
{
	cr_assert_eq(nea_log_parse_levels("default=0,tnc=3,ike=-1"), 0);
	cr_assert_eq(nea_log_get_level(NEA_LG_DMN), 0);
	cr_assert_eq(nea_log_get_level(NEA_LG_TNC), 3);
	cr_assert_eq(nea_log_get_level(NEA_LG_IKE), -1);
	cr_assert(nea_log_enabled(NEA_LG_TNC, 2));
	cr_assert_not(nea_log_enabled(NEA_LG_IKE, 0));
	cr_assert_eq(nea_log_parse_levels("2"), 0);
	cr_assert_eq(nea_log_get_level(NEA_LG_IKE), 2);
}

Test(log, rejects_bad_levels)
{
	cr_assert_eq(nea_log_parse_levels("tnc=9"), NEA_ECONFIG);
	cr_assert_eq(nea_log_parse_levels("nosuch=1"), NEA_ECONFIG);
	cr_assert_eq(nea_log_parse_levels("tnc=x"), NEA_ECONFIG);
}

Test(log, group_names_round_trip)
{
	cr_assert_str_eq(nea_log_group_name(NEA_LG_IMV), "IMV");
	cr_assert_eq(nea_log_group_from_name("imv"), NEA_LG_IMV);
	cr_assert_eq(nea_log_group_from_name("db"), NEA_LG_DB);
	cr_assert_eq(nea_log_group_from_name("zzz"), -1);
}
