#!/usr/bin/env python3
"""Seeds for fuzz_tnccs: scripts of peer batches (the strongSwan captures)
and host envelopes in fuzz_tnccs.c's record format: op(1) len(2) data.
First byte: batch limit selector (255: the largest)."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
CAP = os.path.join(HERE, "..", "..", "vectors", "captures")
OUT = os.path.join(HERE, "fuzz_tnccs")


def cap(name):
    with open(os.path.join(CAP, name)) as f:
        hexs = "".join(l.strip() for l in f if not l.startswith("#"))
    return bytes.fromhex(hexs.replace(" ", ""))


def rec(op, data=b""):
    return bytes([op]) + struct.pack(">H", len(data)) + data


BE, PA, REC = 1, 11, 21          # server host ops (op%10 = 1, kind = op//10)
CBE, CPA = 6, 16                 # client host ops
CLOSE = bytes([2, 0, 0, 6, 0, 0, 0, 8])
CDATA = bytes([2, 0, 0, 1, 0, 0, 0, 8])
CRETRY = bytes([2, 0, 0, 4, 0, 0, 0, 8])

c01 = cap("run1_password_freshdb_01_pdp_recv_CDATA.hex")
s02 = cap("run1_password_freshdb_02_pdp_sent_SDATA.hex")
r04 = cap("run1_password_freshdb_04_pdp_sent_RESULT.hex")

seeds = {
    "server_run1": bytes([255]) + rec(0, c01) + rec(PA, bytes([0, 1, 1, 0xff, 0]) + b"x" * 24)
    + rec(REC, bytes([2, 1, 1, 1])) + rec(BE) + rec(0, CDATA) + rec(BE) + rec(REC, bytes([1, 0, 0]))
    + rec(BE) + rec(0, CLOSE),
    "server_host_lost": bytes([255]) + rec(0, c01) + rec(3) + rec(0, CLOSE),
    "server_timeout_retry": bytes([10]) + rec(0, c01) + rec(BE) + rec(0, CRETRY) + rec(4)
    + rec(0, CDATA) + rec(BE),
    "client_run1": bytes([255]) + rec(CPA, bytes([0, 1, 1, 0xff, 0]) + b"y" * 40) + rec(CBE)
    + rec(5, s02) + rec(CBE) + rec(5, r04) + rec(CBE),
    "client_small_batches": bytes([0]) + rec(CPA, bytes([0, 1, 1, 0xff, 0]) + b"z" * 200)
    + rec(CPA, bytes([0, 5, 2, 0xff, 0]) + b"w" * 200) + rec(CBE) + rec(5, s02) + rec(8),
}
os.makedirs(OUT, exist_ok=True)
for name, data in seeds.items():
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
print("wrote %d seeds to %s" % (len(seeds), OUT))
