#include "attr_ietf_installed_packages.h"

#include "attr_common.h"
#include "attr_types.h"

#define FIXED_LEN 4
#define MIN_ENTRY_LEN 2 /* two empty strings */

/*
 * IETF Installed Packages value (RFC 5792 4.2.7):
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          Reserved             |         Package Count         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Pkg Name Len |        Package Name (Variable Length)         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Version Len  |    Package Version Number (Variable Length)   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                              ...                              |
 */
int attr_ietf_installed_packages_parse(const uint8_t *v, size_t len,
				       attr_ietf_installed_packages_t *out, nea_perr_t *err)
{
	uint16_t reserved, count;
	nea_rd_t r;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = attr_min(len, FIXED_LEN, err, "installed packages");
	if (rc)
		return rc;
	nea_rd_init(&r, v, len);
	if (!nea_rd_u16(&r, &reserved) || !nea_rd_u16(&r, &count))
		return nea_perr(err, NEA_ETRUNC, r.off, "installed packages header cut short");
	rc = attr_alloc_array((void **)&out->entries, count, sizeof(*out->entries), MIN_ENTRY_LEN,
			      nea_rd_left(&r), 2, err, "packages");
	if (rc)
		return rc;
	for (i = 0; i < count; i++) {
		attr_ietf_package_t *p = &out->entries[i];

		rc = attr_rd_str8(&r, &p->name, &p->name_len, err, "package name");
		if (!rc)
			rc = attr_rd_str8(&r, &p->version, &p->version_len, err, "package version");
		if (rc) {
			attr_ietf_installed_packages_release(out);
			return rc;
		}
	}
	out->count = count;
	if (nea_rd_left(&r)) {
		size_t at = r.off;

		attr_ietf_installed_packages_release(out);
		return nea_perr(err, NEA_EINVAL, at, "%zu bytes after %u packages", len - at, count);
	}
	return 0;
}

int attr_ietf_installed_packages_build(const attr_ietf_installed_packages_t *in, nea_wr_t *w)
{
	size_t i;

	if (in->count > 0xffff)
		return NEA_EINVAL;
	for (i = 0; i < in->count; i++)
		if (in->entries[i].name_len > 255 || in->entries[i].version_len > 255)
			return NEA_EINVAL;
	nea_wr_u16(w, 0);
	nea_wr_u16(w, (uint16_t)in->count);
	for (i = 0; i < in->count; i++) {
		const attr_ietf_package_t *p = &in->entries[i];

		nea_wr_u8(w, (uint8_t)p->name_len);
		nea_wr_bytes(w, p->name, p->name_len);
		nea_wr_u8(w, (uint8_t)p->version_len);
		nea_wr_bytes(w, p->version, p->version_len);
	}
	return nea_wr_error(w);
}

void attr_ietf_installed_packages_print(const attr_ietf_installed_packages_t *in, nea_wr_t *o)
{
	size_t i;

	patnc_pr(o, "  %zu packages\n", in->count);
	for (i = 0; i < in->count; i++) {
		patnc_pr(o, "  ");
		patnc_pr_str(o, in->entries[i].name, in->entries[i].name_len);
		patnc_pr(o, " ");
		patnc_pr_str(o, in->entries[i].version, in->entries[i].version_len);
		patnc_pr(o, "\n");
	}
}

void attr_ietf_installed_packages_release(attr_ietf_installed_packages_t *a)
{
	free(a->entries);
	a->entries = NULL;
	a->count = 0;
}

PATNC_RELEASE_DEFINE(rel, attr_ietf_installed_packages_t, attr_ietf_installed_packages_release)
PATNC_CODEC_DEFINE(attr_ietf_installed_packages_codec, attr_ietf_installed_packages_t, PEN_IETF,
		   IETF_ATTR_INSTALLED_PACKAGES, attr_ietf_installed_packages, rel);
