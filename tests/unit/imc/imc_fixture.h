/*
 * Shared helpers of the IMC suites: the fixture root (fixtures/debian12,
 * the captured strongSwan client's host) and scratch directories.
 */
#ifndef IMC_FIXTURE_H
#define IMC_FIXTURE_H

#include <stddef.h>

/* $NEA_SOURCE_DIR/tests/unit/imc/fixtures/<rel> into buf (aborts on failure). */
const char *imcf_path(char *buf, size_t size, const char *rel);
/* Whole fixture file; caller frees. */
char *imcf_read(const char *rel, size_t *len);
/* A fresh temp directory (removed by imcf_rmtree). */
void imcf_tmpdir(char *buf, size_t size);
/* Write text to dir/rel, creating parent directories. */
void imcf_write(const char *dir, const char *rel, const char *text, size_t len);
void imcf_rmtree(const char *dir);

#endif
