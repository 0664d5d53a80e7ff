/*
 * The policy database commands of nea: one nea_cmd_t each, all forwarded
 * to nea-policyd by cli_admin_forward (cmd_admin.c), which runs them with
 * pdb_admin_run. The texts here are what `nea help CMD` and `nea CMD
 * --help` show; the words after the command name must match pdb_admin.c.
 */
#include "cmd_admin.h"
#include "nea_cli.h"

#define COMMON "\n  common options: [--utc] [--rundir DIR | --config FILE]"
#define REC "\n  REC: allow, no-access, isolate, none"

#define ADMIN_CMD(cmd, summary_text, usage_text)                           \
	static int run_##cmd(int argc, char **argv)                        \
	{                                                                  \
		return cli_admin_forward(argc, argv, usage_text COMMON);   \
	}                                                                  \
	const nea_cmd_t nea_cmd_##cmd = {                                  \
		.name = #cmd,                                              \
		.summary = summary_text,                                   \
		.usage = usage_text COMMON,                                \
		.run = run_##cmd,                                          \
	};

ADMIN_CMD(sessions, "measurement sessions, newest first (as attest --sessions)",
	  "nea sessions\n"
	  "  ID: TIME CONN PRODUCT DEVICE(first 20) IDENTITY - RECOMMENDATION")
ADMIN_CMD(devices, "devices and their sessions (as attest --devices)",
	  "nea devices\n"
	  "  ID: +|- DEVICE - PRODUCT - DESCRIPTION   (+ = trusted), then per session\n"
	  "  SESSION:   TIME IDENTITY - RECOMMENDATION; last line 'N devices found'")
ADMIN_CMD(device, "show, trust, describe or delete a device",
	  "nea device show DEVICE\n"
	  "       nea device trust DEVICE yes|no\n"
	  "       nea device describe DEVICE TEXT\n"
	  "       nea device delete DEVICE\n"
	  "  DEVICE: its id, its Device ID or an unambiguous start of it")
ADMIN_CMD(results, "per-policy outcomes of sessions",
	  "nea results [--session ID | --device DEVICE]")
ADMIN_CMD(groups, "device groups as a tree with their member counts", "nea groups")
ADMIN_CMD(group, "add or delete a group, change members, set a product's default group",
	  "nea group add NAME [--parent GROUP]\n"
	  "       nea group delete NAME\n"
	  "       nea group member add|delete GROUP DEVICE\n"
	  "       nea group default PRODUCT GROUP\n"
	  "       nea group default PRODUCT --clear")
ADMIN_CMD(policies, "policies: what is measured and what a failure means", "nea policies")
ADMIN_CMD(policy, "add or delete a policy",
	  "nea policy add NAME --type CODE [--argument TEXT] [--rec-fail REC]\n"
	  "                    [--rec-noresult REC] [--file PATH] [--dir PATH]\n"
	  "       nea policy delete NAME\n"
	  "  CODE: PCKGS UNSRC FWDEN PWDEN FREFM FMEAS FMETA DREFM DMEAS DMETA\n"
	  "        TCPOP TCPBL UDPOP UDPBL SWIDT TPMRA\n"
	  "  TCPOP/UDPOP --argument: the ports allowed open (\"22 443\", \"10000-65000\"),\n"
	  "  empty = none; TCPBL/UDPBL: the ports that must be closed."
	  REC " (default no-access)\n"
	  "  example: nea policy add 'TCP 22 443' --type TCPOP --argument '22 443'")
ADMIN_CMD(enforcements, "which group gets which policy", "nea enforcements")
ADMIN_CMD(enforcement, "enforce a policy on a group, or stop enforcing it",
	  "nea enforcement add POLICY GROUP [--max-age SECONDS] [--rec-fail REC]\n"
	  "                    [--rec-noresult REC]\n"
	  "       nea enforcement delete POLICY GROUP"
	  REC "\n"
	  "  example: nea enforcement delete 'No Open TCP Ports' Default\n"
	  "           nea enforcement add 'TCP 22 443' Default")
ADMIN_CMD(products, "products (operating systems)", "nea products")
ADMIN_CMD(product, "add or delete a product",
	  "nea product add NAME\n"
	  "       nea product delete NAME\n"
	  "  NAME as the OS IMV reports it, e.g. 'Debian 12 x86_64'")
ADMIN_CMD(packages, "packages, or a product's package versions", "nea packages [--product NAME]")
ADMIN_CMD(package, "add or delete a package",
	  "nea package add NAME [--blacklist]\n"
	  "       nea package delete NAME")
ADMIN_CMD(versions, "known releases of a package", "nea versions PACKAGE [--product NAME]")
ADMIN_CMD(version, "add or delete a known release of a package",
	  "nea version add PACKAGE RELEASE --product NAME [--security] [--blacklist]\n"
	  "       nea version delete PACKAGE RELEASE --product NAME\n"
	  "  A package with releases known for the product is ok when the installed\n"
	  "  release is one of them (RELEASE '*' = any), blacklisted when that release\n"
	  "  has --blacklist, and vulnerable (not updated) when it is none of them.")
