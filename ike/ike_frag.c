#include "ike_frag.h"

#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

#include "ike_types.h"

#define SKF_HDR_LEN 8

/* Keep at least one byte, as charon's REDUCE_FRAG_LEN does. */
static size_t reduce(size_t len, size_t by)
{
	return len > by ? len - by : 1;
}

/* Largest IKE message that fits one datagram of frag_size. */
static size_t msg_max(size_t frag_size, bool ipv6, bool natt)
{
	size_t len = frag_size ? frag_size : IKE_FRAG_SIZE_DEFAULT;

	len = reduce(len, ipv6 ? 40 : 20);
	len = reduce(len, 8);
	if (natt)
		len = reduce(len, 4);
	return len;
}

size_t ike_frag_chunk_len(const ike_sk_key_t *k, size_t frag_size, bool ipv6, bool natt)
{
	size_t len = msg_max(frag_size, ipv6, natt);
	size_t icv = k->encr.aead ? k->encr.icv_len : k->integ.icv_len;

	len = reduce(len, IKE_HDR_LEN);
	len = reduce(len, k->encr.iv_len);
	len = reduce(len, icv);
	len = reduce(len, SKF_HDR_LEN);
	if (k->encr.block_len > 1)
		len -= len % k->encr.block_len;
	return len > 1 ? len - 1 : 0; /* pad length octet */
}

void ike_packets_free(ike_packet_t *pkts, size_t n)
{
	if (!pkts)
		return;
	for (size_t i = 0; i < n; i++)
		free(pkts[i].data);
	free(pkts);
}

int ike_frag_split(ike_sk_key_t *k, const ike_hdr_t *h, const ike_payload_t *pl, size_t n,
		   size_t frag_size, bool ipv6, bool natt, ike_packet_t **pkts, size_t *npkts)
{
	nea_wr_t inner, w;
	ike_packet_t *out = NULL;
	size_t chunk, count = 0, off = 0;
	int rc;

	*pkts = NULL;
	*npkts = 0;
	if (n == 0)
		return NEA_EINVAL;
	nea_wr_init(&inner, IKE_MSG_MAX);
	rc = ike_payloads_build(pl, n, &inner);
	if (rc)
		goto out;
	if (IKE_HDR_LEN + 4 + ike_sk_body_len(k, inner.len) <= msg_max(frag_size, ipv6, natt)) {
		count = 1;
		chunk = inner.len;
	} else {
		chunk = ike_frag_chunk_len(k, frag_size, ipv6, natt);
		if (!chunk) {
			rc = NEA_EINVAL;
			goto out;
		}
		count = inner.len / chunk + (inner.len % chunk ? 1 : 0);
		if (count > UINT16_MAX) {
			rc = NEA_ETOOBIG;
			goto out;
		}
	}
	out = calloc(count, sizeof(*out));
	if (!out) {
		rc = NEA_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < count; i++) {
		size_t len = inner.len - off < chunk ? inner.len - off : chunk;
		ike_skf_pos_t pos = { (uint16_t)(i + 1), (uint16_t)count };

		nea_wr_init(&w, 0);
		if (count == 1)
			rc = ike_sk_seal(k, h, pl[0].type, NULL, inner.ptr, inner.len, &w);
		else
			rc = ike_sk_seal(k, h, i == 0 ? pl[0].type : IKE_PL_NONE, &pos,
					 inner.ptr + off, len, &w);
		if (rc) {
			nea_wr_free(&w);
			goto out;
		}
		out[i].data = nea_wr_detach(&w, &out[i].len);
		if (!out[i].data) {
			rc = NEA_ENOMEM;
			goto out;
		}
		off += len;
	}
	*pkts = out;
	*npkts = count;
	out = NULL;
out:
	ike_packets_free(out, count);
	if (inner.ptr)
		OPENSSL_cleanse(inner.ptr, inner.len);
	nea_wr_free(&inner);
	return rc;
}

void ike_reasm_init(ike_reasm_t *r, size_t max_bytes, uint16_t max_frags)
{
	memset(r, 0, sizeof(*r));
	r->max_bytes = max_bytes ? max_bytes : IKE_REASM_MAX_BYTES_DEFAULT;
	r->max_frags = max_frags ? max_frags : IKE_REASM_MAX_FRAGS_DEFAULT;
}

