/*
 * pdb_strbuf: a growing text buffer for command output.
 *
 * Contract: appending never fails loudly; the first allocation failure
 * marks the buffer (oom) and later appends do nothing, so a command can
 * write its lines and check once at the end with pdb_sb_take.
 */
#ifndef NEA_PDB_STRBUF_H
#define NEA_PDB_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
	char *p;
	size_t len, cap;
	bool oom;
} pdb_sb_t;

void pdb_sb_printf(pdb_sb_t *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pdb_sb_puts(pdb_sb_t *sb, const char *s);
/* Hand the text over (never NULL unless out of memory: then NULL and the
 * buffer is freed). The buffer is empty afterwards. */
char *pdb_sb_take(pdb_sb_t *sb);
void pdb_sb_free(pdb_sb_t *sb);

#endif
