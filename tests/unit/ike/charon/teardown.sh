#!/bin/sh
# Stop the charons of capture.sh and remove their namespaces.
D=${NEA_CAPTURE_DIR:-/tmp/nea-ike-capture}
for n in A B; do [ -f $D/$n/pid ] && kill $(cat $D/$n/pid) 2>/dev/null; done
sleep 1
ip netns del neaA 2>/dev/null; ip netns del neaB 2>/dev/null; true
