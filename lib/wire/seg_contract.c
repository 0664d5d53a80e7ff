#include "seg_contract.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OVERHEAD (PATNC_MSG_HDR_LEN + PATNC_ATTR_HDR_LEN + SEG_ENV_HDR_LEN)

uint32_t seg_max_seg_for_msg(uint32_t max_msg_len)
{
	if (max_msg_len == SEG_NO_LIMIT)
		return SEG_NO_LIMIT;
	return max_msg_len > OVERHEAD ? max_msg_len - OVERHEAD : 0;
}

int seg_contract_init(seg_contract_t *c, uint32_t pa_vendor, uint32_t pa_subtype, seg_dir_t dir,
		      uint32_t max_msg_size, uint32_t max_seg_size)
{
	memset(c, 0, sizeof(*c));
	if (pa_vendor > 0xffffffu)
		return NEA_EINVAL;
	c->pa_vendor = pa_vendor;
	c->pa_subtype = pa_subtype;
	c->dir = dir;
	c->max_msg_size = max_msg_size;
	c->max_seg_size = max_seg_size;
	c->rx_limit = SEG_RX_LIMIT_DEFAULT;
	return 0;
}

void seg_contract_free(seg_contract_t *c)
{
	size_t i;

	for (i = 0; i < c->ntx; i++)
		seg_tx_free(&c->tx[i]);
	for (i = 0; i < c->nrx; i++)
		seg_rx_free(&c->rx[i]);
	seg_tx_free(&c->retired);
	free(c->tx);
	free(c->rx);
	memset(c, 0, sizeof(*c));
}

void seg_contract_set(seg_contract_t *c, uint32_t max_msg_size, uint32_t max_seg_size)
{
	c->max_msg_size = max_msg_size;
	c->max_seg_size = max_seg_size;
}

void seg_contract_set_rx_limit(seg_contract_t *c, size_t bytes)
{
	c->rx_limit = bytes;
}

bool seg_contract_is_null(const seg_contract_t *c)
{
	return c->max_msg_size == SEG_NO_LIMIT && c->max_seg_size == SEG_NO_LIMIT;
}

void seg_contract_to_attr(const seg_contract_t *c, attr_tcg_seg_contract_t *out)
{
	out->max_msg_size = c->max_msg_size;
	out->max_seg_size = c->max_seg_size;
}

void seg_contract_describe(const seg_contract_t *c, char *buf, size_t len)
{
	char msg[64], seg[64];

	if (!len)
		return;
	if (seg_contract_is_null(c)) {
		snprintf(buf, len, "null contract");
		return;
	}
	if (c->max_msg_size == SEG_NO_LIMIT)
		snprintf(msg, sizeof(msg), "no message size limit");
	else
		snprintf(msg, sizeof(msg), "maximum message size of %u bytes", c->max_msg_size);
	if (c->max_seg_size == SEG_NO_LIMIT)
		snprintf(seg, sizeof(seg), "no segmentation");
	else
		snprintf(seg, sizeof(seg), "maximum segment size of %u bytes", c->max_seg_size);
	snprintf(buf, len, "%s, %s", msg, seg);
}

int seg_contract_check(const seg_contract_t *c, size_t attr_len, bool *oversize)
{
	size_t value_len;

	*oversize = false;
	if (seg_contract_is_null(c) || attr_len < PATNC_ATTR_HDR_LEN)
		return 0;
	if (attr_len > c->max_msg_size) {
		*oversize = true;
		return 0;
	}
	if (c->max_seg_size == SEG_NO_LIMIT)
		return 0;
	value_len = attr_len - PATNC_ATTR_HDR_LEN;
	return value_len > (size_t)c->max_seg_size + SEG_ENV_HDR_LEN;
}

static void retire(seg_contract_t *c, size_t i)
{
	seg_tx_free(&c->retired);
	c->retired = c->tx[i];
	c->tx[i] = c->tx[--c->ntx];
}

int seg_contract_first(seg_contract_t *c, const uint8_t *attr, size_t len, uint64_t now,
		       attr_tcg_seg_env_t *env)
{
	seg_tx_t tx, *p;
	uint32_t id;
	size_t bytes;
	int rc;

	if (c->dir != SEG_DIR_TX || c->max_seg_size == SEG_NO_LIMIT)
		return NEA_ESTATE;
	if (c->last_base_id >= SEG_BASE_ID_MAX)
		return NEA_ETOOBIG; /* 24-bit id space exhausted */
	id = c->last_base_id + 1;
	rc = seg_tx_init(&tx, id, attr, len, c->max_seg_size);
	if (rc)
		return rc;
	if (!nea_mul_size(c->ntx + 1, sizeof(*p), &bytes) || !(p = realloc(c->tx, bytes))) {
		seg_tx_free(&tx);
		return NEA_ENOMEM;
	}
	c->tx = p;
	tx.touched = now;
	c->tx[c->ntx++] = tx;
	c->last_base_id = id;
	seg_tx_first(&c->tx[c->ntx - 1], env);
	return 0;
}

int seg_contract_next(seg_contract_t *c, const attr_tcg_seg_next_t *req, uint64_t now,
		      attr_tcg_seg_env_t *env, bool *last)
{
	size_t i;
	int rc;

	for (i = 0; i < c->ntx; i++) {
		if (c->tx[i].base_id != req->base_id)
			continue;
		if (req->cancel) {
			seg_tx_free(&c->tx[i]);
			c->tx[i] = c->tx[--c->ntx];
			return 1;
		}
		rc = seg_tx_next(&c->tx[i], env, last);
		if (rc)
			return rc;
		c->tx[i].touched = now;
		if (*last)
			retire(c, i); /* env keeps pointing into the retired copy */
		return 0;
	}
	return NEA_ENOTFOUND;
}

