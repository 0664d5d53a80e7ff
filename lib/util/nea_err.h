/*
 * nea_err: the project's error vocabulary.
 *
 * Contract: every function that can fail returns 0 (or a non-negative
 * count) on success and one of the negative NEA_E* codes on failure, in the
 * manner of libuv. Parsers of network input additionally fill a nea_perr_t
 * that names the byte offset where the input went wrong, so a log line can
 * say exactly which byte was at fault.
 */
#ifndef NEA_ERR_H
#define NEA_ERR_H

#include <stddef.h>

enum {
	NEA_OK = 0,
	NEA_ENOMEM = -1,       /* allocation failed */
	NEA_ETRUNC = -2,       /* input ended before a field did */
	NEA_EINVAL = -3,       /* a field holds a value the protocol forbids */
	NEA_ETOOBIG = -4,      /* a length exceeds its container or a limit */
	NEA_EVERSION = -5,     /* unsupported protocol version */
	NEA_EUNSUPPORTED = -6, /* a mandatory element we do not implement */
	NEA_EIO = -7,          /* system call failed; errno was logged */
	NEA_ESTATE = -8,       /* not permitted in the current state */
	NEA_ENOTFOUND = -9,    /* lookup found nothing */
	NEA_EPERM = -10,       /* peer or caller not allowed */
	NEA_EEXIST = -11,      /* already exists */
	NEA_ECLOSED = -12,     /* peer went away */
	NEA_EAGAIN = -13,      /* incomplete, call again with more data */
	NEA_ECONFIG = -14,     /* configuration error */
	NEA_ECRYPTO = -15,     /* a cryptographic operation failed */
	NEA_EAUTH = -16,       /* authentication failed */
};

/* Human-readable name of a NEA_E* code (never NULL). */
const char *nea_strerror(int code);

/* A parse failure: which code, at which byte offset, and why. */
typedef struct {
	int code;
	size_t offset;
	char msg[160];
} nea_perr_t;

/*
 * Record a parse failure and return code, so a parser can write
 *     return nea_perr(err, NEA_ETRUNC, off, "batch header needs %d bytes", 8);
 * err may be NULL, in which case only the code is returned.
 */
int nea_perr(nea_perr_t *err, int code, size_t offset, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
