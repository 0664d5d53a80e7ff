#!/usr/bin/env python3
"""Seed corpus for fuzz_iked (see tests/fuzz/fuzz_iked.c for the format).

Raw mode: the fuzz_ike_msg messages (charon-shaped IKE_SA_INIT request,
IKE_AUTH, INFORMATIONAL, fragments) as single datagrams, and an
IKE_SA_INIT request followed by follow-ups re-addressed to its SA.
Keyed mode: the harness's own IKE_SA_INIT, then protected IKE_AUTH
requests (IDi + CP + SA + TSi + TSr as a charon EAP client sends, an
EAP-Identity response) and INFORMATIONAL requests (empty, Delete).
Run from anywhere: python3 tests/fuzz/corpus/make_iked_seeds.py
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
MSG = os.path.join(HERE, "fuzz_ike_msg")
OUT = os.path.join(HERE, "fuzz_iked")


def rec(ctl, data):
    return struct.pack(">BH", ctl, len(data)) + data


def pl(nxt, body):
    return struct.pack(">BBH", nxt, 0, 4 + len(body)) + body


def chain(items):
    out = b""
    for i, (t, body) in enumerate(items):
        out += pl(items[i + 1][0] if i + 1 < len(items) else 0, body)
    return bytes([items[0][0] if items else 0]) + out


def write(name, data):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def seed(name):
    with open(os.path.join(MSG, name), "rb") as f:
        return f.read()


for name in sorted(os.listdir(MSG)):
    write("raw_" + name, b"\x00" + rec(0, seed(name)))
follow = [n for n in ("ike_auth_request_unencrypted", "encrypted", "informational_delete",
                      "fragment") if os.path.exists(os.path.join(MSG, n))]
write("raw_init_then_followups",
      b"\x00" + rec(0, seed("sa_init_request")) + b"".join(rec(1, seed(n)) for n in follow))

# IKE_AUTH request 1 as charon's EAP client sends it
idi = (35, bytes([2, 0, 0, 0]) + b"carol")
cp = (47, bytes([1, 0, 0, 0]) + struct.pack(">HH", 1, 0))
esp = struct.pack(">BBHBBH", 0, 0, 12, 1, 0, 20) + struct.pack(">HH", 0x800E, 128)
prop = struct.pack(">BBHBBBB", 0, 0, 8 + 4 + len(esp), 1, 3, 4, 1) + b"\xc0\xff\xee\x01" + esp
sa = (33, prop)
ts_any = struct.pack(">BBHHH", 7, 0, 16, 0, 65535) + b"\x00" * 4 + b"\xff" * 4
tsi = (44, bytes([1, 0, 0, 0]) + ts_any)
tsr = (45, bytes([1, 0, 0, 0]) + ts_any)
auth1 = chain([idi, cp, sa, tsi, tsr])
eap_id = chain([(48, struct.pack(">BBHB", 2, 0, 10, 1) + b"carol")])
empty = bytes([0])
delete_ike = chain([(42, struct.pack(">BBH", 1, 0, 0))])
delete_child = chain([(42, struct.pack(">BBH", 3, 4, 1) + b"\xc0\xff\xee\x01")])
write("keyed_auth_eap", b"\x01" + rec(1, auth1) + rec(1, eap_id))
write("keyed_auth_then_delete", b"\x01" + rec(1, auth1) + rec(3, delete_ike))
write("keyed_informational", b"\x01" + rec(3, empty) + rec(3, delete_child) + rec(3, delete_ike))
write("keyed_wrong_ids", b"\x01" + rec(1 | 8 | 0x50, auth1) + rec(1 | 4, auth1) +
      rec(2, auth1) + rec(0x80, seed("encrypted")))
