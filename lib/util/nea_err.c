#include "nea_err.h"

#include <stdarg.h>
#include <stdio.h>

const char *nea_strerror(int code)
{
	switch (code) {
	case NEA_OK: return "success";
	case NEA_ENOMEM: return "out of memory";
	case NEA_ETRUNC: return "truncated input";
	case NEA_EINVAL: return "invalid value";
	case NEA_ETOOBIG: return "length exceeds limit";
	case NEA_EVERSION: return "unsupported version";
	case NEA_EUNSUPPORTED: return "unsupported element";
	case NEA_EIO: return "I/O error";
	case NEA_ESTATE: return "not permitted in this state";
	case NEA_ENOTFOUND: return "not found";
	case NEA_EPERM: return "permission denied";
	case NEA_EEXIST: return "already exists";
	case NEA_ECLOSED: return "connection closed";
	case NEA_EAGAIN: return "incomplete";
	case NEA_ECONFIG: return "configuration error";
	case NEA_ECRYPTO: return "cryptographic failure";
	case NEA_EAUTH: return "authentication failed";
	default: return "unknown error";
	}
}

int nea_perr(nea_perr_t *err, int code, size_t offset, const char *fmt, ...)
{
	if (err) {
		va_list ap;

		err->code = code;
		err->offset = offset;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return code;
}
