#!/usr/bin/env python3
"""A minimal RADIUS authentication server (RFC 2865/3579) whose EAP server
is nea's EAP-TTLS method (ttls_stdio_server), for the charon interop test:
charon's eap-radius plugin relays its IKE peer's EAP packets here.

On EAP success it answers Access-Accept with EAP-Success and the MSK in
MS-MPPE-Recv-Key (MSK[0:32]) / MS-MPPE-Send-Key (MSK[32:64]) (RFC 2548,
salt-encrypted), which charon turns back into the MSK for IKE AUTH.

Usage: radius_ttls.py PORT SECRET RESULT_FILE -- ttls_stdio_server args...
$TTLS_EXTRA_ARGS: "a b|c|..." - extra server arguments for the 1st, 2nd, ...
conversation (e.g. "|piggyback=1 fragment_size=300").
Writes one line per finished conversation to RESULT_FILE:
"success <msk hex>" or "failure". Bounded: exits after 300 s or after
the number of conversations given by $RADIUS_MAX_CONV (default 4).
"""
import hashlib
import hmac
import os
import socket
import struct
import subprocess
import sys
import time

ACCESS_REQUEST, ACCESS_ACCEPT, ACCESS_REJECT, ACCESS_CHALLENGE = 1, 2, 3, 11
A_STATE, A_VSA, A_EAP, A_MSG_AUTH = 24, 26, 79, 80


def attrs_parse(data):
    out, i = [], 0
    while i + 2 <= len(data):
        t, l = data[i], data[i + 1]
        if l < 2 or i + l > len(data):
            raise ValueError("bad attribute length")
        out.append((t, data[i + 2:i + l]))
        i += l
    return out


def attr(t, v):
    return bytes([t, len(v) + 2]) + v


def mppe_encrypt(key, secret, req_auth, salt):
    plain = bytes([len(key)]) + key
    plain += b"\0" * (-len(plain) % 16)
    out, prev = b"", req_auth + salt
    for i in range(0, len(plain), 16):
        b = hashlib.md5(secret + prev).digest()
        c = bytes(x ^ y for x, y in zip(plain[i:i + 16], b))
        out += c
        prev = c
    return salt + out


def vsa_ms(vtype, value):
    sub = bytes([vtype, len(value) + 2]) + value
    return attr(A_VSA, struct.pack("!I", 311) + sub)


def build(code, ident, req_auth, attrs, secret):
    body = b"".join(attrs) + attr(A_MSG_AUTH, b"\0" * 16)
    length = 20 + len(body)
    pkt = struct.pack("!BBH", code, ident, length) + req_auth + body
    mac = hmac.new(secret, pkt, hashlib.md5).digest()
    pkt = pkt[:-16] + mac
    resp_auth = hashlib.md5(pkt[:4] + req_auth + pkt[20:] + secret).digest()
    return pkt[:4] + resp_auth + pkt[20:]


class Session:
    def __init__(self, argv):
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def call(self, msg):
        self.p.stdin.write(msg)
        self.p.stdin.flush()
        hdr = self.p.stdout.read(3)
        if len(hdr) != 3:
            raise RuntimeError("nea TTLS server died")
        n = hdr[1] << 8 | hdr[2]
        return hdr[0], self.p.stdout.read(n)

    def close(self):
        try:
            self.p.stdin.close()
            self.p.wait(timeout=5)
        except Exception:
            self.p.kill()


def main():
    port, secret, result_file = int(sys.argv[1]), sys.argv[2].encode(), sys.argv[3]
    server_argv = sys.argv[sys.argv.index("--") + 1:]
    max_conv = int(os.environ.get("RADIUS_MAX_CONV", "4"))
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", port))
    sock.settimeout(1.0)
    with open(result_file + ".ready", "w") as f:
        f.write("listening\n")
    extras = os.environ.get("TTLS_EXTRA_ARGS", "").split("|")
    sessions, done, deadline, last, started = {}, 0, time.time() + 300, {}, 0
    while done < max_conv and time.time() < deadline:
        try:
            data, peer = sock.recvfrom(4096)
        except socket.timeout:
            continue
        if len(data) < 20:
            continue
        code, ident, length = struct.unpack("!BBH", data[:4])
        if code != ACCESS_REQUEST or length > len(data):
            continue
        req_auth = data[4:20]
        # a retransmission gets the same answer again
        if (peer, ident, req_auth) in last:
            sock.sendto(last[(peer, ident, req_auth)], peer)
            continue
        try:
            attrs = attrs_parse(data[20:length])
        except ValueError:
            continue
        ma = [v for t, v in attrs if t == A_MSG_AUTH]
        if ma:
            zeroed = data[:length].replace(ma[0], b"\0" * 16, 1)
            if hmac.new(secret, zeroed, hashlib.md5).digest() != ma[0]:
                print("radius: bad Message-Authenticator", file=sys.stderr)
                continue
        eap = b"".join(v for t, v in attrs if t == A_EAP)
        state = next((v for t, v in attrs if t == A_STATE), None)
        if not eap:
            continue
        if state is None or state not in sessions:
            # a new conversation: charon relays the peer's Identity response
            state = os.urandom(8)
            extra = extras[started].split() if started < len(extras) else []
            started += 1
            sessions[state] = Session(server_argv + extra)
            status, out = sessions[state].call(b"S" + bytes([(eap[1] + 1) & 0xff]))
        else:
            status, out = sessions[state].call(b"P" + struct.pack("!H", len(eap)) + eap)
        if status == 0xff:
            continue  # discarded: charon retransmits
        reply_attrs = []
        if status == 0:
            code = ACCESS_CHALLENGE
            for i in range(0, len(out), 253):
                reply_attrs.append(attr(A_EAP, out[i:i + 253]))
            reply_attrs.append(attr(A_STATE, state))
        else:
            last_id = eap[1]
            if status == 2:
                code = ACCESS_ACCEPT
                reply_attrs.append(attr(A_EAP, bytes([3, last_id, 0, 4])))
                recv = mppe_encrypt(out[:32], secret, req_auth, bytes([0x80 | 1, 0x23]))
                send = mppe_encrypt(out[32:64], secret, req_auth, bytes([0x80 | 2, 0x45]))
                reply_attrs.append(vsa_ms(17, recv))
                reply_attrs.append(vsa_ms(16, send))
                line = "success " + out.hex()
            else:
                code = ACCESS_REJECT
                reply_attrs.append(attr(A_EAP, bytes([4, last_id, 0, 4])))
                line = "failure"
            sessions.pop(state).close()
            with open(result_file, "a") as f:
                f.write(line + "\n")
            done += 1
        pkt = build(code, ident, req_auth, reply_attrs, secret)
        last[(peer, ident, req_auth)] = pkt
        sock.sendto(pkt, peer)
    for s in sessions.values():
        s.close()


if __name__ == "__main__":
    main()
