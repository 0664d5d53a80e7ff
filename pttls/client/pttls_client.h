/*
 * pttls_client: the PT-TLS client (RFC 6876) for one-shot assessments
 * (`nea pt-tls-client`): TCP connect by host name or address (IPv4/IPv6),
 * TLS 1.2/1.3 with the server certificate verified against the CA and
 * matched against the host or address connected to (SAN DNS or IP, as
 * strongSwan's client checks the server identity), optional client
 * certificate, PT-TLS version negotiation, SASL PLAIN with an identity and
 * EAP secret (nothing when the server's mechanism list is empty), then
 * PB-TNC batches in both directions.
 *
 * Contract: blocking, single-threaded, every wait bounded by timeout_ms.
 * Functions return 0 or a negative NEA_E* code and leave the reason in
 * pttls_client_error() (one operator-readable sentence naming the peer).
 * NEA_EAUTH: SASL or certificate authentication refused; NEA_ECRYPTO: TLS
 * or certificate verification failure; NEA_ECLOSED: the server closed the
 * connection in an orderly way (TLS close notify or TCP FIN) — after the
 * last batch of an assessment that is the normal end, not an error.
 * Received messages are bounded by max_msg before anything is allocated.
 * The secret is never logged and is wiped when the client is freed.
 */
#ifndef PTTLS_CLIENT_H
#define PTTLS_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct pttls_client pttls_client_t;

typedef struct {
	const char *host;        /* name or address; also the identity checked */
	uint16_t port;           /* 0: 271 */
	const char *cacert;      /* PEM; NULL: the system trust store */
	const char *cert, *key;  /* optional client certificate (PEM) */
	const char *client_id;   /* SASL PLAIN identity, or NULL */
	const uint8_t *secret;   /* its password */
	size_t secret_len;
	const char *suites;      /* libtls.suites, NULL: OpenSSL's defaults */
	const char *vmin, *vmax; /* "1.2"/"1.3", NULL: both */
	unsigned timeout_ms;     /* per wait; 0: 30000 */
	size_t max_msg;          /* 0: PTTLS_MAX_MESSAGE_LEN */
} pttls_client_opts_t;

/* What the set-up established, for display. */
typedef struct {
	char addr[64];           /* numeric address connected to */
	uint16_t port;
	char tls_version[16];    /* "TLS 1.3" */
	char suite[64];          /* "TLS_AES_256_GCM_SHA384" */
	char server_dn[256];     /* server certificate subject */
	char sasl[64];           /* "PLAIN", or "" when the server asked for none */
	bool client_cert;        /* a client certificate was sent */
} pttls_client_info_t;

/* Allocate; NULL only when out of memory. Nothing happens on the network. */
pttls_client_t *pttls_client_new(const pttls_client_opts_t *o);
void pttls_client_free(pttls_client_t *c);

/* TCP, TLS, version negotiation and authentication; afterwards the data
 * transport phase has begun. */
int pttls_client_connect(pttls_client_t *c);
const pttls_client_info_t *pttls_client_info(const pttls_client_t *c);

/* One PB-TNC batch each way. recv returns a buffer the caller frees. */
int pttls_client_send_batch(pttls_client_t *c, const uint8_t *p, size_t len);
int pttls_client_recv_batch(pttls_client_t *c, uint8_t **p, size_t *len);

/* Send TLS close notify (best effort); the socket closes in free. */
void pttls_client_shutdown(pttls_client_t *c);

const char *pttls_client_error(const pttls_client_t *c);

#endif
