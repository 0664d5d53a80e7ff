/*
 * pdb_sql_embed: the schema (policy/sql/tables.sql) and seed data
 * (policy/sql/data.sql) compiled into the binary by policy/sql/embed.cmake.
 *
 * Contract: each array is the file's bytes followed by one NUL; the _len
 * value excludes the NUL. Only pdb_open uses them, to create a database on
 * first start.
 */
#ifndef PDB_SQL_EMBED_H
#define PDB_SQL_EMBED_H

#include <stddef.h>

extern const char pdb_sql_tables[];
extern const size_t pdb_sql_tables_len;
extern const char pdb_sql_data[];
extern const size_t pdb_sql_data_len;

#endif
