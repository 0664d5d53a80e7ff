/*
 * nea_log_conf: log levels and the syslog switch from the main
 * configuration file:
 *
 *     nea {
 *        log {
 *           default = 1      # every group, applied first
 *           tnc = 2          # any group name of nea_log_group_from_name
 *           syslog = no
 *        }
 *     }
 *
 * Contract: the whole nea.log section is checked before anything is
 * applied, so a bad file leaves the levels as they were. Levels are -1..4;
 * an unknown group, a bad level, a non-boolean syslog value or a
 * sub-section fails with NEA_ECONFIG and "<file>:<line>: ..." (written to err
 * by nea_log_configure_ex, logged by nea_log_configure). A missing section
 * changes nothing.
 */
#ifndef NEA_LOG_CONF_H
#define NEA_LOG_CONF_H

#include <stddef.h>

#include "nea_conf.h"

int nea_log_configure(const nea_conf_t *c);
int nea_log_configure_ex(const nea_conf_t *c, char *err, size_t errlen);

#endif
