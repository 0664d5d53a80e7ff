#!/usr/bin/env python3
"""Seeds for fuzz_imc_procnet, fuzz_imc_dpkg, fuzz_imc_remed and fuzz_imc_host
from the IMC fixtures (tests/unit/imc/fixtures, the captured strongSwan
client's host) and the captured PDP batches (tests/vectors/captures).
Run from tests/fuzz/corpus: ./make_imc_seeds.py"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
FIX = os.path.join(TOP, "tests", "unit", "imc", "fixtures", "debian12")
CAP = os.path.join(TOP, "tests", "vectors", "captures")


def out(target, name, data):
    d = os.path.join(HERE, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def hexfile(name):
    return bytes.fromhex("".join(open(os.path.join(CAP, name)).read().split()))


def pb_pa(batch):
    """(subtype, imc, imv, flags, body) of each PB-PA message."""
    off, res = 8, []
    while off < len(batch):
        mtype, mlen = struct.unpack(">II", batch[off + 4:off + 12])
        if mtype == 1:
            v = batch[off + 12:off + mlen]
            res.append((struct.unpack(">I", v[4:8])[0], struct.unpack(">H", v[8:10])[0],
                        struct.unpack(">H", v[10:12])[0], v[0], v[12:]))
        off += mlen
    return res


def rec(op, payload):
    return bytes([op]) + struct.pack(">H", len(payload)) + payload


def attr(vendor, atype, value, flags=0):
    return bytes([flags]) + vendor.to_bytes(3, "big") + struct.pack(">II", atype, 12 + len(value)) + value


def patnc(msg_id, *attrs):
    return bytes([1, 0, 0, 0]) + struct.pack(">I", msg_id) + b"".join(attrs)


def main():
    for i, (name, sel) in enumerate((("tcp", 0), ("tcp6", 2), ("udp", 1), ("udp6", 3))):
        out("fuzz_imc_procnet", f"fixture_{name}", bytes([sel]) + open(os.path.join(FIX, "proc", "net", name), "rb").read())
    status = open(os.path.join(FIX, "var", "lib", "dpkg", "status"), "rb").read()
    out("fuzz_imc_dpkg", "fixture_head", status[:6000])
    out("fuzz_imc_dpkg", "states",
        b"Package: a\nStatus: deinstall ok config-files\nVersion: 1\n\n"
        b"Package: b\nStatus: purge ok not-installed\n\n"
        b"package: c\nSTATUS: install ok installed\nVersion: 2\nDescription: x\n Package: y\n")

    sdata = pb_pa(hexfile("run1_password_freshdb_02_pdp_sent_SDATA.hex"))
    result = pb_pa(hexfile("run1_password_freshdb_04_pdp_sent_RESULT.hex"))
    # The Scanner IMV's remediation string (Assessment Result, then the
    # Remediation Instructions attribute: 4 bytes vendor/type... string).
    fw = [m for m in sdata if m[0] == 5][0][4]
    rem = fw[8 + 16 + 12:]
    slen = struct.unpack(">I", rem[8:12])[0]
    out("fuzz_imc_remed", "captured_xml", rem[12:12 + slen])
    out("fuzz_imc_remed", "plain", b"line one\nline two\x1b[31m\r\n\x00nul")

    seed = b""
    for sub, imc, imv, flags, body in sdata:
        if sub in (1, 5):
            seed += rec(0 if sub == 1 else 1, bytes([(imv - 1) & 3]) + body)
    seed += rec(2, b"")
    for sub, imc, imv, flags, body in result:
        if sub in (1, 5):
            seed += rec(0 if sub == 1 else 1, bytes([(imv - 1) & 3]) + body)
    seed += rec(4, b"\x02\x01Open server ports were detected") + rec(5, b"\x02") + rec(5, b"")
    out("fuzz_imc_host", "captured_run1", seed)

    # Contract with small segments, Installed Packages request, Next Segments.
    req = patnc(7, attr(0x005597, 0x21, struct.pack(">II", 0xffffffff, 64)),
                attr(0, 1, struct.pack(">II", 0, 7)))
    nxt = patnc(8, attr(0x005597, 0x24, struct.pack(">I", 1)))
    cancel = patnc(9, attr(0x005597, 0x24, struct.pack(">I", 0x80000001)))
    out("fuzz_imc_host", "segments",
        rec(0, b"\x00" + req) + rec(0, b"\x00" + nxt) + rec(0, b"\x00" + nxt) + rec(0, b"\x00" + cancel))
    # Every OS fact and the port filter requested, on a small connection.
    allreq = patnc(10, attr(0, 1, b"".join(struct.pack(">II", 0, t) for t in (2, 3, 4, 5, 6, 7, 11, 12))
                             + struct.pack(">II", 0x902a, 8)))
    out("fuzz_imc_host", "requests",
        rec(3, b"\x02\x00\x20") + rec(0, b"\x00" + allreq) + rec(1, b"\x05" + allreq) + rec(2, b""))
    # ITA-HSR Get Settings: an allowed file, Android's name, a process file.
    names = [b"/proc/sys/net/ipv4/ip_forward", b"install_non_market_apps", b"/proc/self/environ"]
    gs = struct.pack(">I", len(names)) + b"".join(struct.pack(">H", len(n)) + n for n in names)
    out("fuzz_imc_host", "get_settings", rec(0, b"\x00" + patnc(12, attr(0x902a, 3, gs))))
    # An IMV sending us a segmented attribute under our own contract request.
    env = patnc(11, attr(0x005597, 0x23, bytes([0xc0, 0, 0, 1]) + attr(0, 9, b"\x00\x00\x00\x01")[:10]))
    out("fuzz_imc_host", "incoming_segment", rec(0, b"\x00" + env))


if __name__ == "__main__":
    main()
