/* IKE_SA table and life cycle; see iked_sa.h. */
#include "iked_sa.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "iked.h"
#include "iked_msg.h"
#include "iked_tnc.h"
#include "nea_err.h"
#include "nea_log.h"

#define INITIAL_BUCKETS 256
#define SRC_BUCKETS 1024

static size_t hash_bytes(const uint8_t *p, size_t n)
{
	/* FNV-1a: our SPIs are random, the peer's are not trusted to be; the
	 * per-bucket chains stay short either way because the table grows. */
	uint64_t h = 1469598103934665603ull;

	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211ull;
	}
	return (size_t)h;
}

static size_t hash_addr(const iked_addr_t *a)
{
	size_t len;
	const uint8_t *b = iked_addr_bytes(a, &len);

	return b ? hash_bytes(b, len) : 0;
}

int iked_sa_table_init(iked_sa_table_t *t)
{
	memset(t, 0, sizeof(*t));
	t->nbuckets = INITIAL_BUCKETS;
	t->mine = calloc(t->nbuckets, sizeof(*t->mine));
	t->peer = calloc(t->nbuckets, sizeof(*t->peer));
	t->nsrc_buckets = SRC_BUCKETS;
	t->src = calloc(t->nsrc_buckets, sizeof(*t->src));
	if (!t->mine || !t->peer || !t->src) {
		iked_sa_table_free(t);
		return NEA_ENOMEM;
	}
	return 0;
}

void iked_sa_table_free(iked_sa_table_t *t)
{
	if (t->src)
		for (size_t i = 0; i < t->nsrc_buckets; i++)
			while (t->src[i]) {
				iked_src_t *s = t->src[i];

				t->src[i] = s->next;
				free(s);
			}
	free(t->src);
	free(t->mine);
	free(t->peer);
	memset(t, 0, sizeof(*t));
}

/* Double the buckets once the table holds more SAs than buckets. */
static void maybe_grow(iked_sa_table_t *t)
{
	size_t n = t->nbuckets * 2;
	iked_sa_t **mine, **peer;

	if (t->count < t->nbuckets || n > (1u << 24))
		return;
	mine = calloc(n, sizeof(*mine));
	peer = calloc(n, sizeof(*peer));
	if (!mine || !peer) {
		free(mine);
		free(peer);
		return; /* longer chains, still correct */
	}
	for (iked_sa_t *sa = t->all; sa; sa = sa->next_all) {
		const uint8_t *spi = sa->initiator ? sa->spi_i : sa->spi_r;
		size_t b = hash_bytes(spi, IKE_SPI_LEN) & (n - 1);

		sa->next_mine = mine[b];
		mine[b] = sa;
		if (sa->in_peer_table) {
			b = hash_bytes(sa->spi_i, IKE_SPI_LEN) & (n - 1);
			sa->next_peer = peer[b];
			peer[b] = sa;
		}
	}
	free(t->mine);
	free(t->peer);
	t->mine = mine;
	t->peer = peer;
	t->nbuckets = n;
}

iked_sa_t *iked_sa_find(iked_t *ik, const uint8_t our_spi[IKE_SPI_LEN])
{
	iked_sa_table_t *t = &ik->sas;
	size_t b = hash_bytes(our_spi, IKE_SPI_LEN) & (t->nbuckets - 1);

	for (iked_sa_t *sa = t->mine[b]; sa; sa = sa->next_mine) {
		const uint8_t *spi = sa->initiator ? sa->spi_i : sa->spi_r;

		if (memcmp(spi, our_spi, IKE_SPI_LEN) == 0)
			return sa;
	}
	return NULL;
}

iked_sa_t *iked_sa_find_peer(iked_t *ik, const uint8_t spi_i[IKE_SPI_LEN],
			     const iked_addr_t *remote)
{
	iked_sa_table_t *t = &ik->sas;
	size_t b = hash_bytes(spi_i, IKE_SPI_LEN) & (t->nbuckets - 1);

	for (iked_sa_t *sa = t->peer[b]; sa; sa = sa->next_peer)
		if (memcmp(sa->spi_i, spi_i, IKE_SPI_LEN) == 0 && iked_addr_eq(&sa->remote, remote))
			return sa;
	return NULL;
}

static iked_src_t **src_slot(iked_t *ik, const iked_addr_t *a)
{
	iked_sa_table_t *t = &ik->sas;
	iked_src_t **pp = &t->src[hash_addr(a) & (t->nsrc_buckets - 1)];

	while (*pp && !iked_addr_ip_eq(&(*pp)->ip, a))
		pp = &(*pp)->next;
	return pp;
}

