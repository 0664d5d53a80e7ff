/*
 * imc_os_settings: the OS IMC's answer to an ITA-HSR Get Settings request
 * (strongSwan's os_info get_setting): the named setting is a file whose
 * first 2048 bytes are the value.
 *
 * Contract:
 *  - The name comes from the policy server, so it is checked twice. As
 *    given: absolute, no NUL, no "." / ".." / empty component, at most
 *    PATH_MAX bytes, below /etc/, /sys/, /var/ or /proc/ (strongSwan's
 *    privacy rule) but not in a process directory (/proc/self,
 *    /proc/thread-self, /proc/<pid>; their net/ subtree excepted): those
 *    hold the environment and memory maps of nea-imcd and its parent;
 *    nor /proc/kmsg, /proc/kcore, /proc/kpage*, /sys/kernel/debug or
 *    /sys/kernel/tracing (reads with effects, or kernel memory).
 *    After symlinks are resolved (realpath): in those areas again, or
 *    below /usr/ (Debian's /etc/os-release links to /usr/lib/os-release).
 *  - A refused or unreadable name gives NEA_EPERM / NEA_ENOTFOUND /
 *    NEA_EIO and no value (strongSwan then leaves the setting out); a
 *    readable one gives its first IMC_SETTING_MAX bytes, never more. The
 *    OS IMC answers at most IMC_SETTINGS_PER_REQUEST names per request.
 */
#ifndef NEA_IMC_OS_SETTINGS_H
#define NEA_IMC_OS_SETTINGS_H

#include <stddef.h>

#define IMC_SETTING_MAX 2048
/* Settings answered per Get Settings attribute (the rest is ignored). */
#define IMC_SETTINGS_PER_REQUEST 64u

/* Check a requested name; 0 when it may be read (*real: resolved path). */
int imc_setting_allowed(const char *name, size_t len, char *real, size_t real_size);
/* Read the value of an allowed setting into buf (at most IMC_SETTING_MAX). */
int imc_setting_read(const char *real, char *buf, size_t size, size_t *n);

#endif
