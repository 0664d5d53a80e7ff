/*
 * policyd_db: where nea-policyd's database lives and how it is opened.
 *
 * Contract:
 *  - pd_db_location reads libimcv.database ("sqlite:///abs/path", or as
 *    strongSwan also accepts, "sqlite://relative/path", taken relative to
 *    the working directory nea-master started in) and writes the absolute
 *    file path. Returns 1 with a path, 0 when the key is not set, or
 *    NEA_ECONFIG / NEA_EUNSUPPORTED (logged) for a value it cannot use.
 *    libimcv.policy_script is logged as not needed.
 *  - pd_db_prepare runs in the privileged pre_init: creates the database's
 *    directory when it is missing (only the last path component, mode
 *    0750) and, when running as root, an empty database file (0640) before
 *    the drop, both owned by the daemon's user (uid, gid), so the
 *    unprivileged daemon can write the file and SQLite's -wal and -shm
 *    files next to it. An existing file or directory is never changed.
 *  - pd_db_open runs after the privilege drop: checks that the directory
 *    and file are writable for the daemon (saying how to fix it when not),
 *    opens the database (pdb_open: schema and seed data on first start)
 *    and logs "created ..." or "opened ...".
 */
#ifndef NEA_POLICYD_DB_H
#define NEA_POLICYD_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "nea_conf.h"
#include "pdb.h"

int pd_db_location(const nea_conf_t *conf, char *path, size_t len);
int pd_db_prepare(const char *path, bool as_root, uid_t uid, gid_t gid);
int pd_db_open(const char *path, pdb_t **db);

#endif
