#!/usr/bin/env python3
"""Seeds for fuzz_xfrm_req: single nea-xfrm request packets (ike/kernel/
xfrm_req.h wire layout) and scripts of records fail(1)|len(2)|packet that
walk the helper through allocate, add SA pair, add policies, delete,
release and flush.

    make_xfrm_seeds.py [OUTDIR]   (default: corpus/fuzz_xfrm_req next to this file)
"""
import os
import struct
import sys

ALLOC, ADD_SA, ADD_POLICY, DEL_SA, DEL_POLICY, RELEASE, FLUSH = range(1, 8)


def attr(t, v):
    return struct.pack(">HH", t, len(v)) + v


def ip4(s):
    return bytes([4]) + bytes(int(x) for x in s.split("."))


def ts4(s, plen, proto=0, port=0):
    return bytes([4, plen, proto, 0]) + struct.pack(">H", port) + bytes(int(x) for x in s.split("."))


def ts6(prefix16, plen):
    return bytes([6, plen, 0, 0, 0, 0]) + prefix16


def pkt(typ, seq, attrs=b""):
    return struct.pack(">BBHI", 1, typ, 8 + len(attrs), seq) + attrs


def u32(v):
    return struct.pack(">I", v)


def add_sa(seq, reqid, spi_in, spi_out, encr=12, bits=256, integ=12, ekey=32, ikey=32, encap=False):
    a = attr(1, u32(reqid)) + attr(2, ip4("192.0.2.1")) + attr(3, ip4("198.51.100.7"))
    a += attr(4, u32(spi_in)) + attr(5, u32(spi_out)) + attr(6, struct.pack(">HH", encr, bits))
    a += attr(7, bytes(range(1, ekey + 1))) + attr(8, bytes(range(2, ekey + 2)))
    if integ:
        a += attr(9, struct.pack(">H", integ)) + attr(10, bytes(ikey)) + attr(11, bytes([1]) * ikey)
    if encap:
        a += attr(12, struct.pack(">HH", 4500, 4500))
    return pkt(ADD_SA, seq, a)


def add_pol(seq, reqid, l=("10.1.0.0", 16), r=("10.3.0.1", 32), proto=0, port=0):
    a = attr(1, u32(reqid)) + attr(2, ip4("192.0.2.1")) + attr(3, ip4("198.51.100.7"))
    a += attr(13, ts4(l[0], l[1], proto, port)) + attr(14, ts4(r[0], r[1], proto, 0))
    return pkt(ADD_POLICY, seq, a)


def by_reqid(typ, seq, reqid):
    return pkt(typ, seq, attr(1, u32(reqid)))


def script(*pkts, fail=0):
    return b"".join(bytes([fail]) + struct.pack(">H", len(p)) + p for p in pkts)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "fuzz_xfrm_req")
    os.makedirs(out, exist_ok=True)
    seeds = {
        "alloc": pkt(ALLOC, 1),
        "flush": pkt(FLUSH, 2),
        "add_sa_cbc_sha256": add_sa(3, 1, 0xc1a2b3c4, 0x0badf00d),
        "add_sa_cbc_sha384": add_sa(3, 1, 0xc1a2b3c4, 0x0badf00d, bits=128, integ=13, ekey=16, ikey=48),
        "add_sa_gcm": add_sa(4, 1, 0x1000, 0x2000, encr=20, bits=256, integ=0, ekey=36),
        "add_sa_chacha_encap": add_sa(4, 1, 0x1000, 0x2000, encr=28, bits=0, integ=0, ekey=36, encap=True),
        "add_policy": add_pol(5, 1),
        "add_policy_tcp": add_pol(5, 1, ("10.1.2.0", 24), proto=6, port=443),
        "add_policy_v6": pkt(ADD_POLICY, 6, attr(1, u32(1)) + attr(2, ip4("192.0.2.1")) + attr(3, ip4("198.51.100.7"))
                             + attr(13, ts6(bytes([0xfd]) + bytes(15), 64)) + attr(14, ts6(bytes([0xfd, 1]) + bytes(13) + b"\x01", 128))),
        "del_sa": by_reqid(DEL_SA, 7, 1),
        "del_policy": by_reqid(DEL_POLICY, 8, 1),
        "release": by_reqid(RELEASE, 9, 1),
        "script_child": script(pkt(ALLOC, 1), add_sa(2, 1, 0x1000, 0x2000), add_pol(3, 1),
                               add_pol(4, 1, ("10.2.0.0", 16)), by_reqid(DEL_POLICY, 5, 1),
                               by_reqid(RELEASE, 6, 1), pkt(FLUSH, 7)),
        "script_two_children": script(pkt(ALLOC, 1), pkt(ALLOC, 2), add_sa(3, 1, 0x1000, 0x2000),
                                      add_sa(4, 2, 0x1001, 0x2001, encr=20, integ=0, ekey=36),
                                      add_pol(5, 2), by_reqid(DEL_SA, 6, 1), add_sa(7, 1, 0x1000, 0x2000)),
        "script_failures": script(pkt(ALLOC, 1), add_sa(2, 1, 0x1000, 0x2000), add_pol(3, 1), fail=1),
        "script_cap": script(*(pkt(ALLOC, i) for i in range(1, 7))),
    }
    for name, data in seeds.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    print("%d seeds in %s" % (len(seeds), out))


if __name__ == "__main__":
    main()
