#!/usr/bin/env python3
"""The seed's VPN flow with nea on both ends (issue 5, "What must be
shown"): an nea endpoint (nea-iked initiator + nea-imcd) connects with
IKEv2 to an nea gateway (nea-master with nea-policyd, nea-brokerd,
nea-imvd, nea-iked responder) on loopback; EAP-only EAP-TTLS with jane's
EAP-MD5 password inside, then PT-EAP with the OS and Scanner measurements.
See gwlab.py for the set-up.

    test_gateway.py flow|crash|cookie

flow    the endpoint lists an open TCP port the policy forbids: the gateway's
        IMVs say no access, nea-iked logs the verdict naming the peer and
        the reason, the client gets EAP-Failure and no IKE_SA; the first
        CDATA with the Installed Packages (~2.8 kB, larger than one
        EAP-TTLS message, like the seed's 2845 bytes) crosses in several
        IKE_AUTH round trips (counted in the client's log) and reaches
        nea-brokerd whole. A wrong inner EAP-MD5 password ends in
        EAP-Failure before any TNC conversation. After the operator allows
        that port (`nea policy add`, `nea enforcement`) the tunnel comes up:
        virtual IP from rw_pool, CHILD_SA, listed by `nea sas` on both
        ends; `nea sessions` shows both sessions.
crash   nea-imvd, then nea-brokerd, SIGKILLed while they hold an IKE
        assessment (each frozen with SIGSTOP first, so the kill lands
        mid-conversation every time): that EAP conversation fails safe
        (no access, EAP-Failure), nea-iked keeps its pid, nea-master
        restarts the daemon and the next connection gets its tunnel.
cookie  a burst of IKE_SA_INIT requests from one UDP source: beyond
        charon.cookie_threshold_ip half-open IKE_SAs nea-iked answers with
        COOKIE notifies only (checked on the replies), keeps no more
        half-open state, accepts a request that returns a valid COOKIE,
        and a genuine nea client from the same address still connects
        (it is sent a COOKIE, retries with it and gets its tunnel); the
        flood's half-open IKE_SAs time out and nothing is left.
"""
import os
import random
import re
import signal
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gwlab                                   # noqa: E402
from gwlab import Failure, check, run, wait_log  # noqa: E402,F401


def device_id():
    return "%032x" % random.getrandbits(128)


def count_from(log, text, after=0):
    return log[after:].count(text)


