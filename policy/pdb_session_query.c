/*
 * Session and workitem state as nea-policyd checks it: does a session
 * exist, was it stopped, which device is it for, which workitem belongs to
 * which session, which sessions did nobody stop (see pdb.h).
 */
#include <stdlib.h>
#include <string.h>

#include "nea_err.h"
#include "pdb_int.h"

/* Columns 0..6 of every statement below, in pdb_session_info_t order. */
#define SESSION_INFO_COLUMNS                                                        \
	"s.id, s.connection, s.time, s.device, s.rec, "                            \
	"(SELECT count(*) FROM workitems AS w WHERE w.session = s.id), "           \
	"(SELECT count(*) FROM workitems AS w WHERE w.session = s.id AND w.rec_final IS NOT NULL) "

static void info_from_row(sqlite3_stmt *st, pdb_session_info_t *out)
{
	int64_t conn = sqlite3_column_int64(st, 1);

	out->id = sqlite3_column_int64(st, 0);
	/* strongSwan wrote TNCCS Connection IDs, which are 32-bit */
	out->connection = conn >= 0 && conn <= UINT32_MAX ? (uint32_t)conn : 0;
	out->time = sqlite3_column_int64(st, 2);
	out->device = sqlite3_column_int64(st, 3);
	/* a NULL rec (hand-made rows) reads as no recommendation */
	out->rec = sqlite3_column_type(st, 4) == SQLITE_NULL ? PDB_REC_NONE : sqlite3_column_int(st, 4);
	out->workitems = sqlite3_column_int64(st, 5);
	out->finalized = sqlite3_column_int64(st, 6);
}

int pdb_session_get(pdb_t *db, int64_t session, pdb_session_info_t *out)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = pdb_query(db, &st, "SELECT " SESSION_INFO_COLUMNS "FROM sessions AS s WHERE s.id = ?1",
		       "i", session);
	if (rc < 0)
		return rc;
	rc = pdb_row(db, st);
	if (rc == 1)
		info_from_row(st, out);
	pdb_done(st);
	if (rc < 0)
		return rc;
	return rc == 1 ? 0 : NEA_ENOTFOUND;
}

int pdb_session_device_value(pdb_t *db, int64_t session, char **value)
{
	int rc;

	*value = NULL;
	rc = pdb_text(db, value,
		      "SELECT CAST(d.value AS TEXT) FROM sessions AS s JOIN devices AS d "
		      "ON d.id = s.device WHERE s.id = ?1",
		      "i", session);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		*value = pdb_strdup("");
		if (!*value)
			return NEA_ENOMEM;
	}
	return 0;
}

int pdb_sessions_unstopped(pdb_t *db, int64_t since, bool newer, size_t max,
			   pdb_session_info_t **out, size_t *n)
{
	pdb_session_info_t *list = NULL;
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (max == 0)
		return 0;
	if (max > 1000000)
		max = 1000000;
	if (newer)
		rc = pdb_query(db, &st,
			       "SELECT " SESSION_INFO_COLUMNS "FROM sessions AS s "
			       "WHERE (s.rec = ?1 OR s.rec IS NULL) AND s.time > ?2 "
			       "ORDER BY s.time DESC, s.id DESC LIMIT ?3",
			       "Iii", PDB_REC_NONE, since, (int64_t)max);
	else
		rc = pdb_query(db, &st,
			       "SELECT " SESSION_INFO_COLUMNS "FROM sessions AS s "
			       "WHERE (s.rec = ?1 OR s.rec IS NULL) AND s.time <= ?2 AND EXISTS "
			       "(SELECT 1 FROM workitems AS w WHERE w.session = s.id) "
			       "ORDER BY s.time, s.id LIMIT ?3",
			       "Iii", PDB_REC_NONE, since, (int64_t)max);
	if (rc < 0)
		return rc;
	while ((rc = pdb_row(db, st)) == 1) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			pdb_session_info_t *p = reallocarray(list, ncap, sizeof(*p));

			if (!p) {
				rc = NEA_ENOMEM;
				break;
			}
			list = p;
			cap = ncap;
		}
		info_from_row(st, &list[(*n)++]);
	}
	pdb_done(st);
	if (rc < 0) {
		free(list);
		*n = 0;
		return rc;
	}
	*out = list;
	return 0;
}

void pdb_workitem_info_free(pdb_workitem_info_t *wi)
{
	if (!wi)
		return;
	free(wi->result);
	memset(wi, 0, sizeof(*wi));
}

int pdb_workitem_get(pdb_t *db, int64_t workitem, pdb_workitem_info_t *out)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = pdb_query(db, &st,
		       "SELECT id, session, type, rec_final, result FROM workitems WHERE id = ?1", "i",
		       workitem);
	if (rc < 0)
		return rc;
	rc = pdb_row(db, st);
	if (rc == 1) {
		out->id = sqlite3_column_int64(st, 0);
		out->session = sqlite3_column_int64(st, 1);
		out->type = sqlite3_column_int(st, 2);
		out->has_result = sqlite3_column_type(st, 3) != SQLITE_NULL;
		out->rec_final = out->has_result ? sqlite3_column_int(st, 3) : PDB_REC_NONE;
		out->result = pdb_strdup(pdb_col_text(st, 4));
		if (!out->result)
			rc = NEA_ENOMEM;
	}
	pdb_done(st);
	if (rc < 0) {
		pdb_workitem_info_free(out);
		return rc;
	}
	return rc == 1 ? 0 : NEA_ENOTFOUND;
}