void ike_reasm_reset(ike_reasm_t *r)
{
	size_t max_bytes = r->max_bytes;
	uint16_t max_frags = r->max_frags;

	if (r->frags) {
		for (size_t i = 0; i < r->total; i++) {
			if (r->frags[i].data)
				OPENSSL_cleanse(r->frags[i].data, r->frags[i].len);
			free(r->frags[i].data);
		}
		free(r->frags);
	}
	ike_reasm_init(r, max_bytes, max_frags);
}

static int start(ike_reasm_t *r, const ike_msg_t *m, uint16_t total)
{
	ike_reasm_reset(r);
	r->frags = calloc(total, sizeof(*r->frags));
	if (!r->frags)
		return NEA_ENOMEM;
	r->active = true;
	r->msg_id = m->hdr.msg_id;
	r->exchange = m->hdr.exchange;
	r->flags = m->hdr.flags & IKE_FLAG_RESPONSE;
	r->total = total;
	return 0;
}

int ike_reasm_add(ike_reasm_t *r, const ike_sk_key_t *k, ike_msg_t *m, nea_perr_t *err)
{
	const ike_payload_t *p;
	const uint8_t *plain;
	size_t len, sum;
	uint16_t num, total;
	uint8_t *copy;
	int rc;

	if (m->sk == IKE_NO_SK || m->pl[m->sk].type != IKE_PL_SKF)
		return nea_perr(err, NEA_EINVAL, IKE_HDR_LEN, "not an encrypted fragment");
	p = &m->pl[m->sk];
	num = p->u.skf.num;
	total = p->u.skf.total;
	/* authenticate before the fragment may influence any state, so a
	 * forged one cannot even make us drop what was collected */
	rc = ike_sk_open(k, m, &plain, &len, err);
	if (rc)
		return rc;
	if (total > r->max_frags) {
		ike_reasm_reset(r);
		return nea_perr(err, NEA_ETOOBIG, p->offset + 6, "%u fragments, at most %u accepted",
				total, r->max_frags);
	}
	if (!r->active || r->msg_id != m->hdr.msg_id || total > r->total) {
		rc = start(r, m, total);
		if (rc)
			return rc;
	} else if (total < r->total) {
		return NEA_EAGAIN; /* stale fragment of an earlier split */
	}
	if (m->hdr.exchange != r->exchange || (m->hdr.flags & IKE_FLAG_RESPONSE) != r->flags)
		return nea_perr(err, NEA_EINVAL, 18, "fragment of another exchange");
	if (r->frags[num - 1].data)
		return NEA_EAGAIN; /* duplicate */
	if (!nea_add_size(r->bytes, len, &sum) || sum > r->max_bytes) {
		ike_reasm_reset(r);
		return nea_perr(err, NEA_ETOOBIG, p->offset,
				"reassembled message would exceed %zu bytes", r->max_bytes);
	}
	/* an empty fragment still needs a non-NULL marker of its arrival */
	copy = malloc(len ? len : 1);
	if (!copy)
		return NEA_ENOMEM;
	if (len)
		memcpy(copy, plain, len);
	r->frags[num - 1].data = copy;
	r->frags[num - 1].len = len;
	r->bytes = sum;
	r->received++;
	if (num == 1)
		r->first = p->u.skf.first;
	return r->received == r->total ? 0 : NEA_EAGAIN;
}

int ike_reasm_finish(ike_reasm_t *r, ike_msg_t *m, nea_perr_t *err)
{
	uint8_t *buf;
	size_t off = 0;
	int rc;

	if (!r->active || r->received != r->total)
		return NEA_ESTATE;
	buf = ike_arena_alloc(&m->arena, r->bytes ? r->bytes : 1);
	if (!buf)
		return NEA_ENOMEM;
	for (size_t i = 0; i < r->total; i++) {
		if (r->frags[i].len)
			memcpy(buf + off, r->frags[i].data, r->frags[i].len);
		off += r->frags[i].len;
	}
	rc = ike_msg_parse_inner(m, r->first, buf, off, err);
	ike_reasm_reset(r);
	return rc;
}
