/*
 * ike_natd: NAT detection hashes (RFC 7296 §2.23).
 *
 * Contract: hash = SHA-1(SPIi | SPIr | IP address | port), 20 bytes, the
 * data of NAT_DETECTION_SOURCE_IP / _DESTINATION_IP. The address is the raw
 * network-order bytes (4 for IPv4, 16 for IPv6), the port in host order.
 * In the IKE_SA_INIT request SPIr is all zero. ike_natd_check() compares in
 * constant time and tells whether the hash matches the given address.
 */
#ifndef IKE_NATD_H
#define IKE_NATD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IKE_NATD_LEN 20

int ike_natd_hash(const uint8_t spi_i[8], const uint8_t spi_r[8], const uint8_t *addr,
		  size_t addr_len, uint16_t port, uint8_t out[IKE_NATD_LEN]);
/* true when hash (hash_len bytes from a notify) matches addr/port. */
bool ike_natd_check(const uint8_t spi_i[8], const uint8_t spi_r[8], const uint8_t *addr,
		    size_t addr_len, uint16_t port, const uint8_t *hash, size_t hash_len);

#endif
