#!/usr/bin/env python3
"""Seeds for fuzz_imv from the strongSwan captures: the OS, Firewall and
Installed Packages PA-TNC messages framed as fuzz_imv records (see the
header of tests/fuzz/fuzz_imv.c), plus port lists."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
VEC = os.path.join(HERE, '..', '..', 'vectors', 'captures')
OUT = os.path.join(HERE, 'fuzz_imv')


def load(name):
    with open(os.path.join(VEC, name)) as f:
        return bytes.fromhex(''.join(c for c in f.read() if c in '0123456789abcdefABCDEF'))


def pb_pa(batch):
    """(subtype, body) of every PB-PA message of a PB-TNC batch."""
    off, out = 8, []
    while off + 12 <= len(batch):
        vendor = int.from_bytes(batch[off + 1:off + 4], 'big')
        mtype, mlen = struct.unpack('>II', batch[off + 4:off + 12])
        if vendor == 0 and mtype == 1:
            sub = struct.unpack('>I', batch[off + 16:off + 20])[0]
            out.append((sub, batch[off + 24:off + mlen]))
        off += mlen
    return out


def rec(ctl, body):
    return bytes([ctl]) + struct.pack('>H', len(body)) + body


def main():
    os.makedirs(OUT, exist_ok=True)
    first = pb_pa(load('run1_password_freshdb_01_pdp_recv_CDATA.hex'))
    pkgs = pb_pa(load('run1_password_freshdb_03_pdp_recv_CDATA.hex'))
    os_msg = [b for s, b in first if s == 1][0]
    fw_msg = [b for s, b in first if s == 5][0]
    pk_msg = pkgs[0][1]
    seeds = {
        'capture_pttls': b'\x01' + rec(0, os_msg) + rec(1 | 2, fw_msg) + rec(4 | 2, pk_msg),
        'capture_small_limit': b'\x02' + rec(0, os_msg) + rec(1 | 2, fw_msg)
        + rec(4 | 2 | 8, pk_msg[:4000]),
        'os_only_solicit': b'\x01' + rec(2, os_msg) + rec(8, b''),
        'ports_list': b'\x00500 4500 10000-65000',
        'ports_bad': b'\x0022 http 5-',
    }
    for name, data in seeds.items():
        with open(os.path.join(OUT, name), 'wb') as f:
            f.write(data)


if __name__ == '__main__':
    main()
