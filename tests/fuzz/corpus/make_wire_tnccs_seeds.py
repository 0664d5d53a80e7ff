#!/usr/bin/env python3
"""Write the seed corpora of fuzz_pbtnc, fuzz_pttls, fuzz_pteap and
fuzz_ttls from the vectors in tests/vectors/ (spec vectors and the
strongSwan 5.9.14 captures). Run from anywhere; rewrites the four
directories next to this script."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
VEC = os.path.join(HERE, "..", "..", "vectors")


def load(rel):
    with open(os.path.join(VEC, rel)) as f:
        return bytes.fromhex("".join(l.strip() for l in f if not l.startswith("#")))


def write(target, name, data):
    d = os.path.join(HERE, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def pttls(typ, ident, value, vendor=0):
    return struct.pack(">BBHIII", 0, vendor >> 16, vendor & 0xFFFF, typ, 16 + len(value), ident) + value


def eap(code, ident, typ, data):
    return struct.pack(">BBHB", code, ident, 5 + len(data), typ) + data


def tls_pkt(code, ident, typ, flags, data, msg_len=None):
    body = bytes([flags]) + (struct.pack(">I", msg_len) if msg_len is not None else b"") + data
    return eap(code, ident, typ, body)


def avp_eap_message(e):
    a = struct.pack(">IB", 79, 0x40) + struct.pack(">I", 8 + len(e))[1:] + e
    return a + b"\0" * ((4 - len(a) % 4) % 4)


captures = sorted(f for f in os.listdir(os.path.join(VEC, "captures"))
                  if f.startswith("run") and f.endswith(".hex"))
batches = {f[:-4]: load("captures/" + f) for f in captures}
for f in ("pbtnc_cdata_langpref", "pbtnc_result_allow", "pbtnc_close_empty_client"):
    batches[f] = load("spec/%s.hex" % f)

# fuzz_pbtnc: whole batches
for name, b in batches.items():
    write("fuzz_pbtnc", name, b)

# fuzz_pttls: single messages and a realistic stream
pt = {f[:-4]: load(("captures/" if f.startswith("pttls_run") else "spec/") + f)
      for f in os.listdir(os.path.join(VEC, "captures")) + os.listdir(os.path.join(VEC, "spec"))
      if f.startswith("pttls_") and f.endswith(".hex")}
for name, m in pt.items():
    write("fuzz_pttls", name, m)
stream = pt["pttls_version_request"] + pt["pttls_run1_version_response"] + \
    pt["pttls_run1_sasl_mechanisms"] + pt["pttls_sasl_plain_selection"] + \
    pt["pttls_run1_sasl_result"] + pt["pttls_run1_sasl_mechanisms_empty"]
ident = 2
for name in ("run1_password_freshdb_01_pdp_recv_CDATA", "run1_password_freshdb_04_pdp_sent_RESULT",
             "run1_password_freshdb_05_pdp_recv_CLOSE"):
    stream += pttls(7, ident, batches[name])
    ident += 1
write("fuzz_pttls", "stream_run1", stream)
write("fuzz_pttls", "error_type_not_supported",
      pttls(8, 9, struct.pack(">II", 0, 3) + pttls(99, 4, b"")))

# fuzz_pteap: EAP packets around the batches
write("fuzz_pteap", "pteap_start", tls_pkt(1, 0x42, 54, 0x81, b""))
write("fuzz_pteap", "ttls_start", tls_pkt(1, 0x43, 21, 0x20, b""))
write("fuzz_pteap", "tnc_start", tls_pkt(1, 0x44, 38, 0x21, b""))
write("fuzz_pteap", "ttls_ack", tls_pkt(2, 0x43, 21, 0x00, b""))
write("fuzz_pteap", "identity", eap(2, 1, 1, b"carol@strongswan.org"))
write("fuzz_pteap", "nak", eap(2, 1, 3, b"\x36\x15"))
write("fuzz_pteap", "success", struct.pack(">BBH", 3, 1, 4))
write("fuzz_pteap", "tnc_with_length", tls_pkt(2, 9, 38, 0x81, batches["pbtnc_close_empty_client"], 8))
for name in ("run1_password_freshdb_01_pdp_recv_CDATA", "run1_password_freshdb_04_pdp_sent_RESULT",
             "pbtnc_close_empty_client"):
    write("fuzz_pteap", "pteap_" + name, tls_pkt(2, 7, 54, 0x01, batches[name]))

# fuzz_ttls: byte 0 = config, then (len16, EAP-TTLS packet) records carrying
# EAP-Message AVPs of PT-EAP packets, fragmented like strongSwan does.
def ttls_fragments(stream, frag_size, include_length=True):
    out, off, first = [], 0, True
    while True:
        cap = frag_size - (10 if first else 6)
        left = len(stream) - off
        if left > cap:
            flags = 0x40 | (0x80 if first else 0)
            out.append(tls_pkt(1, len(out) + 1, 21, flags, stream[off:off + cap],
                               len(stream) if first else None))
            off += cap
        else:
            l = len(stream) if first and include_length else None
            out.append(tls_pkt(1, len(out) + 1, 21, 0x80 if l is not None else 0, stream[off:], l))
            return out
        first = False


def ttls_input(cfg, packets):
    return bytes([cfg]) + b"".join(struct.pack(">H", len(p)) + p for p in packets)


for name, frag, cfg in (("run1_password_freshdb_01_pdp_recv_CDATA", 128, 20),
                        ("run1_password_freshdb_04_pdp_sent_RESULT", 64, 5),
                        ("pbtnc_close_empty_client", 1024, 1)):
    inner = tls_pkt(2, 7, 54, 0x01, batches[name])
    write("fuzz_ttls", name, ttls_input(cfg, ttls_fragments(avp_eap_message(inner), frag)))
write("fuzz_ttls", "split_avps",
      ttls_input(9, ttls_fragments(b"".join(avp_eap_message(c) for c in
                                            (lambda e: [e[i:i + 40] for i in range(0, len(e), 40)])(
                                                tls_pkt(1, 3, 54, 0x01, batches["pbtnc_result_allow"]))),
                                   96, False)))
