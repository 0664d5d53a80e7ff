/* Delete payload (RFC 7296 §3.11). */
#include "ike_payload.h"

/*
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   | Protocol ID   |   SPI Size    |          Num of SPIs          |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   ~               Security Parameter Index(es) (SPI)              ~
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   Deleting the IKE SA: SPI size 0 and no SPIs (the header names the SA).
 *   Deleting CHILD_SAs: SPI size 4 and Num of SPIs * 4 bytes of SPIs.
 */
static const char *check(const ike_pl_delete_t *d)
{
	switch (d->proto) {
	case IKE_PROTO_IKE:
		return d->spi_len == 0 && d->nspi == 0 ? NULL
						       : "IKE SA delete must have no SPIs";
	case IKE_PROTO_AH:
	case IKE_PROTO_ESP:
		return d->spi_len == 4 ? NULL : "CHILD_SA delete needs 4-byte SPIs";
	default:
		return "delete for unknown protocol";
	}
}

int ike_pl_delete_parse(ike_pl_delete_t *d, nea_rd_t *r, size_t base, nea_perr_t *err)
{
	const char *why;

	if (!nea_rd_u8(r, &d->proto) || !nea_rd_u8(r, &d->spi_len) || !nea_rd_u16(r, &d->nspi))
		return IKE_PERR(err, NEA_ETRUNC, r, base, "delete payload needs 4 bytes");
	why = check(d);
	if (why)
		return nea_perr(err, NEA_EINVAL, base, "%s (protocol %u, SPI size %u, %u SPIs)",
				why, d->proto, d->spi_len, d->nspi);
	/* 16 bits times 8 bits cannot overflow size_t. */
	d->spis.len = (size_t)d->nspi * d->spi_len;
	if (nea_rd_left(r) != d->spis.len)
		return nea_perr(err, NEA_EINVAL, base + 4, "%u SPIs need %zu bytes, payload has %zu",
				d->nspi, d->spis.len, nea_rd_left(r));
	nea_rd_bytes(r, d->spis.len, &d->spis.ptr);
	return 0;
}

int ike_pl_delete_build(const ike_pl_delete_t *d, nea_wr_t *w)
{
	if (check(d) || d->spis.len != (size_t)d->nspi * d->spi_len)
		return NEA_EINVAL;
	nea_wr_u8(w, d->proto);
	nea_wr_u8(w, d->spi_len);
	nea_wr_u16(w, d->nspi);
	nea_wr_bytes(w, d->spis.ptr, d->spis.len);
	return nea_wr_error(w);
}
