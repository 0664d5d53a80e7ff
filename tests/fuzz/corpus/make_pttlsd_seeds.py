#!/usr/bin/env python3
"""Seeds for fuzz_pttlsd: [auth mode byte][feeding byte] + client stream.

Auth byte: low bits % 5 = none/tls/sasl/tls_or_sasl/tls_and_sasl, 0x80 a
verified certificate subject, 0x40 a 64-byte message limit. Feeding byte:
low nibble = chunk size (0 = as much as the machine wants)."""
import os
import struct

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fuzz_pttlsd")


def msg(typ, ident, value=b"", vendor=0):
    return struct.pack(">BBHII", 0, vendor >> 16, vendor & 0xFFFF, typ, 16 + len(value)) \
        + struct.pack(">I", ident) + value


VREQ = msg(1, 0, b"\x00\x01\x01\x01")
PLAIN_SEL = msg(4, 1, b"\x05PLAIN" + b"\x00jane\x003s9RFGdWE5EW")
PLAIN_BAD = msg(4, 1, b"\x05PLAIN" + b"\x00jane\x00wrong")
SEL_ONLY = msg(4, 1, b"\x05PLAIN")
AUTH_DATA = msg(5, 2, b"\x00jane\x003s9RFGdWE5EW")
BATCH = msg(7, 2, bytes.fromhex("0200000100000008"))
CLOSE = msg(7, 3, bytes.fromhex("0280000600000008"))
ERROR = msg(8, 2, bytes.fromhex("0000000000000001"))
VENDOR = msg(17, 0, b"abc", vendor=0x902A)

SEEDS = {
    "sasl_ok": b"\x02\x00" + VREQ + PLAIN_SEL + BATCH + CLOSE,
    "sasl_bytewise": b"\x02\x01" + VREQ + PLAIN_SEL + BATCH,
    "sasl_wrong": b"\x02\x00" + VREQ + PLAIN_BAD,
    "sasl_challenge": b"\x02\x03" + VREQ + SEL_ONLY + AUTH_DATA + BATCH,
    "cert_or_sasl": b"\x83\x00" + VREQ + BATCH + BATCH + CLOSE,
    "tls_no_cert": b"\x01\x00" + VREQ,
    "none_vendor": b"\x00\x05" + VENDOR + VREQ + VENDOR + BATCH,
    "error_after_auth": b"\x00\x00" + VREQ + ERROR,
    "batch_first": b"\x02\x00" + BATCH,
    "version2": b"\x02\x00" + msg(1, 0, b"\x00\x02\x02\x02"),
    "short_header": b"\x02\x00" + struct.pack(">IIII", 0, 1, 8, 0),
    "small_limit": b"\x40\x00" + VREQ + msg(7, 1, b"x" * 100),
}

os.makedirs(OUT, exist_ok=True)
for name, data in SEEDS.items():
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
print("fuzz_pttlsd: %d seeds in %s" % (len(SEEDS), OUT))
