/*
 * iked_ctl: nea-iked's control socket <rundir>/iked.sock for operators
 * (`nea conns`, `nea sas`): root and nea-iked's own uid may connect.
 * Until the IKE control messages exist in proto/ the socket is not opened
 * (iked_ctl_bind/start are no-ops returning 0).
 */
#ifndef IKED_CTL_H
#define IKED_CTL_H

struct iked;

int iked_ctl_bind(struct iked *ik);
int iked_ctl_start(struct iked *ik);
void iked_ctl_stop(struct iked *ik);

#endif
