/*
 * The policy database commands of nea: one nea_cmd_t each, all forwarded
 * to nea-policyd by cli_admin_forward (cmd_admin.c), which runs them with
 * pdb_admin_run. The texts here are what `nea help` shows.
 */
#include "cmd_admin.h"
#include "nea_cli.h"

#define COMMON " [--utc] [--rundir DIR | --config FILE]"

#define ADMIN_CMD(cmd, summary_text, usage_text)                           \
	static int run_##cmd(int argc, char **argv)                        \
	{                                                                  \
		return cli_admin_forward(argc, argv, usage_text);          \
	}                                                                  \
	const nea_cmd_t nea_cmd_##cmd = {                                  \
		.name = #cmd,                                              \
		.summary = summary_text,                                   \
		.usage = usage_text,                                       \
		.run = run_##cmd,                                          \
	};

ADMIN_CMD(sessions, "measurement sessions, newest first (as attest --sessions)",
	  "nea sessions" COMMON)
ADMIN_CMD(devices, "devices and their sessions (as attest --devices)", "nea devices" COMMON)
ADMIN_CMD(device, "show, trust, describe or delete a device",
	  "nea device show DEVICE | trust DEVICE yes|no | describe DEVICE TEXT | delete DEVICE"
	  COMMON)
ADMIN_CMD(results, "per-policy outcomes of sessions",
	  "nea results [--session ID | --device DEVICE]" COMMON)
ADMIN_CMD(groups, "device groups as a tree with their member counts", "nea groups" COMMON)
ADMIN_CMD(group, "add or delete a group, change members, set a product's default group",
	  "nea group add NAME [--parent GROUP] | delete NAME | member add|delete GROUP DEVICE | "
	  "default PRODUCT GROUP | default PRODUCT --clear" COMMON)
ADMIN_CMD(policies, "policies: what is measured and what a failure means", "nea policies" COMMON)
ADMIN_CMD(policy, "add or delete a policy",
	  "nea policy add NAME --type CODE [--argument TEXT] [--rec-fail REC] [--rec-noresult REC] "
	  "[--file PATH] [--dir PATH] | delete NAME   (REC: allow, no-access, isolate, none)" COMMON)
ADMIN_CMD(enforcements, "which group gets which policy", "nea enforcements" COMMON)
ADMIN_CMD(enforcement, "enforce a policy on a group, or stop enforcing it",
	  "nea enforcement add POLICY GROUP [--max-age SECONDS] [--rec-fail REC] "
	  "[--rec-noresult REC] | delete POLICY GROUP" COMMON)
ADMIN_CMD(products, "products (operating systems)", "nea products" COMMON)
ADMIN_CMD(product, "add or delete a product", "nea product add NAME | delete NAME" COMMON)
ADMIN_CMD(packages, "packages, or a product's package versions",
	  "nea packages [--product NAME]" COMMON)
ADMIN_CMD(package, "add or delete a package",
	  "nea package add NAME [--blacklist] | delete NAME" COMMON)
ADMIN_CMD(versions, "known releases of a package", "nea versions PACKAGE [--product NAME]" COMMON)
ADMIN_CMD(version, "add or delete a known release of a package",
	  "nea version add PACKAGE RELEASE --product NAME [--security] [--blacklist] | "
	  "delete PACKAGE RELEASE --product NAME" COMMON)
