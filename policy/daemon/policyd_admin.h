/*
 * policyd_admin: who may use admin.sock.
 *
 * Contract: pd_admin_peer_allowed decides for the uid SO_PEERCRED reported:
 * root and nea-policyd's own uid always; otherwise a member of the operator
 * group nea.policyd.admin_group (NULL or "" = no such group), where member
 * means that group is the user's primary group or one of its
 * supplementary groups in the user database (getgrouplist), looked up at
 * each connection, so a membership change needs no restart. A uid with no
 * user entry is refused. On refusal why says which rule failed.
 * The socket's file mode (0660, group nea.group, in a 0750 run directory)
 * still applies first: operators must also be able to reach the file.
 */
#ifndef NEA_POLICYD_ADMIN_H
#define NEA_POLICYD_ADMIN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

bool pd_admin_peer_allowed(uid_t peer, uid_t self, const char *admin_group, char *why, size_t len);

#endif
