/*
 * imc_file: how the collectors read the system files they measure
 * (/etc/os-release, /proc/..., the dpkg database, the machine-id).
 *
 * Contract: a file is read whole into a fresh buffer that is NUL-terminated
 * one byte past its length, up to a caller-given cap. A file larger than the
 * cap fails with NEA_ETOOBIG instead of being truncated silently, so a
 * collector never reports half a package list as if it were complete.
 * /proc files report size 0, so the size is learned by reading, never from
 * stat(). Missing files give NEA_ENOTFOUND, every other failure NEA_EIO;
 * errno is preserved for the caller's log line.
 */
#ifndef NEA_IMC_FILE_H
#define NEA_IMC_FILE_H

#include <stddef.h>

/* *buf (caller frees) holds *len bytes plus a terminating NUL. */
int imc_file_read(const char *path, size_t cap, char **buf, size_t *len);

/* dir + "/" + rel into out (no double slash); NEA_ETOOBIG if it does not fit. */
int imc_file_join(char *out, size_t size, const char *dir, const char *rel);

#endif
