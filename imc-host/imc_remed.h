/*
 * imc_remed: remediation instructions and other peer-supplied text made
 * fit for the operator's log.
 *
 * Contract:
 *  - imc_log_safe() copies at most size-1 bytes of untrusted text into a
 *    NUL-terminated string: printable ASCII and well-formed UTF-8 pass,
 *    every other byte (controls, newlines, NUL, malformed UTF-8) and every
 *    C1 control, line separator and bidirectional override character is
 *    shown as one '?' per byte, so a peer cannot forge or split log lines
 *    or steer a terminal; text cut short ends in "..." after a whole
 *    character.
 *  - imc_remed_render() turns a remediation string into log lines. The XML
 *    that strongSwan's IMVs send (<remediationinstructions> with
 *    <instruction> elements holding <title>, <description>, <itemsheader>
 *    and <items><item>) is shown as indented text:
 *        Open Server Ports
 *          Open Internet ports have been detected
 *          Please close the following server ports:
 *            tcp/271
 *    with the XML entities decoded. Any other text is shown line by line.
 *    The input is network data: any bytes are accepted, nothing outside
 *    [text, text + len) is read, nothing is allocated, and the number of
 *    lines is bounded (IMC_REMED_MAX_LINES, then a "..." line).
 */
#ifndef NEA_IMC_REMED_H
#define NEA_IMC_REMED_H

#include <stddef.h>
#include <stdint.h>

#define IMC_REMED_LINE_MAX 256
#define IMC_REMED_MAX_LINES 200

typedef void (*imc_line_fn)(void *arg, const char *line);

void imc_log_safe(const uint8_t *s, size_t n, char *out, size_t size);
void imc_remed_render(const uint8_t *text, size_t len, imc_line_fn fn, void *arg);

#endif