static seg_rx_t *find_rx(seg_contract_t *c, uint32_t base_id, size_t *idx)
{
	size_t i;

	for (i = 0; i < c->nrx; i++) {
		if (c->rx[i].base_id == base_id) {
			*idx = i;
			return &c->rx[i];
		}
	}
	return NULL;
}

static void drop_rx(seg_contract_t *c, size_t i)
{
	c->rx_reserved -= c->rx[i].declared;
	seg_rx_free(&c->rx[i]);
	c->rx[i] = c->rx[--c->nrx];
}

static size_t rx_attr_limit(const seg_contract_t *c)
{
	size_t free_budget = c->rx_limit > c->rx_reserved ? c->rx_limit - c->rx_reserved : 0;

	if (c->max_msg_size != SEG_NO_LIMIT && c->max_msg_size < free_budget)
		return c->max_msg_size;
	return free_budget;
}

static int rx_first(seg_contract_t *c, const attr_tcg_seg_env_t *env, uint64_t now,
		    seg_attr_t *out, patnc_fault_t *fault)
{
	seg_rx_t rx, *p;
	size_t bytes;
	int rc;

	if (c->nrx >= SEG_RX_MAX_PENDING)
		return nea_perr(&fault->perr, NEA_EAGAIN, 0,
				"%d reassemblies pending, first segment of %u refused",
				SEG_RX_MAX_PENDING, env->base_id);
	rc = seg_rx_start(&rx, env->base_id, env->segment, env->segment_len, rx_attr_limit(c), out,
			  fault);
	if (rc != SEG_MORE) {
		seg_rx_free(&rx);
		return rc;
	}
	if (!(env->flags & SEG_ENV_FLAG_MORE)) {
		/* a single first-and-last segment that leaves the attribute short */
		patnc_fault_t *f = fault;

		f->has_error = true;
		attr_ietf_pa_tnc_error_invalid_param(&f->error, rx.msg_info, 8);
		seg_rx_free(&rx);
		return nea_perr(&f->perr, NEA_ETRUNC, 8,
				"base message ID %u: last segment leaves attribute incomplete",
				env->base_id);
	}
	if (!nea_mul_size(c->nrx + 1, sizeof(*p), &bytes) || !(p = realloc(c->rx, bytes))) {
		seg_rx_free(&rx);
		return nea_perr(&fault->perr, NEA_ENOMEM, 0, "no memory for a reassembly");
	}
	c->rx = p;
	rx.touched = now;
	c->rx[c->nrx++] = rx;
	c->rx_reserved += rx.declared;
	return SEG_MORE;
}

int seg_contract_add(seg_contract_t *c, const attr_tcg_seg_env_t *env, uint64_t now,
		     seg_attr_t *out, patnc_fault_t *fault)
{
	seg_rx_t *rx;
	size_t i;
	int rc;

	memset(fault, 0, sizeof(*fault));
	memset(out, 0, sizeof(*out));
	if (c->dir != SEG_DIR_RX)
		return nea_perr(&fault->perr, NEA_ESTATE, 0, "segment on a sending contract");
	rx = find_rx(c, env->base_id, &i);
	if (env->flags & SEG_ENV_FLAG_START) {
		if (rx)
			return nea_perr(&fault->perr, NEA_EEXIST, 0,
					"base message ID %u is already in use", env->base_id);
		return rx_first(c, env, now, out, fault);
	}
	if (!rx)
		return nea_perr(&fault->perr, NEA_ENOTFOUND, 0, "base message ID %u not found",
				env->base_id);
	if (!rx->awaiting)
		return nea_perr(&fault->perr, NEA_ESTATE, 0,
				"unrequested segment for base message ID %u dropped", env->base_id);
	rx->awaiting = false;
	rx->touched = now;
	rc = seg_rx_add(rx, env->segment, env->segment_len, env->flags & SEG_ENV_FLAG_MORE, out,
			fault);
	if (rc != SEG_MORE)
		drop_rx(c, i);
	return rc;
}

int seg_contract_request_next(seg_contract_t *c, uint32_t base_id, attr_tcg_seg_next_t *out)
{
	seg_rx_t *rx;
	size_t i;

	rx = find_rx(c, base_id, &i);
	if (!rx)
		return NEA_ENOTFOUND;
	if (rx->awaiting)
		return NEA_ESTATE;
	rx->awaiting = true;
	out->cancel = false;
	out->base_id = base_id;
	return 0;
}

int seg_contract_cancel(seg_contract_t *c, uint32_t base_id, attr_tcg_seg_next_t *out)
{
	size_t i;

	if (!find_rx(c, base_id, &i))
		return NEA_ENOTFOUND;
	drop_rx(c, i);
	out->cancel = true;
	out->base_id = base_id;
	return 0;
}

size_t seg_contract_pending(const seg_contract_t *c)
{
	return c->dir == SEG_DIR_RX ? c->nrx : c->ntx;
}

size_t seg_contract_expire(seg_contract_t *c, uint64_t now, uint64_t max_idle)
{
	size_t i = 0, n = 0;

	while (i < c->nrx) {
		if (now - c->rx[i].touched > max_idle) {
			drop_rx(c, i);
			n++;
		} else {
			i++;
		}
	}
	i = 0;
	while (i < c->ntx) {
		if (now - c->tx[i].touched > max_idle) {
			seg_tx_free(&c->tx[i]);
			c->tx[i] = c->tx[--c->ntx];
			n++;
		} else {
			i++;
		}
	}
	return n;
}