unsigned iked_sa_half_open_from(iked_t *ik, const iked_addr_t *remote)
{
	iked_src_t *s = *src_slot(ik, remote);

	return s ? s->half_open : 0;
}

static void half_open_inc(iked_sa_t *sa)
{
	iked_src_t **pp = src_slot(sa->ik, &sa->remote);

	if (!*pp) {
		*pp = calloc(1, sizeof(**pp));
		if (!*pp)
			return; /* not counted per source; the total still is */
		(*pp)->ip = sa->remote;
	}
	(*pp)->half_open++;
	sa->ik->sas.half_open++;
	sa->half_open_counted = true;
}

static void half_open_dec(iked_sa_t *sa)
{
	iked_src_t **pp;

	if (!sa->half_open_counted)
		return;
	sa->half_open_counted = false;
	sa->ik->sas.half_open--;
	pp = src_slot(sa->ik, &sa->remote);
	if (*pp && --(*pp)->half_open == 0) {
		iked_src_t *s = *pp;

		*pp = s->next;
		free(s);
	}
}

static void on_rtx(uv_timer_t *h);
static void on_life(uv_timer_t *h);

int iked_sa_create(iked_t *ik, bool initiator, const iked_addr_t *local, const iked_addr_t *remote,
		   const uint8_t *peer_spi_i, iked_sa_t **out)
{
	iked_sa_table_t *t = &ik->sas;
	iked_sa_t *sa;
	uint8_t spi[IKE_SPI_LEN];
	size_t b;

	if (t->count >= ik->cfg->max_sas)
		return NEA_ETOOBIG;
	do {
		if (RAND_bytes(spi, sizeof(spi)) != 1)
			return NEA_ECRYPTO;
	} while (!memcmp(spi, "\0\0\0\0\0\0\0\0", 8) || iked_sa_find(ik, spi));
	sa = calloc(1, sizeof(*sa));
	if (!sa)
		return NEA_ENOMEM;
	sa->ik = ik;
	sa->unique = ++ik->next_unique;
	sa->cfg = iked_cfg_ref(ik->cfg);
	sa->initiator = initiator;
	sa->local = *local;
	sa->remote = *remote;
	sa->created = sa->last_seen = iked_now(ik);
	if (initiator) {
		memcpy(sa->spi_i, spi, IKE_SPI_LEN);
		sa->state = IKED_SA_CONNECTING;
	} else {
		memcpy(sa->spi_i, peer_spi_i, IKE_SPI_LEN);
		memcpy(sa->spi_r, spi, IKE_SPI_LEN);
		sa->state = IKED_SA_HALF_OPEN;
	}
	ike_reasm_init(&sa->reasm, IKE_REASM_MAX_BYTES_DEFAULT, IKE_REASM_MAX_FRAGS_DEFAULT);
	iked_eap_init(&sa->eap, sa, !initiator);
	uv_timer_init(ik->loop, &sa->rtx_timer);
	uv_timer_init(ik->loop, &sa->life_timer);
	sa->rtx_timer.data = sa->life_timer.data = sa;
	sa->open_handles = 2;

	b = hash_bytes(spi, IKE_SPI_LEN) & (t->nbuckets - 1);
	sa->next_mine = t->mine[b];
	t->mine[b] = sa;
	if (!initiator) {
		b = hash_bytes(sa->spi_i, IKE_SPI_LEN) & (t->nbuckets - 1);
		sa->next_peer = t->peer[b];
		t->peer[b] = sa;
		sa->in_peer_table = true;
		half_open_inc(sa);
	}
	sa->next_all = t->all;
	if (t->all)
		t->all->prev_all = sa;
	t->all = sa;
	t->count++;
	maybe_grow(t);
	iked_sa_arm_life(sa);
	*out = sa;
	return 0;
}

