/*
 * attr_names: human-readable names of PA-TNC namespaces, attribute types,
 * PA message subtypes and PA-TNC error codes, spelled as strongSwan spells
 * them in its logs ('IETF/Product Information', 'ITA-HSR/Device ID',
 * 'TCG/Segmentation Contract Request'), so nea's logs and `nea dump` read
 * like the captures an operator already knows.
 *
 * Contract: pure lookups over static tables; returned strings are static
 * and never NULL unless documented. Holds its own small PEN table (the
 * vendors strongSwan 5.9.14 names); the full IANA registry is not needed
 * on the wire.
 */
#ifndef NEA_ATTR_NAMES_H
#define NEA_ATTR_NAMES_H

#include <stddef.h>
#include <stdint.h>

/* IANA Private Enterprise Numbers used on the TNC wire (24 bits). */
#define PEN_IETF 0x000000u
#define PEN_IBM 0x000002u
#define PEN_MICROSOFT 0x000137u
#define PEN_REDHAT 0x000908u
#define PEN_PWG 0x000a8bu
#define PEN_DEBIAN 0x002572u
#define PEN_GOOGLE 0x002b79u
#define PEN_TCG 0x005597u
#define PEN_CANONICAL 0x007132u
#define PEN_FEDORA 0x0076c1u
#define PEN_ITA 0x00902au
#define PEN_RESERVED 0xffffffu

/* Vendor name ("IETF", "ITA-HSR", "Debian Project"), NULL if unknown. */
const char *attr_pen_name(uint32_t pen);
/* Attribute type name within its vendor namespace, NULL if unknown. */
const char *attr_type_name(uint32_t vendor, uint32_t type);
/*
 * "IETF/Product Information" when both are known, "ITA-HSR" when only the
 * vendor is, "0x123456" when neither. Always NUL-terminated; returns buf.
 */
char *attr_full_name(uint32_t vendor, uint32_t type, char *buf, size_t len);
/* PA message subtype ("Operating System", "SWIMA", "PTS"), NULL if unknown. */
const char *attr_pa_subtype_name(uint32_t vendor, uint32_t subtype);
/* "IETF/Operating System" style, as attr_full_name. */
char *attr_pa_subtype_full_name(uint32_t vendor, uint32_t subtype, char *buf, size_t len);
/* PA-TNC error code name ("Invalid Parameter", "SWIMA Error"), NULL if unknown. */
const char *attr_pa_error_name(uint32_t vendor, uint32_t code);

#endif
