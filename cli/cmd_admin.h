/*
 * The operator commands that run against the policy database (nea
 * sessions, nea policy add ..., see cmd_admin_cmds.c): each forwards its
 * words to nea-policyd's admin.sock as an AdminRequest and prints the
 * AdminReply.
 *
 * Contract: cli_admin_forward(argc, argv, usage) with argv[0] = the command
 * name. It removes its own options wherever they stand before a "--":
 * --rundir DIR, --config FILE (default /etc/nea/nea.conf; gives nea.rundir
 * and nea.ipc.max_frame; without that file the run directory is /run/nea), --utc (times in UTC, as attest's " UTC " form),
 * --help; every other word is forwarded unchanged. Output goes to stdout,
 * the error text to stderr; the exit status is the reply's (0 ok, 1 a
 * name or value at fault, 2 usage, 3 database), or 1 when nea-policyd
 * cannot be reached or does not answer.
 */
#ifndef NEA_CLI_CMD_ADMIN_H
#define NEA_CLI_CMD_ADMIN_H

int cli_admin_forward(int argc, char **argv, const char *usage);

#endif