static void unlink_sa(iked_sa_t *sa)
{
	iked_sa_table_t *t = &sa->ik->sas;
	const uint8_t *spi = sa->initiator ? sa->spi_i : sa->spi_r;
	iked_sa_t **pp = &t->mine[hash_bytes(spi, IKE_SPI_LEN) & (t->nbuckets - 1)];

	while (*pp && *pp != sa)
		pp = &(*pp)->next_mine;
	if (*pp)
		*pp = sa->next_mine;
	if (sa->in_peer_table) {
		pp = &t->peer[hash_bytes(sa->spi_i, IKE_SPI_LEN) & (t->nbuckets - 1)];
		while (*pp && *pp != sa)
			pp = &(*pp)->next_peer;
		if (*pp)
			*pp = sa->next_peer;
		sa->in_peer_table = false;
	}
	if (sa->prev_all)
		sa->prev_all->next_all = sa->next_all;
	else
		t->all = sa->next_all;
	if (sa->next_all)
		sa->next_all->prev_all = sa->prev_all;
	t->count--;
	half_open_dec(sa);
	if (sa->est_counted) {
		sa->est_counted = false;
		t->established--;
	}
}

static void on_handle_closed(uv_handle_t *h)
{
	iked_sa_t *sa = h->data;

	if (--sa->open_handles == 0) {
		OPENSSL_cleanse(sa, sizeof(*sa));
		free(sa);
	}
}

const char *iked_sa_name(const iked_sa_t *sa, char *buf, size_t len)
{
	snprintf(buf, len, "%s[%u]", sa->conn ? sa->conn->name : "(unnamed)", sa->unique);
	return buf;
}

const char *iked_sa_state_name(iked_sa_state_t st)
{
	switch (st) {
	case IKED_SA_CONNECTING: return "CONNECTING";
	case IKED_SA_HALF_OPEN: return "CONNECTING";
	case IKED_SA_AUTHENTICATING: return "CONNECTING";
	case IKED_SA_ESTABLISHED: return "ESTABLISHED";
	case IKED_SA_DELETING: return "DELETING";
	case IKED_SA_DEAD: return "DESTROYING";
	}
	return "UNKNOWN";
}

void iked_sa_set_state(iked_sa_t *sa, iked_sa_state_t st)
{
	if (sa->state == IKED_SA_HALF_OPEN && st != IKED_SA_HALF_OPEN)
		half_open_dec(sa);
	if (st == IKED_SA_ESTABLISHED && !sa->est_counted) {
		sa->ik->sas.established++;
		sa->est_counted = true;
		sa->established = (uint64_t)time(NULL);
	}
	sa->state = st;
	iked_sa_arm_life(sa);
}

void iked_sa_destroy(iked_sa_t *sa, const char *why)
{
	iked_t *ik = sa->ik;
	char name[64];
	char idbuf[IKED_ID_STRLEN];

	if (sa->state == IKED_SA_DEAD)
		return;
	NLOG(IKE, 2, "destroying IKE_SA %s: %s", iked_sa_name(sa, name, sizeof(name)),
	     why ? why : "done");
	if (sa->tnc_conn)
		iked_tnc_close(sa, "IKE_SA destroyed");
	for (size_t i = 0; i < sa->nchildren; i++) {
		iked_child_t *c = sa->children[i];

		if (c->installed)
			iked_kernel_del_child(&ik->kernel, sa, c);
		OPENSSL_cleanse(c, sizeof(*c));
		free(c);
		sa->children[i] = NULL;
	}
	sa->nchildren = 0;
	if (sa->has_vip4 || sa->has_vip6) {
		const char *owner = sa->eap.have_identity
					    ? iked_eap_identity(&sa->eap, idbuf, sizeof(idbuf))
					    : iked_id_str(&sa->other_id, idbuf, sizeof(idbuf));

		if (!sa->vip_ours) {
			if (sa->has_vip4)
				iked_pool_release(&ik->pools, &sa->vip4, owner);
			if (sa->has_vip6)
				iked_pool_release(&ik->pools, &sa->vip6, owner);
		}
	}
	unlink_sa(sa);
	sa->state = IKED_SA_DEAD;
	uv_timer_stop(&sa->rtx_timer);
	uv_timer_stop(&sa->life_timer);
	ike_dh_free(sa->dh);
	sa->dh = NULL;
	ike_keys_wipe(&sa->keys);
	ike_sk_wipe(&sa->sk);
	iked_eap_reset(&sa->eap);
	iked_tnc_peer_release(sa);
	ike_reasm_reset(&sa->reasm);
	ike_packets_free(sa->r_resp, sa->r_nresp);
	ike_packets_free(sa->i_req, sa->i_nreq);
	sa->r_resp = sa->i_req = NULL;
	if (sa->auth1) {
		ike_msg_free(sa->auth1);
		free(sa->auth1);
		sa->auth1 = NULL;
	}
	X509_free(sa->peer_cert);
	sa->peer_cert = NULL;
	free(sa->init_i);
	free(sa->init_r);
	free(sa->my_id_body);
	sa->my_id_body = NULL;
	free(sa->other_id_body);
	sa->other_id_body = NULL;
	if (sa->pending_child) {
		OPENSSL_cleanse(sa->pending_child, sizeof(*sa->pending_child));
		free(sa->pending_child);
		sa->pending_child = NULL;
	}
	free(sa->cookie);
	sa->init_i = sa->init_r = sa->cookie = NULL;
	iked_cfg_unref(sa->cfg);
	sa->cfg = NULL;
	sa->conn = NULL;
	uv_close((uv_handle_t *)&sa->rtx_timer, on_handle_closed);
	uv_close((uv_handle_t *)&sa->life_timer, on_handle_closed);
}