# -------------------------------------------------------------------- flow
def flow(gw):
    # a real listening socket's number, listed open in the client's /proc/net
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("0.0.0.0", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    # ~110 packages: an Installed Packages batch of ~2.8 kB, like the seed's
    # 2845-byte one (EAP-TTLS fragments of 1024 bytes: three round trips)
    cl = gw.client("endpoint", [port], device_id(), packages=110)

    # 1. no access
    mark = len(gw.log())
    check(cl.connect() == "failed", "the client got a tunnel despite an open port\n" + cl.log())
    clog = cl.log()
    check("received EAP_FAILURE, EAP authentication failed" in clog, "no EAP-Failure at the client")
    check("the gateway's TNC recommendation for us is 'no access' (reason 'Open server ports "
          "were detected')" in clog, "the client did not log the gateway's no access")
    check(re.search(r"(?m)^.*\[IMC\]\s+tcp/%d$" % port, clog), "remediation does not name tcp/%d" % port)
    check("CHILD_SA" not in clog.split("received EAP_FAILURE")[1], "a CHILD_SA after EAP-Failure")
    m = gw.wait_log(r"IKE_SA tnc\[(\d+)\]: TNC verdict for peer 'jane': no access \(reason "
                    r"'Open server ports were detected', evaluation \d\)", after=mark)
    gw.wait_log(r"EAP method EAP_TTLS failed for peer jane", after=mark)
    gw.wait_log(r"IKE_SA tnc\[%s\] failed: EAP authentication failed" % m.group(1), after=mark)
    log = gw.log()
    check(re.search(r"IMV 2 handled TCPOP workitem \d+: no access - violating tcp ports: %d\n" % port,
                    log[mark:]), "no TCPOP line naming tcp/%d" % port)
    check("policy enforced on peer 'jane' is 'no access'" in log[mark:], "no enforcement line")
    check(not re.search(r"IKE_SA tnc\[\d+\] established", log[mark:]), "the gateway established an IKE_SA")
    check(not re.search(r"assigning virtual IP", log[mark:]), "a virtual IP was handed out")

    # the Installed Packages batch: bigger than one EAP-TTLS message, so it
    # crossed in several IKE_AUTH round trips; the broker got it whole
    sent = [(n, rounds) for d, n, rounds in gwlab.batches_and_rounds(clog) if d == "sending"]
    print("client batches sent (bytes, IKE_AUTH requests carrying them):", sent)
    big = [(n, r) for n, r in sent if n > 1024]
    check(big, "no PB-TNC batch larger than one EAP-TTLS message was sent: %r" % sent)
    n, rounds = big[0]
    check(2000 < n < 4000, "the packages batch is %d bytes, not about the seed's 2845" % n)
    # 1024-byte EAP-TTLS fragments (the TLS record and AVP add ~50 bytes)
    check(rounds >= -(-n // 1024) and rounds >= 2,
          "a %d-byte batch crossed in %d IKE_AUTH request(s)" % (n, rounds))
    check("received TNCCS batch (%d bytes)" % n in log[mark:], "nea-brokerd did not get the %d-byte batch" % n)
    # the others fit one message (the last, CLOSE, is followed by the TLS
    # close notify exchange, so it is not counted)
    small = [(n, r) for n, r in sent[:-1] if n <= 900]
    check(small and all(r == 1 for n, r in small), "small batches took more than one round: %r" % sent)
    cl.stop()

    # 2. a wrong inner password: EAP-TTLS fails before any TNC conversation
    bad = gw.client("wrongpw", [port], device_id(), packages=110, secret="not-" + gwlab.JANE[1])
    mark = len(gw.log())
    check(bad.connect() == "failed", "a wrong password got a tunnel\n" + bad.log())
    check("received EAP_FAILURE" in bad.log(), "no EAP-Failure for the wrong password")
    check("TNC assessment started" not in bad.log(), "the client was assessed despite a wrong password")
    gw.wait_log(r"EAP method EAP_TTLS failed for peer jane", after=mark)
    check("EAP_MD5 method failed" in gw.log()[mark:], "the gateway did not log the inner failure")
    check("TNC connection" not in gw.log()[mark:], "a wrong password reached nea-brokerd")
    bad.stop()

    # 3. the operator allows the port; the same endpoint gets its tunnel
    name = "TCP %d" % port
    gw.nea("policy", "add", name, "--type", "TCPOP", "--argument", str(port))
    gw.nea("enforcement", "delete", "No Open TCP Ports", "Default")
    gw.nea("enforcement", "add", name, "Default")
    mark = len(gw.log())
    check(cl.connect() == "established", "no tunnel after the port was allowed\n" + cl.log())
    clog = cl.log()
    check("the gateway's TNC recommendation for us is 'allow'" in clog, "client: no allow")
    check("authentication of 'server.strongswan.org' with EAP successful" in clog,
          "the gateway was not authenticated by EAP-TTLS (RFC 5998)")
    m = re.search(r"received virtual IP (10\.3\.0\.\d+)", clog)
    check(m, "no virtual IP from rw_pool")
    vip = m.group(1)
    cl.wait_log(r"CHILD_SA tnc\{\d+\} established with SPIs \w+_i \w+_o and TS %s/32 === "
                r"10\.1\.0\.0/24 192\.168\.0\.2/32" % re.escape(vip))
    gw.wait_log(r"IKE_SA tnc\[\d+\]: TNC verdict for peer 'jane': allow", after=mark)
    gw.wait_log(r"IKE_SA tnc\[\d+\] established between 127\.0\.0\.1\[server\.strongswan\.org\]"
                r"\.\.\.127\.0\.0\.1\[jane\]", after=mark)
    gw.wait_log(r"assigning virtual IP %s to peer 'jane'" % re.escape(vip), after=mark)
    gw.wait_log(r"CHILD_SA tnc\{\d+\} established with SPIs .* === %s/32" % re.escape(vip), after=mark)

    # the operator's view on both ends
    sas = gw.nea("sas", "--raw").stdout
    print(sas)
    check(re.search(r"(?m)^sa=tnc .*state=ESTABLISHED .*eap_identity=jane .*vip=%s\b" % re.escape(vip), sas),
          "gateway: nea sas does not list jane's IKE_SA with %s\n%s" % (vip, sas))
    check(re.search(r"(?m)^child=tnc sa=tnc ", sas), "gateway: no CHILD_SA in nea sas\n" + sas)
    r = cl.nea("sas", "--raw")
    check(r.returncode == 0 and re.search(r"(?m)^sa=gw .*state=ESTABLISHED .*vip=%s\b" % re.escape(vip),
                                          r.stdout), "client: nea sas\n%s%s" % (r.stdout, r.stderr))
    sessions = gw.nea("sessions").stdout
    print(sessions)
    check(re.search(r"(?m)\bjane - no access$", sessions) and re.search(r"(?m)\bjane - allow$", sessions),
          "nea sessions lacks jane's two sessions\n" + sessions)
    cl.stop()
    listener.close()


# ------------------------------------------------------------------- crash
def crash(gw):
    cl = gw.client("endpoint", [], device_id(), packages=20)
    before = gw.pids()

    # 1. nea-imvd: frozen before the client comes, killed once the broker
    # handed it the client's first batch
    os.kill(before["imvd"], signal.SIGSTOP)
    try:
        mark = len(gw.log())
        cl.start()
        gw.wait_log(r"processing PB-TNC CDATA batch for Connection ID \d+", after=mark)
    finally:
        os.kill(before["imvd"], signal.SIGKILL)
    gw.wait_log(r"IMV host nea-imvd \(pid %d\) went away" % before["imvd"], after=mark)
    check(cl.outcome() == "failed", "the client got a tunnel without its assessment\n" + cl.log())
    check("received EAP_FAILURE" in cl.log(), "no EAP-Failure at the client")
    gw.wait_log(r"fail-safe recommendation 'no access' and evaluation 'error' for IMV \d", after=mark)
    gw.wait_log(r"IKE_SA tnc\[\d+\]: TNC verdict for peer 'jane': no access", after=mark)
    check(not re.search(r"assigning virtual IP", gw.log()[mark:]), "a virtual IP despite the crash")
    cl.stop()
    d = gw.wait_for("nea-imvd back", lambda rc, d: d["imvd"]["state"] == "running"
                    and int(d["imvd"]["pid"]) not in (0, before["imvd"])
                    and all(d[x]["healthy"] == "1" for x in gwlab.SERVER_DAEMONS))
    after = {n: int(v["pid"]) for n, v in d.items()}
    for x in ["iked", "brokerd", "policyd"]:
        check(after[x] == before[x], "%s changed pid %d -> %d" % (x, before[x], after[x]))
    gw.wait_log(r"IMV 2 \"Scanner\" registered by nea-imvd pid %d" % after["imvd"], after=mark)
    mark = len(gw.log())
    check(cl.connect() == "established", "no tunnel after nea-imvd came back\n" + cl.log())
    gw.wait_log(r"IKE_SA tnc\[\d+\]: TNC verdict for peer 'jane': allow", after=mark)
    check("fail-safe" not in gw.log()[mark:], "the next conversation was fail-safe too")
    cl.stop()

    # 2. nea-brokerd: frozen, killed while nea-iked waits for its answer
    before = after
    os.kill(before["brokerd"], signal.SIGSTOP)
    try:
        mark = len(gw.log())
        cl.start()
        m = gw.wait_log(r"IKE_SA tnc\[(\d+)\]: TNC connection \d+ opened with nea-brokerd for 'jane'",
                        after=mark)
        # the client's first CDATA reached nea-iked (and went to the broker)
        gw.wait_log(r"received tunneled EAP-TTLS AVP \[EAP/RES/PT\]", after=m.end())
    finally:
        os.kill(before["brokerd"], signal.SIGKILL)
    gw.wait_log(r"lost nea-brokerd", after=mark)
    gw.wait_log(r"IKE_SA tnc\[%s\]: TNC verdict for peer 'jane': no access \(fail-safe, lost nea-brokerd\)"
                % m.group(1), after=mark)
    check(cl.outcome() == "failed", "the client got a tunnel without a broker\n" + cl.log())
    check("received EAP_FAILURE" in cl.log(), "no EAP-Failure at the client")
    cl.stop()
    d = gw.wait_for("nea-brokerd back", lambda rc, d: d["brokerd"]["state"] == "running"
                    and int(d["brokerd"]["pid"]) not in (0, before["brokerd"])
                    and all(d[x]["healthy"] == "1" for x in gwlab.SERVER_DAEMONS))
    after = {n: int(v["pid"]) for n, v in d.items()}
    check(after["iked"] == before["iked"], "nea-iked changed pid %d -> %d" % (before["iked"], after["iked"]))
    gw.wait_log(r"nea-iked\[%d\] \[TNC\] connected to nea-brokerd \(pid %d\)" % (after["iked"], after["brokerd"]),
                after=mark)
    gw.wait_log(r"IMV 2 \"Scanner\" registered by nea-imvd pid \d+", after=mark)
    mark = len(gw.log())
    check(cl.connect() == "established", "no tunnel after nea-brokerd came back\n" + cl.log())
    gw.wait_log(r"IKE_SA tnc\[\d+\]: TNC verdict for peer 'jane': allow", after=mark)
    cl.stop()


# ------------------------------------------------------------------ cookie
ENCR_AES_CBC, PRF_SHA256, INTEG_SHA256, DH_X25519 = 12, 5, 12, 31
N_COOKIE = 16390


def transform(last, ttype, tid, attr=b""):
    body = struct.pack("!BxH", ttype, tid) + attr
    return struct.pack("!BxH", 0 if last else 3, 4 + len(body)) + body


def ike_sa_init(spi_i, ke, nonce, cookie=None):
    """A valid-looking IKE_SA_INIT request (the gateway's proposal
    aes256-sha256-x25519, an X25519 share and a nonce) as nea's initiator
    would send it, optionally with a COOKIE notify first (the COOKIE is
    bound to SPIi, Ni and the address: a retry repeats them)."""
    tr = (transform(False, 1, ENCR_AES_CBC, struct.pack("!HH", 0x800e, 256)) +
          transform(False, 2, PRF_SHA256) + transform(False, 3, INTEG_SHA256) +
          transform(True, 4, DH_X25519))
    prop = struct.pack("!BxHBBBB", 0, 8 + len(tr), 1, 1, 0, 4) + tr
    payloads = []                 # (type, body)
    if cookie is not None:
        payloads.append((41, struct.pack("!BBH", 0, 0, N_COOKIE) + cookie))
    payloads.append((33, prop))
    payloads.append((34, struct.pack("!HH", DH_X25519, 0) + ke))
    payloads.append((40, nonce))
    body = b""
    for i, (t, b) in enumerate(payloads):
        nxt = payloads[i + 1][0] if i + 1 < len(payloads) else 0
        body += struct.pack("!BxH", nxt, 4 + len(b)) + b
    hdr = struct.pack("!8s8sBBBBII", spi_i, b"\0" * 8, payloads[0][0], 0x20, 34, 0x08, 0, 28 + len(body))
    return hdr + body


def parse_reply(data):
    """(spi_i, [(payload type, body)]) of an IKE reply behind the non-ESP marker."""
    check(len(data) >= 32 and data[:4] == b"\0\0\0\0", "reply without the non-ESP marker")
    d = data[4:]
    spi_i, spi_r, nxt, ver, xchg, flags, mid, length = struct.unpack("!8s8sBBBBII", d[:28])
    check(xchg == 34 and flags & 0x20 and length == len(d), "not an IKE_SA_INIT response")
    off, pls = 28, []
    while nxt:
        n2, plen = struct.unpack("!BxH", d[off:off + 4])
        check(plen >= 4 and off + plen <= len(d), "malformed payload in the reply")
        pls.append((nxt, d[off + 4:off + plen]))
        nxt, off = n2, off + plen
    return spi_i, spi_r, pls


def cookie_of(pls):
    for t, b in pls:
        if t == 41 and struct.unpack("!H", b[2:4])[0] == N_COOKIE:
            return b[4:]
    return None


def half_open(gw):
    """IKE_SAs nea-iked holds that are not established (`nea sas`: its
    table at the moment of asking)."""
    sas = gw.nea("sas", "--raw").stdout
    return len(re.findall(r"(?m)^sa=tnc .*state=(?!ESTABLISHED)", sas))


def cookie(gw):
    burst = 40
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    s.settimeout(10)
    reqs = {}
    for _ in range(burst):
        spi = os.urandom(8)
        reqs[spi] = (os.urandom(32), os.urandom(32))
        s.sendto(b"\0\0\0\0" + ike_sa_init(spi, *reqs[spi]), ("127.0.0.1", gw.port))
    answered, cookies = {}, {}
    while len(answered) + len(cookies) < burst:
        try:
            data, _ = s.recvfrom(65535)
        except socket.timeout:
            break
        spi_i, spi_r, pls = parse_reply(data)
        check(spi_i in reqs, "reply to a SPI we never sent")
        c = cookie_of(pls)
        if c is not None:
            check(spi_r == b"\0" * 8 and [t for t, _ in pls] == [41],
                  "a COOKIE reply must be the notify alone, with no responder SPI")
            check(1 <= len(c) <= 64, "COOKIE of %d bytes" % len(c))
            cookies[spi_i] = c
        else:
            types = [t for t, _ in pls]
            check(33 in types and 34 in types and 40 in types and spi_r != b"\0" * 8,
                  "neither a COOKIE nor an IKE_SA_INIT response: payloads %r" % types)
            answered[spi_i] = spi_r
    print("burst of %d IKE_SA_INIT: %d answered, %d COOKIEs" % (burst, len(answered), len(cookies)))
    limit = 3                                  # charon.cookie_threshold_ip (gateway example)
    check(len(answered) == limit, "%d requests created IKE_SAs, expected %d" % (len(answered), limit))
    check(len(cookies) == burst - limit, "%d COOKIE replies, expected %d" % (len(cookies), burst - limit))
    check(half_open(gw) == limit, "nea-iked holds %d half-open IKE_SAs" % half_open(gw))
    gw.wait_log(r"sending COOKIE to 127\.0\.0\.1 \(3 half-open IKE_SAs, 3 from this address\)")

    # the same request with the COOKIE it was given goes through
    spi = next(iter(cookies))
    s.sendto(b"\0\0\0\0" + ike_sa_init(spi, *reqs[spi], cookie=cookies[spi]), ("127.0.0.1", gw.port))
    spi_i, spi_r, pls = parse_reply(s.recvfrom(65535)[0])
    check(spi_i == spi and cookie_of(pls) is None and spi_r != b"\0" * 8,
          "a request with a valid COOKIE was not answered with an IKE_SA_INIT response")
    # a forged cookie is not
    spi = os.urandom(8)
    s.sendto(b"\0\0\0\0" + ike_sa_init(spi, os.urandom(32), os.urandom(32), cookie=os.urandom(32)),
             ("127.0.0.1", gw.port))
    spi_i, spi_r, pls = parse_reply(s.recvfrom(65535)[0])
    check(spi_i == spi and cookie_of(pls) is not None, "a forged COOKIE was accepted")
    check(half_open(gw) == limit + 1, "half-open IKE_SAs: %d" % half_open(gw))
    s.close()

    # a genuine client from the same address: COOKIE, retry, tunnel
    mark = len(gw.log())
    cl = gw.client("endpoint", [], device_id(), packages=20, log_levels={"ike": 2})
    check(cl.connect() == "established", "the genuine client did not connect\n" + cl.log())
    check("received COOKIE, restarting IKE_SA_INIT" in cl.log(), "the client was not sent a COOKIE")
    gw.wait_log(r"sending COOKIE to 127\.0\.0\.1 \(4 half-open IKE_SAs, 4 from this address\)", after=mark)
    gw.wait_log(r"IKE_SA tnc\[\d+\]: TNC verdict for peer 'jane': allow", after=mark)
    cl.stop()

    # the flood leaves nothing behind: its half-open IKE_SAs time out
    # (charon.half_open_timeout, 10 s here)
    end = time.monotonic() + gwlab.DEADLINE
    while half_open(gw) and time.monotonic() < end:
        time.sleep(0.5)
    check(half_open(gw) == 0, "half-open IKE_SAs left: %d" % half_open(gw))
    n = len(re.findall(r"IKE_SA tnc\[\d+\] from 127\.0\.0\.1\S* timed out while half-open", gw.log()))
    check(n == limit + 1, "%d half-open IKE_SAs timed out, expected %d" % (n, limit + 1))


SCENARIOS = {
    "flow": (flow, {}),
    "crash": (crash, {}),
    "cookie": (cookie, {"log": {"ike": 2}, "charon": "\thalf_open_timeout = 10\n"}),
}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in SCENARIOS:
        print("usage: test_gateway.py %s" % "|".join(SCENARIOS))
        sys.exit(2)
    fn, kw = SCENARIOS[sys.argv[1]]
    run(fn, **kw)


if __name__ == "__main__":
    main()
