/*
 * pdb_admin: the operator command engine. The nea CLI forwards its argv
 * (without the program name: {"policy", "add", "Allowed TCP Ports", ...})
 * in an AdminRequest; nea-policyd runs it here against its database.
 *
 * Contract:
 *  - pdb_admin_run never prints; it returns the exit status for the CLI and
 *    hands back two malloc'd strings the caller frees: *out (the command's
 *    output, "" when it has none) and *err (the reason it failed, "" on
 *    success). Either may be NULL only if memory ran out.
 *  - Exit status: PDB_ADMIN_OK, PDB_ADMIN_FAILED (an unknown name, a bad
 *    value, a duplicate: the message names it), PDB_ADMIN_USAGE (unknown
 *    command, wrong arguments: the message carries the usage line),
 *    PDB_ADMIN_DBERR (the database failed; logged under [DB]).
 *  - Changes run in one transaction each; a failed command changes nothing.
 *  - List output follows strongSwan's attest tool where attest has the list
 *    (sessions, devices, products, packages); times are local unless utc.
 *  - "--utc" anywhere in argv has the same effect as utc = true.
 *  - Run "help" for the command list.
 */
#ifndef NEA_PDB_ADMIN_H
#define NEA_PDB_ADMIN_H

#include <stdbool.h>

#include "pdb.h"

enum {
	PDB_ADMIN_OK = 0,
	PDB_ADMIN_FAILED = 1,
	PDB_ADMIN_USAGE = 2,
	PDB_ADMIN_DBERR = 3,
};

int pdb_admin_run(pdb_t *db, int argc, char **argv, bool utc, char **out, char **err);

#endif
