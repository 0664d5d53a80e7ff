/*
 * iked_ctl: nea-iked's control socket <rundir>/iked.sock for the operator
 * tool (`nea conns`, `nea sas`; ike.proto IkeListRequest -> IkeListReply).
 * Root and nea-iked's own uid may connect; the only accepted body is
 * IkeListRequest. The reply is built from the current configuration
 * snapshot and SA table; it never carries keys or secrets.
 */
#ifndef IKED_CTL_H
#define IKED_CTL_H

#include <stdbool.h>

#include "nea.pb-c.h"

struct iked;

int iked_ctl_bind(struct iked *ik);
int iked_ctl_start(struct iked *ik);
void iked_ctl_stop(struct iked *ik);

/* The reply for a request (tests use it without the socket); free it with
 * iked_ctl_reply_free(). NEA_ENOMEM. */
int iked_ctl_list(struct iked *ik, bool sas, Nea__IkeListReply **out);
void iked_ctl_reply_free(Nea__IkeListReply *r);

#endif