/* ---- timers ------------------------------------------------------------ */

static void on_rtx(uv_timer_t *h)
{
	iked_msg_retransmit(h->data);
}

static void on_life(uv_timer_t *h)
{
	iked_sa_t *sa = h->data;
	char name[64], addr[IKED_ADDR_STRLEN];

	if (sa->failed) {
		iked_sa_destroy(sa, "authentication failed");
		return;
	}
	switch (sa->state) {
	case IKED_SA_HALF_OPEN:
		NLOG(IKE, 1, "IKE_SA %s from %s timed out while half-open",
		     iked_sa_name(sa, name, sizeof(name)), iked_addr_str(&sa->remote, addr, sizeof(addr)));
		iked_sa_destroy(sa, "half-open timeout");
		break;
	case IKED_SA_CONNECTING:
	case IKED_SA_AUTHENTICATING:
		NLOG(IKE, 1, "IKE_SA %s with %s not established after %us, giving up",
		     iked_sa_name(sa, name, sizeof(name)), iked_addr_str(&sa->remote, addr, sizeof(addr)),
		     sa->cfg->auth_timeout_s);
		iked_sa_destroy(sa, "authentication timeout");
		break;
	case IKED_SA_ESTABLISHED:
		iked_msg_dpd_due(sa);
		break;
	case IKED_SA_DELETING:
		/* rekeyed away and the peer never deleted it */
		iked_sa_destroy(sa, "replaced by its rekeyed IKE_SA");
		break;
	default:
		break;
	}
}

void iked_sa_arm_life(iked_sa_t *sa)
{
	uint64_t ms = 0;

	if (sa->state == IKED_SA_DEAD || sa->failed)
		return;
	switch (sa->state) {
	case IKED_SA_HALF_OPEN:
		ms = (uint64_t)sa->cfg->half_open_timeout_s * 1000;
		break;
	case IKED_SA_CONNECTING:
	case IKED_SA_AUTHENTICATING:
		ms = (uint64_t)sa->cfg->auth_timeout_s * 1000;
		break;
	case IKED_SA_ESTABLISHED:
		ms = sa->conn ? sa->conn->dpd_delay * 1000 : 0;
		break;
	default:
		break;
	}
	uv_timer_stop(&sa->life_timer);
	if (ms)
		uv_timer_start(&sa->life_timer, on_life, ms, 0);
}

void iked_sa_expire(iked_sa_t *sa, uint64_t ms)
{
	if (sa->state == IKED_SA_DEAD)
		return;
	uv_timer_stop(&sa->life_timer);
	uv_timer_start(&sa->life_timer, on_life, ms, 0);
}

void iked_sa_start_rtx(iked_sa_t *sa, uint64_t ms)
{
	uv_timer_stop(&sa->rtx_timer);
	if (sa->state != IKED_SA_DEAD)
		uv_timer_start(&sa->rtx_timer, on_rtx, ms, 0);
}

void iked_sa_stop_rtx(iked_sa_t *sa)
{
	uv_timer_stop(&sa->rtx_timer);
}

uint32_t iked_sa_new_child_spi(iked_t *ik)
{
	for (;;) {
		uint32_t spi;
		bool used = false;

		if (RAND_bytes((uint8_t *)&spi, sizeof(spi)) != 1)
			return 0;
		/* SPIs 1..255 are reserved by IANA */
		if (spi < 256)
			continue;
		for (iked_sa_t *sa = ik->sas.all; sa && !used; sa = sa->next_all)
			for (size_t i = 0; i < sa->nchildren; i++)
				if (sa->children[i]->spi_in == spi)
					used = true;
		if (!used)
			return spi;
	}
}
