#!/usr/bin/env python3
"""Seed corpora for fuzz_ike_msg, fuzz_ike_frag and fuzz_eap_methods.

Builds, with struct packing only, messages shaped like charon's in the seed
exchange (IKE_SA_INIT request/response, the IKE_AUTH request's payloads as
plaintext chains, notifies, EAP payloads, CP, TS, delete, fragments) and
scripts for the fragment and EAP harnesses. Run from anywhere:
    python3 tests/fuzz/corpus/make_ike_seeds.py
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def pl(next_type, body, critical=False):
    return struct.pack(">BBH", next_type, 0x80 if critical else 0, 4 + len(body)) + body


def chain(payloads):
    """payloads: list of (type, body); returns (first type, bytes)."""
    out = b""
    for i, (t, body) in enumerate(payloads):
        nxt = payloads[i + 1][0] if i + 1 < len(payloads) else 0
        out += pl(nxt, body)
    return (payloads[0][0] if payloads else 0), out


def msg(exchange, flags, msg_id, payloads, spi_r=bytes(8)):
    first, body = chain(payloads)
    hdr = bytes.fromhex("1111111111111111") + spi_r + bytes([first, 0x20, exchange, flags])
    return hdr + struct.pack(">II", msg_id, 28 + len(body)) + body


def transform(ttype, tid, keylen=None, last=False):
    attrs = struct.pack(">HH", 0x800E, keylen) if keylen else b""
    return struct.pack(">BBHBBH", 0 if last else 3, 0, 8 + len(attrs), ttype, 0, tid) + attrs


def proposal(num, proto, spi, trans, last=True):
    t = b"".join(transform(*x, last=(i == len(trans) - 1)) for i, x in enumerate(trans))
    body = struct.pack(">BBBB", num, proto, len(spi), len(trans)) + spi + t
    return struct.pack(">BBH", 0 if last else 2, 0, 4 + len(body)) + body


def notify(ntype, data=b"", proto=0, spi=b""):
    return (41, struct.pack(">BBH", proto, len(spi), ntype) + spi + data)


def eap(code, ident, etype=None, data=b""):
    if etype is None:
        return (48, struct.pack(">BBH", code, ident, 4))
    return (48, struct.pack(">BBHB", code, ident, 5 + len(data), etype) + data)


def write(target, name, data):
    d = os.path.join(HERE, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


ike_sa = (33, proposal(1, 1, b"", [(1, 12, 256), (3, 12), (2, 5), (4, 31)]))
ke = (34, struct.pack(">HH", 31, 0) + bytes(range(0xA0, 0xC0)))
nonce = (40, bytes(range(32)))
sa_init_req = [ike_sa, ke, nonce, notify(16388, b"\xcc" * 20), notify(16389, b"\xdd" * 20),
               notify(16430), notify(16431, bytes.fromhex("0002000300040005")), notify(16406)]
sa_init_resp = [ike_sa, ke, nonce, notify(16388, b"\xcc" * 20), notify(16389, b"\xdd" * 20),
                notify(16430), notify(16431, bytes.fromhex("0002000300040005")), notify(16418),
                notify(16404)]
write("fuzz_ike_msg", "sa_init_request", msg(34, 0x08, 0, sa_init_req))
write("fuzz_ike_msg", "sa_init_response", msg(34, 0x20, 0, sa_init_resp, bytes(range(1, 9))))
write("fuzz_ike_msg", "cookie_request", msg(34, 0x08, 0, [notify(16390, b"\x00" * 36)] + sa_init_req))
write("fuzz_ike_msg", "invalid_ke", msg(34, 0x20, 0, [notify(17, struct.pack(">H", 19))]))

ts4 = struct.pack(">BBHHH", 7, 0, 16, 0, 65535) + bytes(4) + b"\xff" * 4
ts6 = struct.pack(">BBHHH", 8, 17, 40, 500, 500) + bytes(16) + b"\xff" * 16
esp_sa = (33, proposal(1, 3, b"\xca\xfe\xba\xbe", [(1, 20, 256), (1, 28), (5, 0)]))
cp = (47, struct.pack(">B3x", 1) + struct.pack(">HH", 1, 0) + struct.pack(">HH", 3, 0) +
      struct.pack(">HH", 8, 0) + struct.pack(">HH", 10, 0))
ike_auth = [(35, struct.pack(">B3x", 1) + bytes([192, 168, 0, 3])), notify(16384),
            (36, struct.pack(">B3x", 2) + b"server.strongswan.org"), cp, esp_sa,
            (44, struct.pack(">B3x", 2) + ts4 + ts6), (45, struct.pack(">B3x", 1) + ts4),
            notify(16396), notify(16399), notify(16404), notify(16417), notify(16420)]
first, body = chain(ike_auth)
write("fuzz_ike_msg", "ike_auth_request_plain_chain", bytes([first]) + body)
write("fuzz_ike_msg", "ike_auth_request_unencrypted", msg(35, 0x08, 1, ike_auth))
resp = [(36, struct.pack(">B3x", 2) + b"server.strongswan.org"),
        (37, b"\x04" + b"\x30\x82\x01\x00" + bytes(8)), (39, struct.pack(">B3x", 14) +
        bytes.fromhex("0c300a06082a8648ce3d040302") + bytes(70)),
        eap(1, 0, 1), (47, struct.pack(">B3x", 2) + struct.pack(">HH", 1, 4) + bytes([10, 3, 0, 1]))]
first, body = chain(resp)
write("fuzz_ike_msg", "ike_auth_response_plain_chain", bytes([first]) + body)
write("fuzz_ike_msg", "eap_ttls", msg(35, 0x08, 3, [eap(2, 0x45, 21, b"\x80\x00\x00\x00\x10" + bytes(16))]))
write("fuzz_ike_msg", "eap_failure", msg(35, 0x20, 11, [eap(4, 0x50)]))
write("fuzz_ike_msg", "informational_delete", msg(37, 0x08, 12, [
    (42, struct.pack(">BBH", 1, 0, 0)), (42, struct.pack(">BBH", 3, 4, 2) + bytes(8)),
    (43, b"strongSwan"), (38, b"\x04" + bytes(40))]))
write("fuzz_ike_msg", "unknown_critical", msg(37, 0x08, 2, [(99, b"abc"), notify(16384)]))
write("fuzz_ike_msg", "encrypted", msg(35, 0x08, 1, [(46, bytes(16 + 32 + 16))]))
frag = struct.pack(">HH", 1, 3) + bytes(8 + 40 + 16)
m = msg(35, 0x08, 1, [(53, frag)])
write("fuzz_ike_msg", "fragment", m)
write("fuzz_ike_frag", "raw_fragment", m)

# fuzz_ike_frag scripts: msg_id | num | total | ctl | len | bytes
def rec(mid, num, total, ctl, plain):
    return bytes([mid, num, total, ctl, len(plain)]) + plain


eap_chain = pl(0, struct.pack(">BBHB", 2, 0x45, 205, 21) + bytes(200))
parts = [eap_chain[i:i + 80] for i in range(0, len(eap_chain), 80)]
n = len(parts)
write("fuzz_ike_frag", "three_in_order", b"".join(rec(1, i + 1, n, 0, p) for i, p in enumerate(parts)))
write("fuzz_ike_frag", "reverse_with_dup", b"".join(rec(1, n - i, n, 0, parts[n - 1 - i])
                                                    for i in range(n)) + rec(1, 1, n, 0, parts[0]))
write("fuzz_ike_frag", "forgery_then_good", rec(2, 1, 2, 0x81, parts[0]) + rec(2, 1, 2, 0, parts[0]) +
      rec(2, 2, 2, 0, parts[1]))
write("fuzz_ike_frag", "refragmented", rec(1, 1, 2, 0, parts[0]) + rec(1, 1, 4, 0, parts[0][:40]) +
      rec(1, 2, 2, 0, parts[1]))

# fuzz_eap_methods: selector, then records
identity_req = struct.pack(">BBHB", 1, 1, 5, 1)
md5_resp = struct.pack(">BBHBB", 2, 1, 22, 4, 16) + bytes(16)
ms_resp = (struct.pack(">BBHB", 2, 1, 63, 26) + struct.pack(">BBHB", 2, 1, 58, 49) + bytes(49) +
           b"jane")
ms_chal = struct.pack(">BBHB", 1, 1, 29, 26) + struct.pack(">BBHB", 1, 1, 24, 16) + bytes(16) + b"nea"
ms_succ = (struct.pack(">BBHB", 1, 2, 51, 26) + struct.pack(">BBH", 3, 1, 46) + b"S=" + b"0" * 40 +
           b" M=ok")


def recs(*pkts):
    return b"".join(struct.pack(">H", len(p)) + p for p in pkts)


write("fuzz_eap_methods", "identity_server", bytes([0]) + recs(struct.pack(">BBHB", 2, 1, 9, 1) + b"jane"))
write("fuzz_eap_methods", "identity_peer", bytes([1]) + recs(identity_req))
write("fuzz_eap_methods", "md5_server", bytes([2]) + recs(md5_resp))
write("fuzz_eap_methods", "md5_peer", bytes([3]) + recs(struct.pack(">BBHBB", 1, 1, 22, 4, 16) + bytes(16),
                                                        struct.pack(">BBH", 3, 1, 4)))
write("fuzz_eap_methods", "mschapv2_server", bytes([4]) + recs(ms_resp, struct.pack(">BBHBB", 2, 2, 6, 26, 3)))
write("fuzz_eap_methods", "mschapv2_peer", bytes([5]) + recs(ms_chal, ms_succ, struct.pack(">BBH", 3, 2, 4)))
for i, name in enumerate(["pair_identity", "pair_md5", "pair_mschapv2"]):
    write("fuzz_eap_methods", name, bytes([6 + i]))
    write("fuzz_eap_methods", name + "_flip", bytes([6 + i, 1, 9, 0x40, 0, 1, 5, 1]))
