#include <criterion/criterion.h>
#include <string.h>

#include "tnc_names.h"

Test(tnc_names, pens_as_strongswan_prints_them)
{
	cr_assert_str_eq(tnc_pen_name(TNC_PEN_IETF), "IETF");
	cr_assert_str_eq(tnc_pen_name(TNC_PEN_TCG), "TCG");
	cr_assert_str_eq(tnc_pen_name(TNC_PEN_ITA), "ITA-HSR");
	cr_assert_str_eq(tnc_pen_name(TNC_PEN_PWG), "PWG");
	cr_assert_eq(TNC_PEN_PWG, 2699);
	cr_assert_eq(TNC_PEN_TCG, 21911);
	cr_assert_eq(TNC_PEN_ITA, 36906);
	cr_assert_str_eq(tnc_pen_name(TNC_PEN_RESERVED), "Reserved");
	cr_assert_null(tnc_pen_name(0x123456));
}

Test(tnc_names, log_strings_seen_in_the_captures)
{
	char buf[64];

	/* "adding IETF/PB-Reason-String message" */
	cr_assert_str_eq(pbtnc_msg_type_str(buf, sizeof(buf), 0, 7), "IETF/PB-Reason-String");
	cr_assert_str_eq(pbtnc_msg_type_str(buf, sizeof(buf), 0, 6), "IETF/PB-Language-Preference");
	cr_assert_str_eq(pbtnc_msg_type_str(buf, sizeof(buf), TNC_PEN_TCG, 1), "TCG/PB-PDP-Referral");
	cr_assert_str_eq(pbtnc_msg_type_str(buf, sizeof(buf), TNC_PEN_ITA, 1),
			 "ITA-HSR/PB-Mutual-Capability");
	cr_assert_str_eq(pa_subtype_str(buf, sizeof(buf), 0, 1), "IETF/Operating System");
	cr_assert_str_eq(pa_subtype_str(buf, sizeof(buf), 0, 5), "IETF/Firewall");
	cr_assert_str_eq(pa_subtype_str(buf, sizeof(buf), 0, 9), "IETF/SWIMA");
	cr_assert_str_eq(pa_subtype_str(buf, sizeof(buf), TNC_PEN_TCG, 1), "TCG/PTS");
	cr_assert_str_eq(pa_subtype_str(buf, sizeof(buf), TNC_PEN_PWG, 5), "PWG/HCD System");
	/* "PB-TNC access recommendation is 'Access Denied'" */
	cr_assert_str_eq(pbtnc_access_name(2), "Access Denied");
	/* "final recommendation is 'no access' and evaluation is 'non-compliant minor'" */
	cr_assert_str_eq(tnc_action_rec_name(1), "no access");
	cr_assert_str_eq(tnc_eval_name(1), "non-compliant minor");
	cr_assert_str_eq(tnc_eval_name(4), "don't know");
	/* "received PT-TLS message #2 of type 'SASL Result'" */
	cr_assert_str_eq(pttls_msg_type_name(0, 6), "SASL Result");
	cr_assert_str_eq(pttls_msg_type_name(0, 7), "PB-TNC Batch");
	cr_assert_null(pttls_msg_type_name(TNC_PEN_TCG, 7));
	cr_assert_str_eq(pbtnc_batch_type_name(3), "RESULT");
	cr_assert_null(pbtnc_batch_type_name(0));
	cr_assert_str_eq(pbtnc_error_code_name(0, 3), "Unsupported Mandatory Message");
	cr_assert_str_eq(pttls_error_code_name(0, 5), "SASL Mechanism Error");
	cr_assert_str_eq(pttls_sasl_result_name(3), "Mechanism Failure");
	cr_assert_str_eq(eap_type_name(54), "EAP_PT_EAP");
	cr_assert_str_eq(eap_code_name(3), "EAP_SUCCESS");
	cr_assert_str_eq(pbtnc_remed_type_name(0, 1), "Remediation-URI");
}

Test(tnc_names, unknown_parts_fall_back_to_hex_and_truncate_safely)
{
	char buf[64], tiny[8];

	cr_assert_str_eq(pbtnc_msg_type_str(buf, sizeof(buf), 0x00abcd, 5), "0x00abcd/0x00000005");
	cr_assert_str_eq(pbtnc_msg_type_str(buf, sizeof(buf), 0, 99), "IETF/0x00000063");
	cr_assert_str_eq(pa_subtype_str(buf, sizeof(buf), TNC_PEN_ITA, 0xff), "ITA-HSR/ANY");
	pbtnc_msg_type_str(tiny, sizeof(tiny), 0, 5);
	cr_assert_eq(strlen(tiny), 7);
	cr_assert_eq(strncmp(tiny, "IETF/PB", 7), 0);
}
