/*
 * Building and reading PA-TNC messages in the IMC suites (the IMV's side).
 */
#ifndef IMC_PA_H
#define IMC_PA_H

#include <stddef.h>
#include <stdint.h>

#include "patnc_msg.h"

typedef struct {
	patnc_builder_t b;
} ipa_t;

void ipa_init(ipa_t *m, uint32_t msg_id);
void ipa_add(ipa_t *m, uint8_t flags, uint32_t vendor, uint32_t type, const void *data);
/* Attribute Request for n (vendor, type) pairs given as 2n uint32 values. */
void ipa_request(ipa_t *m, size_t n, const uint32_t *pairs);
uint8_t *ipa_finish(ipa_t *m, size_t *len);
/* Decode a PA-TNC message the host sent; fails the test if it does not parse. */
void ipa_parse(const uint8_t *msg, size_t len, patnc_rx_t *rx);

#endif
