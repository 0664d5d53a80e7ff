#!/usr/bin/env python3
"""Seed corpora for fuzz_patnc and fuzz_seg from tests/vectors.

fuzz_patnc: byte 0 = 0 + every PA-TNC message inside the captured PB-TNC
batches and the spec vector; byte 0 = 1, byte 1 = vendor selector, bytes 2..5 =
type + a value, for the attributes seen in those messages.
fuzz_seg: envelope sequences from the seg_first vectors and a segmented
ITA Command, plus splitter round trips.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
VEC = os.path.join(HERE, '..', '..', 'vectors')


def load(rel):
    with open(os.path.join(VEC, rel)) as f:
        return bytes.fromhex(''.join(l.strip() for l in f if not l.startswith('#')))


def pb_pa_bodies(batch):
    off, out = 8, []
    while off < len(batch):
        vendor, typ, mlen = struct.unpack('>III', batch[off:off + 12])
        if vendor & 0xffffff == 0 and typ == 1:
            out.append(batch[off + 24:off + mlen])
        off += mlen
    return out


def write(target, name, data):
    d = os.path.join(HERE, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


msgs = [load('spec/patnc_attr_request_os.hex')]
for name in sorted(os.listdir(os.path.join(VEC, 'captures'))):
    if name.startswith('run') and name.endswith('.hex'):
        msgs += pb_pa_bodies(load('captures/' + name))
seen = set()
for i, m in enumerate(msgs):
    if m in seen:
        continue
    seen.add(m)
    write('fuzz_patnc', 'msg%02d' % i, b'\x00' + m)

VENDOR_SEL = {0: 0, 0x902a: 1, 0x5597: 2}
for m in seen:
    off = 8
    while off + 12 <= len(m):
        _, typ, alen = struct.unpack('>III', m[off:off + 12])
        vendor = struct.unpack('>I', m[off:off + 4])[0] & 0xffffff
        if vendor in VENDOR_SEL:
            write('fuzz_patnc', 'val_%06x_%08x_%d' % (vendor, typ, alen),
                  bytes([1, VENDOR_SEL[vendor]]) + struct.pack('>I', typ) + m[off + 12:off + alen])
        off += alen

# one valid value per codec: the table of tests/unit/wire_patnc/test_patnc_bounded.c,
# with type macros resolved from lib/wire/attr_types.h
import re
ROOT = os.path.join(HERE, '..', '..', '..')
macros = {}
for name in ('attr_types.h', 'attr_names.h'):
    with open(os.path.join(ROOT, 'lib', 'wire', name)) as f:
        for m in re.finditer(r'#define (\w+) (0x[0-9a-fA-F]+|\d+)u', f.read()):
            macros[m.group(1)] = int(m.group(2), 0)
with open(os.path.join(ROOT, 'tests', 'unit', 'wire_patnc', 'test_patnc_bounded.c')) as f:
    src = f.read()
table = src[src.index('} values[] = {'):src.index('#define NVALUES')]
for m in re.finditer(r'\{ (PEN_\w+), (\w+),((?:\s*"[^"]*")+) \}', table):
    vendor, typ = macros[m.group(1)], macros[m.group(2)]
    value = bytes.fromhex(''.join(re.findall(r'"([^"]*)"', m.group(3))).replace(' ', ''))
    write('fuzz_patnc', 'tab_%06x_%08x' % (vendor, typ),
          bytes([1, VENDOR_SEL[vendor]]) + struct.pack('>I', typ) + value)

cmd = struct.pack('>IIII', 0x902a, 1, 48, 0)[:12] + b'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'
def env(flags, bid, seg):
    return bytes([0, flags, bid]) + struct.pack('>H', len(seg)) + seg
seq = env(0xc0, 7, cmd[:20]) + bytes([1, 7]) + env(0x80, 7, cmd[20:40]) + bytes([1, 7]) + env(0, 7, cmd[40:])
write('fuzz_seg', 'command3', b'\x00' + seq)
write('fuzz_seg', 'stray', b'\x00' + env(0x80, 7, cmd[20:40]) + env(0xc0, 7, cmd[:20]) + env(0x80, 7, cmd[20:40]) + bytes([3, 20]))
for name in sorted(os.listdir(os.path.join(VEC, 'spec'))):
    if name.startswith('seg_first_'):
        write('fuzz_seg', name[:-4], b'\x00' + env(0xc0, 1, load('spec/' + name)))
write('fuzz_seg', 'split12', b'\x01\x0c' + b'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ')
write('fuzz_seg', 'split47', b'\x01\x2f' + b'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ')
