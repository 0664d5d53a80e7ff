/*
 * imc_module: the interface between the IMC framework of nea-imcd and one
 * built-in IMC (the role of TCG IF-IMC's TNC_IMC_* functions).
 *
 * Contract:
 *  - An IMC is a const imc_module_ops_t found by its tnc_config name
 *    (imc_module_find). It sends and subscribes to exactly one PA message
 *    type (msg_vendor/msg_subtype), as strongSwan's OS and Scanner IMCs do.
 *  - init runs once when nea-imcd starts, with the host's settings (valid
 *    for the module's whole life, refreshed in place on reload); its log
 *    lines appear between 'IMC n "Name" initialized' and '... loaded from'.
 *    A failing init keeps the IMC out of the host.
 *  - begin_handshake, receive and batch_ending only queue attributes on the
 *    imc_msg_t they are given; the framework sends it afterwards (PA-TNC
 *    messages sized to the connection, segmentation contracts applied,
 *    EXCL set on replies). A negative return is logged and whatever was
 *    queued is not sent (strongSwan's TNC_RESULT_FATAL).
 *  - receive sees the attributes of one PA-TNC message after the framework
 *    has handled segmentation, PA-TNC errors, assessment results and
 *    remediation instructions; segmented attributes arrive reassembled.
 */
#ifndef NEA_IMC_MODULE_H
#define NEA_IMC_MODULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "imc_settings.h"
#include "patnc_attr.h"

#define IMC_ID_ANY 0xffffu /* TNC_IMCID_ANY / TNC_IMVID_ANY */

typedef struct imc_state imc_state_t; /* one IMC's view of one connection */
typedef struct imc_msg imc_msg_t;     /* attributes queued for one destination */

typedef struct {
	const patnc_attr_t *const *items;
	size_t count;
} imc_attrs_t;

typedef struct imc_module_ops {
	const char *name;
	uint32_t msg_vendor;
	uint32_t msg_subtype;
	/* id: the IMC ID assigned by the host, for log lines. */
	int (*init)(const imc_settings_t *set, uint32_t id, void **priv);
	void (*destroy)(void *priv);
	int (*begin_handshake)(void *priv, imc_state_t *st, imc_msg_t *out);
	int (*receive)(void *priv, imc_state_t *st, const imc_attrs_t *in, imc_msg_t *reply);
	int (*batch_ending)(void *priv, imc_state_t *st, imc_msg_t *out); /* optional */
} imc_module_ops_t;

/* Built-in IMC by tnc_config name ("OS", "Scanner"), or NULL. */
const imc_module_ops_t *imc_module_find(const char *name);

extern const imc_module_ops_t imc_os_module;
extern const imc_module_ops_t imc_scanner_module;

/* What an IMC may ask about its connection. */
uint64_t imc_state_conn_id(const imc_state_t *st);
uint32_t imc_state_imc_id(const imc_state_t *st);
const char *imc_state_imc_name(const imc_state_t *st);
/* Largest PA-TNC message the connection carries. */
uint32_t imc_state_max_msg_len(const imc_state_t *st);

/*
 * Queue one attribute, encoded now by its lib/wire codec (data is not
 * kept). NEA_ENOTFOUND without a codec, NEA_EINVAL when the codec refuses
 * the values, NEA_ENOMEM.
 */
int imc_msg_add(imc_msg_t *m, uint8_t flags, uint32_t vendor, uint32_t type, const void *data);
int imc_msg_add_raw(imc_msg_t *m, uint8_t flags, uint32_t vendor, uint32_t type,
		    const uint8_t *value, size_t len);
/*
 * Ask the peer for a segmentation contract for this IMC's message type
 * (a TCG Segmentation Contract Request; strongSwan's SWIMA IMC does this in
 * its first message). Segments the peer then sends are reassembled under
 * the limits announced here.
 */
int imc_msg_request_contract(imc_msg_t *m, uint32_t max_msg_size, uint32_t max_seg_size);
size_t imc_msg_count(const imc_msg_t *m);

#endif
