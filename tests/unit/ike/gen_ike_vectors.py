#!/usr/bin/env python3
"""Independent computation of the IKEv2 key derivation and SK payload
vectors used by test_ike_crypto.c and test_ike_sk.c.

Written from RFC 7296 §2.13-2.18 / §3.14 and RFC 5282 with Python's hmac
module and the 'cryptography' package, sharing no code with nea. Run it to
re-derive the constants pasted into the tests:  python3 gen_ike_vectors.py
"""
import hashlib
import hmac
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def prf(h, key, data):
    return hmac.new(key, data, h).digest()


def prf_plus(h, key, seed, n):
    out, t, i = b"", b"", 1
    while len(out) < n:
        t = prf(h, key, t + seed + bytes([i]))
        out += t
        i += 1
    return out[:n]


ni = bytes(range(0x00, 0x20))
nr = bytes(range(0x20, 0x40))
gir = bytes(range(0x40, 0x60))
spi_i = bytes.fromhex("0102030405060708")
spi_r = bytes.fromhex("1112131415161718")


def ike_keys(h, plen, alen, elen, skeyseed):
    s = prf_plus(h, skeyseed, ni + nr + spi_i + spi_r, 3 * plen + 2 * alen + 2 * elen)
    names = ["SK_d", "SK_ai", "SK_ar", "SK_ei", "SK_er", "SK_pi", "SK_pr"]
    lens = [plen, alen, alen, elen, elen, plen, plen]
    keys, off = {}, 0
    for n, l in zip(names, lens):
        keys[n] = s[off:off + l]
        off += l
    return keys


print("# aes256-sha256-prfsha256")
skeyseed = prf(hashlib.sha256, ni + nr, gir)
print("SKEYSEED", skeyseed.hex())
k1 = ike_keys(hashlib.sha256, 32, 32, 32, skeyseed)
for n, v in k1.items():
    print(n, v.hex())

print("# aes256gcm16-prfsha384")
skeyseed2 = prf(hashlib.sha384, ni + nr, gir)
k2 = ike_keys(hashlib.sha384, 48, 0, 36, skeyseed2)
for n, v in k2.items():
    print(n, v.hex())

print("# rekey: old prf sha256 with old SK_d of suite 1, new suite aes128-sha512-prfsha512")
gir_new = bytes(range(0x60, 0x80))
skeyseed3 = prf(hashlib.sha256, k1["SK_d"], gir_new + ni + nr)
print("SKEYSEED", skeyseed3.hex())
k3 = ike_keys(hashlib.sha512, 64, 64, 16, skeyseed3)
for n, v in k3.items():
    print(n, v.hex())

print("# child: ESP aes256gcm16, from suite 1 SK_d, no PFS, then with PFS")
km = prf_plus(hashlib.sha256, k1["SK_d"], ni + nr, 72)
print("KEYMAT", km.hex())
km2 = prf_plus(hashlib.sha256, k1["SK_d"], gir_new + ni + nr, 72)
print("KEYMAT_PFS", km2.hex())

# SK payload vectors: an IKE_AUTH request 1 from the initiator carrying one
# EAP payload (EAP-Response/Identity "jane"), protected with suite 1 keys and
# a fixed IV (CBC) / IV counter 5 (GCM with suite 2 keys).
eap = bytes.fromhex("02 07 0009 01") + b"jane"
inner = bytes([0, 0]) + struct.pack(">H", 4 + len(eap)) + eap
hdr_fixed = spi_i + spi_r


def header(next_pl, length):
    return hdr_fixed + bytes([next_pl, 0x20, 35, 0x08]) + struct.pack(">II", 1, length)


# CBC: pad to 16 with zero padding octets and pad length
iv = bytes(range(0xa0, 0xb0))
pad = (16 - (len(inner) + 1) % 16) % 16
pt = inner + bytes(pad) + bytes([pad])
ct = Cipher(algorithms.AES(k1["SK_ei"]), modes.CBC(iv)).encryptor().update(pt)
total = 28 + 4 + 16 + len(ct) + 16
msg = header(46, total) + bytes([48, 0]) + struct.pack(">H", 4 + 16 + len(ct) + 16) + iv + ct
icv = hmac.new(k1["SK_ai"], msg, hashlib.sha256).digest()[:16]
print("# SK CBC message")
print("MSG_CBC", (msg + icv).hex())

# GCM: nonce = salt | iv, AAD = header | SK generic header, no padding
iv8 = struct.pack(">Q", 5)
pt = inner + bytes([0])
clen = len(pt) + 16
total = 28 + 4 + 8 + clen
aad = header(46, total) + bytes([48, 0]) + struct.pack(">H", 4 + 8 + clen)
key, salt = k2["SK_ei"][:32], k2["SK_ei"][32:]
ct = AESGCM(key).encrypt(salt + iv8, pt, aad)
print("# SK GCM message")
print("MSG_GCM", (aad + iv8 + ct).hex())
