#!/usr/bin/env python3
"""PT-TLS assessments end to end (issue 4, "What must be shown"): the real
nea-master with nea-policyd, nea-brokerd, nea-imvd and nea-pttlsd from
$NEA_BIN_DIR on loopback in a temporary directory (harness.py), clients
`nea pt-tls-client` + nea-imcd one-shot, or the Python PT-TLS client
ptclient.py replaying strongSwan's captured batches.

    test_pttls.py assess|captures|crash|badinput

assess    an endpoint with an open TCP port the policy does not allow gets
          no access / non-compliant minor / "Open server ports were
          detected"; a wrong SASL password is refused; after the operator
          allows that port with `nea policy`/`nea enforcement` commands the
          endpoint gets allow, also with TLS client-certificate login; `nea
          sessions` and `nea devices` list the sessions with the Device ID
          and recommendation. As root the whole scenario runs in a network
          namespace of its own, so the open port is a real listening socket
          the Scanner IMC finds in /proc/net; otherwise the IMCs read a
          fixture tree whose /proc/net lists that port.
captures  strongSwan 5.9.14's client batches (run 1: CDATA 366 B, CDATA
          21246 B with 834 packages) replayed over PT-TLS after SASL PLAIN:
          nea asks for what the strongSwan PDP asked, its IMVs log every
          measurement the strongSwan PDP logged, the RESULT equals the
          captured one apart from PA-TNC message IDs; and `nea dump` reads
          the CDATA nea's own client sends for the capture's host the way
          strongSwan's client log describes its own.
crash     nea-imvd SIGKILLed in the middle of an assessment: that connection
          gets the fail-safe verdict with a log line, nea-pttlsd and
          nea-brokerd keep their pids, the restarted nea-imvd serves the
          next assessment.
badinput  malformed PT-TLS and PB-TNC from raw TLS connections are answered
          with PT-TLS Errors / PB-Errors and the connection closed, while a
          concurrent well-behaved client completes its assessment.
"""
import os
import random
import re
import shutil
import signal
import socket
import ssl
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness                                            # noqa: E402
from harness import Failure, check, capture, JANE         # noqa: E402
import ptclient                                           # noqa: E402
from ptclient import PtClient, pb_messages, pa_attributes  # noqa: E402

STRONGSWAN_LOGS = os.path.join(harness.SRC, "..", "shared", "spec", "captures")
CA = "pki/caCert.pem"


SANITIZER = [r"ERROR: AddressSanitizer", r"ERROR: LeakSanitizer", r"runtime error:"]


def device_id():
    return "%032x" % random.getrandbits(128)


def rec_lines(out):
    """recommendation/evaluation/reason/verdict lines of nea pt-tls-client."""
    return {k: v for k, v in re.findall(r"(?m)^(recommendation|evaluation|reason|verdict): (.*)$", out)}


def count(log, text):
    return log.count(text)


def wait_count(s, text, n):
    """Wait until the master log holds `text` at least n times."""
    end = time.monotonic() + harness.DEADLINE
    while count(s.log(), text) < n:
        check(time.monotonic() < end, "timed out waiting for %d x '%s'\n%s" % (n, text, s.log()))
        time.sleep(0.05)


# ------------------------------------------------------------------ assess
def in_own_netns():
    return os.environ.get("NEA_PTTLS_NETNS") == "1"


def maybe_enter_netns(scenario):
    """As root, re-run this scenario in a network namespace of its own
    (loopback up), so the listening sockets the Scanner IMC sees in
    /proc/net are exactly the test's."""
    if in_own_netns() or os.geteuid() != 0 or os.environ.get("NEA_PTTLS_NO_NETNS"):
        return
    unshare, ip = shutil.which("unshare"), shutil.which("ip")
    if not unshare or not ip:
        return
    probe = subprocess.run([unshare, "-n", ip, "link", "set", "lo", "up"], capture_output=True)
    if probe.returncode != 0:
        return
    env = dict(os.environ, NEA_PTTLS_NETNS="1")
    r = subprocess.run([unshare, "-n", "sh", "-c", '"$1" link set lo up && exec "$2" "$3" "$4"', "sh",
                        ip, sys.executable, os.path.abspath(__file__), scenario], env=env)
    sys.exit(r.returncode)


def scenario_assess():
    maybe_enter_netns("assess")
    run(assess_flow, log={"imv": 2})


def assess_flow(s):
    # An open TCP server port on every address: a real socket.
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("0.0.0.0", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    # The OS IMC reads the fixture host (Debian 12, its 834 packages) so the
    # packages check is the same everywhere; the ports are what differs.
    if in_own_netns():
        print("network namespace of our own: the Scanner IMC reads the real /proc/net")
        root, proc = harness.FIXTURE, "/proc"
    else:
        print("no network namespace: the IMCs read a fixture tree listing tcp/%d" % port)
        root, proc = harness.fake_root(s.dir, [port]), None
    dev = device_id()
    conf = s.client_conf("client.conf", dev, root, proc=proc)

    # 1. the policy forbids the open port
    rc, out, err = s.assess(conf, "--client", JANE[0], "--secret", JANE[1])
    r = rec_lines(out)
    check(rc == 3, "exit %d, expected 3 (no access)\n%s\n%s" % (rc, out, err))
    check(r.get("recommendation") == "no access", out)
    check(r.get("evaluation") == "non-compliant minor", out)
    check(r.get("reason") == "Open server ports were detected [en]", out)
    check(r.get("verdict") == "no access", out)
    check(re.search(r"(?m)^\s+tcp/%d$" % port, out), "remediation does not name tcp/%d\n%s" % (port, out))
    check("client authentication: SASL PLAIN as 'jane'" in out, out)
    s.wait_log(r"policy: recommendation for access requestor 127\.0\.0\.1 is no access")
    log = s.log()
    check("device ID is %s" % dev in log, "nea-imvd did not log the device ID")
    check(re.search(r"IMV 2 handled TCPOP workitem \d+: no access - violating tcp ports: %d\n" % port, log),
          "no TCPOP line naming tcp/%d\n%s" % (port, log))
    check("tcp port %5d open: fatal" % port in log, "no per-port line")
    check(re.search(r"PT-TLS connection \d+ from 127\.0\.0\.1: final recommendation is 'no access' "
                    r"and evaluation is 'non-compliant minor'", log), "nea-pttlsd logged no verdict")

    # 2. a wrong SASL PLAIN password is refused before any assessment
    before = count(s.log(), "assigned TNCCS Connection ID")
    rc, out, err = s.assess(conf, "--client", JANE[0], "--secret", "not-" + JANE[1])
    check(rc == 1, "wrong password: exit %d, expected 1\n%s\n%s" % (rc, out, err))
    check("verdict: none (authentication failed)" in out, out)
    s.wait_log(r"SASL PLAIN authentication failed for 'jane'")
    check(count(s.log(), "assigned TNCCS Connection ID") == before, "a refused client reached the broker")

    # 3. the operator allows that port
    name = "TCP %d" % port
    s.nea("policy", "add", name, "--type", "TCPOP", "--argument", str(port))
    s.nea("enforcement", "delete", "No Open TCP Ports", "Default")
    s.nea("enforcement", "add", name, "Default")
    pol = s.nea("policies").stdout
    check(name in pol, "nea policies does not list '%s'\n%s" % (name, pol))
    bad = s.nea("policy", "add", "X", "--type", "NOPE", ok=False)
    check(bad.returncode != 0 and bad.stderr.strip(), "a bad policy type was accepted")

    rc, out, err = s.assess(conf, "--client", JANE[0], "--secret", JANE[1])
    r = rec_lines(out)
    check(rc == 0, "exit %d after the port was allowed\n%s\n%s" % (rc, out, err))
    check(r.get("recommendation") == "allow" and r.get("verdict") == "allow", out)
    s.wait_log(r"policy: recommendation for access requestor 127\.0\.0\.1 is allow")

    # 4. TLS client-certificate login (the server checks it against its CA)
    rc, out, err = s.assess(conf, "--cert", "pki/janeCert.pem", "--key", "pki/janeKey.pem", host="localhost")
    check(rc == 0, "certificate login: exit %d\n%s\n%s" % (rc, out, err))
    check("client authentication: TLS client certificate" in out, out)
    m = s.wait_log(r"received TLS peer certificate '([^']+)'")
    cert_dn = m.group(1)
    wait_count(s, "policy: recommendation for access requestor 127.0.0.1 is allow", 2)

    # 5. the operator's view
    sessions = s.nea("sessions").stdout
    print(sessions)
    rows = [l for l in sessions.splitlines() if dev[:20] in l]
    check(len(rows) == 3, "nea sessions lists %d sessions of device %s\n%s" % (len(rows), dev, sessions))
    check(any(re.search(r"\bjane - no access$", l) for l in rows), "no 'jane - no access' session\n" + sessions)
    check(any(re.search(r"\bjane - allow$", l) for l in rows), "no 'jane - allow' session\n" + sessions)
    check(any(l.endswith(" - allow") and "jane" in l and cert_dn.split("CN=")[-1] in l or
              l.endswith(" - allow") and cert_dn in l for l in rows),
          "no allow session of the certificate '%s'\n%s" % (cert_dn, sessions))
    devices = s.nea("devices").stdout
    print(devices)
    check(dev in devices, "nea devices does not list %s\n%s" % (dev, devices))
    check(re.search(r"for device '%s' running 'Debian 12 x86_64'" % dev, s.log()), "OS IMV saw another product")
    check(re.search(r"(?m)^\s*\d+: [+-] %s - Debian 12 x86_64" % dev, devices),
          "nea devices does not name device and product\n" + devices)
    check(re.search(r"(?m)jane - no access$", devices) and re.search(r"(?m)jane - allow$", devices),
          "nea devices lacks the sessions' recommendations\n" + devices)
    listener.close()


# ---------------------------------------------------------------- captures
# strongSwan 5.9.14 PDP's own words for run 1 (run1_pdp_debug4.log lines
# 244-320, 4442, 5277-5289); when ../shared/spec/captures is there the
# test also checks that the log holds these lines.
PDP_LINES = [
    "operating system name is 'Debian' from vendor Debian Project",
    "operating system version is '12 x86_64'",
    "operating system numeric version is 12.0",
    "IPv4 forwarding is disabled",
    "factory default password is disabled",
    "device ID is 3d1219c7c4c5404aaa1f6d2a48adfda4",
    "IMV 1 handled FWDEN workitem 3: allow - forwarding not enabled",
    "tcp port   271 open: fatal",
    "IMV 2 handled TCPOP workitem 7: no access - violating tcp ports: 271",
    "IMV 2 handled UDPOP workitem 8: allow - no violating udp ports",
    "IMV 2 provides recommendation 'no access' and evaluation 'non-compliant minor'",
    "processing installed 'Debian 12 x86_64' packages",
    "IMV 1 handled PCKGS workitem 6: allow - processed 834 packages: 0 vulnerable, 0 blacklisted, 0 ok, 834 unknown",
    "IMV 1 provides recommendation 'allow' and evaluation 'compliant'",
    "policy: recommendation for access requestor 127.0.0.1 is no access",
    "final recommendation is 'no access' and evaluation is 'non-compliant minor'",
]


def strip_pa_ids(batch):
    """The batch with every PB-PA's PA-TNC message ID zeroed (random per
    run), and the SDATA's message order irrelevant: a list of messages."""
    btype, msgs = pb_messages(batch)
    out = []
    for flags, vendor, mtype, value in msgs:
        if (vendor, mtype) == (0, 1) and len(value) >= 20:
            value = value[:16] + b"\0\0\0\0" + value[20:]
        out.append((flags, vendor, mtype, value))
    return btype, out


def pbpa_by_subtype(msgs):
    return {(struct.unpack("!I", b"\0" + v[1:4])[0], struct.unpack("!I", v[4:8])[0]): v
            for f, ven, t, v in msgs if (ven, t) == (0, 1)}


def scenario_captures():
    run(captures_flow, log={"imv": 2})


def captures_flow(s):
    pdp_log = os.path.join(STRONGSWAN_LOGS, "run1_pdp_debug4.log")
    if os.path.exists(pdp_log):
        with open(pdp_log, errors="replace") as f:
            text = f.read()
        for line in PDP_LINES:
            check(line in text, "strongSwan's PDP log has no line '%s'" % line)

    c = PtClient(s.port, os.path.join(s.dir, CA))
    c.login(*JANE)
    sdata = c.batch(capture("run1_password_freshdb_01_pdp_recv_CDATA"))
    btype, got = strip_pa_ids(sdata)
    check(btype == "SDATA", "nea answered the first CDATA with %s" % btype)
    _, want = strip_pa_ids(capture("run1_password_freshdb_02_pdp_sent_SDATA"))
    # The PDP's SDATA also carries its SWIMA IMV's messages (nea runs the OS
    # and Scanner IMVs; nea-brokerd drops the client's SWIMA message).
    g, w = pbpa_by_subtype(got), pbpa_by_subtype(want)
    for sub, name in [((0, 1), "OS: Segmentation Contract Request + Attribute Request(Installed Packages)"),
                      ((0, 5), "Scanner: Assessment Result + Remediation Instructions tcp/271")]:
        check(sub in g, "nea's SDATA lacks the %s message" % name)
        check(g[sub] == w[sub], "nea's %s PB-PA differs from the strongSwan PDP's:\n%s\n%s"
              % (name, g[sub].hex(), w[sub].hex()))
    check(set(g) == {(0, 1), (0, 5)}, "nea's SDATA has other PA messages: %r" % sorted(g))
    (_, ostype), attrs = pa_attributes(g[(0, 1)])
    check(any(a[:2] == (0, 1) and b"\x00\x00\x00\x00\x00\x00\x00\x07" in a[2] for a in attrs),
          "the OS IMV does not ask for Installed Packages")

    result = c.batch(capture("run1_password_freshdb_03_pdp_recv_CDATA"))
    btype, got = strip_pa_ids(result)
    check(btype == "RESULT", "nea answered the packages with %s" % btype)
    _, want = strip_pa_ids(capture("run1_password_freshdb_04_pdp_sent_RESULT"))
    check(got == want, "nea's RESULT differs from the strongSwan PDP's (IDs aside):\n%s\n%s"
          % (result.hex(), capture("run1_password_freshdb_04_pdp_sent_RESULT").hex()))
    c.send(ptclient.PB_TNC_BATCH, capture("run1_password_freshdb_05_pdp_recv_CLOSE"))
    check(c.closed(), "nea-pttlsd kept the connection open after CLOSE")
    c.close()

    s.wait_log(r"policy: recommendation for access requestor 127\.0\.0\.1 is no access")
    log = s.log()
    for line in PDP_LINES:
        check(line in log, "nea's log lacks strongSwan's line '%s'\n%s" % (line, log))
    check("PT-TLS connection 1 from 127.0.0.1: SASL client identity is 'jane'" in log, "no SASL identity line")
    check("message type 0x000000/0x00000009 not supported by any IMV; dropped for Connection ID 1" in log,
          "the client's SWIMA message was not dropped with a log line")
    sessions = s.nea("sessions").stdout
    check(re.search(r"Debian 12 x86_64\s+3d1219c7c4c5404aaa1f jane - no access", sessions),
          "nea sessions:\n" + sessions)
    results = s.nea("results", "--session", "1").stdout
    print(sessions + results)
    for line in ["Installed Packages: allow - processed 834 packages: 0 vulnerable, 0 blacklisted, 0 ok, 834 unknown",
                 "No Open TCP Ports: no access - violating tcp ports: 271",
                 "IP Forwarding Enabled: allow - forwarding not enabled"]:
        check(line in results, "nea results --session 1 lacks '%s'\n%s" % (line, results))
    # First contact again for nea's own client (else the packages check
    # is skipped by its max_age, as in the capture's run 2).
    s.nea("device", "delete", "3d1219c7c4c5404aaa1f6d2a48adfda4")

    # nea's own client on the capture's host (the IMC fixture tree):
    # capture its CDATA from the client broker's debug log and dump it.
    root = harness.FIXTURE            # tcp/271 open, as the capture's host
    conf = s.client_conf("client.conf", "3d1219c7c4c5404aaa1f6d2a48adfda4", root)
    rc, out, err = s.assess(conf, "--client", JANE[0], "--secret", JANE[1], "--debug", "tnc=3")
    check(rc == 3, "nea's client on the capture's host: exit %d\n%s\n%s" % (rc, out, err[-4000:]))
    batches = hex_batches(err)
    cdata = [b for b in batches if len(b) >= 8 and b[1] & 0x80 == 0 and b[3] & 0x0f == 1]
    check(len(cdata) == 2, "expected 2 CDATA batches in the client's debug log, got %d" % len(cdata))
    check(len(cdata[1]) == 21246, "the Installed Packages CDATA is %d bytes, strongSwan's 21246" % len(cdata[1]))
    ours = dump(s, cdata[0], "nea-cdata1.bin")
    theirs = dump(s, capture("run1_password_freshdb_01_pdp_recv_CDATA"), "sw-cdata1.bin")
    # strongSwan's client log names each attribute it creates ("creating
    # PA-TNC attribute type 'IETF/Port Filter' 0x000000/0x00000006"); nea
    # dump must name the same in nea's batch, OS and Scanner alike.
    created = re.findall(r"creating PA-TNC attribute type ('[^']+' 0x[0-9a-f]{6}/0x[0-9a-f]{8})",
                         client_log_head())
    check(len(created) >= 8, "too few attribute lines from the strongSwan client log")
    for a in created:
        if "Segmentation" in a:          # SWIMA's contract request: no SWIMA IMC in nea
            continue
        check("PA-TNC attribute type %s" % a in ours, "nea dump does not show %s in nea's CDATA\n%s" % (a, ours))
    for needle in ["tcp port   271 open", "Debian", "12 x86_64", "3d1219c7c4c5404aaa1f6d2a48adfda4"]:
        check(needle in ours, "nea dump of nea's CDATA lacks '%s'\n%s" % (needle, ours))
    # Attribute for attribute, nea's batch reads as strongSwan's does
    # (the boot time, message IDs and the SWIMA message aside).
    def norm(text):
        return [l for l in (re.sub(r"\(\d+ bytes\)|at byte \d+|with ID 0x[0-9a-f]+|"
                                   r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "", x).strip()
                            for x in text.splitlines()) if l]
    a_ours, a_theirs = norm(ours), norm(theirs)
    swima = [i for i, l in enumerate(a_theirs) if "'IETF/SWIMA'" in l]
    check(swima, "no SWIMA message in strongSwan's CDATA dump")
    a_theirs = a_theirs[1:swima[0] - 1]          # batch line and the SWIMA PB-PA left out
    missing = [l for l in a_theirs if l not in a_ours]
    check(not missing, "lines of strongSwan's CDATA dump not in nea's:\n%s" % "\n".join(missing))
    # The Installed Packages answer (run 1 batch 03) reads the same too.
    packages = dump(s, cdata[1], "nea-cdata2.bin")
    check("834 packages" in packages and "'adduser' '3.134'" in packages, "nea dump of nea's packages batch:\n"
          + packages[:2000])
    theirs = dump(s, capture("run1_password_freshdb_03_pdp_recv_CDATA"), "sw-cdata2.bin")
    check(norm(packages) == norm(theirs), "nea's Installed Packages batch reads differently from strongSwan's")


def client_log_head():
    path = os.path.join(STRONGSWAN_LOGS, "run1_client_debug4.log")
    if os.path.exists(path):
        with open(path, errors="replace") as f:
            # what it created for its first CDATA (366 bytes)
            return f.read(400000).split("sending PB-TNC CDATA batch", 1)[0]
    # Without ../shared: the attribute lines of run1_client_debug4.log 423-470.
    return "\n".join("creating PA-TNC attribute type %s" % a for a in [
        "'IETF/Product Information' 0x000000/0x00000002", "'IETF/String Version' 0x000000/0x00000004",
        "'IETF/Numeric Version' 0x000000/0x00000003", "'IETF/Operational Status' 0x000000/0x00000005",
        "'IETF/Forwarding Enabled' 0x000000/0x0000000b",
        "'IETF/Factory Default Password Enabled' 0x000000/0x0000000c",
        "'ITA-HSR/Device ID' 0x00902a/0x00000008", "'IETF/Port Filter' 0x000000/0x00000006"])


def hex_batches(log):
    """Every 'PB-TNC batch => N bytes' hex dump (lib/util nea_log_hex) in a log."""
    out, cur, want = [], None, 0
    for line in log.splitlines():
        m = re.search(r"PB-TNC batch => (\d+) bytes$", line)
        if m:
            cur, want = bytearray(), int(m.group(1))
            continue
        if cur is not None:
            m = re.search(r"\]\s+(\d+): ((?:[0-9A-F]{2} ){1,16})", line)
            if not m:
                cur = None
                continue
            cur += bytes.fromhex(m.group(2))
            if len(cur) >= want:
                out.append(bytes(cur[:want]))
                cur = None
    return out


def dump(s, data, name):
    path = os.path.join(s.dir, name)
    with open(path, "wb") as f:
        f.write(data)
    r = subprocess.run([os.path.join(harness.BIN, "nea"), "dump", "--as", "pb-tnc", "--server", path],
                       capture_output=True, text=True, timeout=60)
    check(r.returncode == 0, "nea dump %s failed: %s" % (name, r.stderr))
    return r.stdout


# ------------------------------------------------------------------- crash
def scenario_crash():
    run(crash_flow)


def crash_flow(s):
    before = s.pids()
    c = PtClient(s.port, os.path.join(s.dir, CA))
    c.login(*JANE)
    sdata = c.batch(capture("run1_password_freshdb_01_pdp_recv_CDATA"))
    check(pb_messages(sdata)[0] == "SDATA", "no SDATA")
    # nea-imvd holds this connection's state (it asked for the packages): kill it.
    os.kill(before["imvd"], signal.SIGKILL)
    s.wait_log(r"IMV host nea-imvd \(pid %d\) went away" % before["imvd"])
    result = c.batch(capture("run1_password_freshdb_03_pdp_recv_CDATA"))
    btype, msgs = pb_messages(result)
    check(btype == "RESULT", "after the crash nea answered %s" % btype)
    kinds = {(v, t): val for f, v, t, val in msgs}
    check(struct.unpack("!I", kinds[(0, 3)])[0] & 0xffff == 2, "fail-safe RESULT does not deny access")
    check(struct.unpack("!I", kinds[(0, 2)])[0] == 3, "fail-safe evaluation is not 'error'")
    c.send(ptclient.PB_TNC_BATCH, ptclient.CLOSE_BATCH)
    check(c.closed(), "connection not closed after CLOSE")
    c.close()
    s.wait_log(r"PT-TLS connection 1 from 127\.0\.0\.1: fail-safe recommendation is 'no access' "
               r"and evaluation is 'error'")
    log = s.log()
    check(re.search(r"fail-safe recommendation 'no access' and evaluation 'error' for IMV \d", log),
          "no fail-safe line\n" + log)

    # The master restarts nea-imvd; the front end and the broker never left.
    d = s.wait_for("nea-imvd back", lambda rc, d: d["imvd"]["state"] == "running"
                   and int(d["imvd"]["pid"]) not in (0, before["imvd"])
                   and all(d[x]["healthy"] == "1" for x in harness.DAEMONS))
    after = {n: int(v["pid"]) for n, v in d.items()}
    for x in ["pttlsd", "brokerd", "policyd"]:
        check(after[x] == before[x], "%s changed pid %d -> %d" % (x, before[x], after[x]))
    # the broker names the new host's IMVs once it registered them
    s.wait_log(r'IMV 2 "Scanner" registered by nea-imvd pid %d' % after["imvd"])

    root = harness.fake_root(s.dir, [])
    conf = s.client_conf("client.conf", device_id(), root)
    rc, out, err = s.assess(conf, "--client", JANE[0], "--secret", JANE[1])
    check(rc == 0 and "verdict: allow" in out, "assessment after the restart: exit %d\n%s\n%s" % (rc, out, err))
    check(count(s.log(), "fail-safe recommendation") == count(log, "fail-safe recommendation"),
          "the next assessment was fail-safe too")


# ---------------------------------------------------------------- badinput
def expect_pt_error(c, code, what):
    try:
        v, t, _, val = c.recv()
    except EOFError:
        raise Failure("%s: connection closed without a PT-TLS Error" % what)
    check((v, t) == (0, ptclient.ERROR), "%s: expected a PT-TLS Error, got type %d" % (what, t))
    got = struct.unpack("!I", val[4:8])[0]
    check(got == code, "%s: PT-TLS error %s, expected %s" % (what, ptclient.error_name(val),
                                                              ptclient.ERROR_NAMES[code]))
    check(c.closed(), "%s: connection still open after the error" % what)
    c.close()


def expect_pb_error(c, batch, code, offset, what):
    """Send a bad batch; expect a CLOSE batch with a fatal PB-Error."""
    ans = c.batch(batch)
    btype, msgs = pb_messages(ans)
    check(btype == "CLOSE", "%s: answered with %s, not CLOSE" % (what, btype))
    errs = [(f, val) for f, v, t, val in msgs if (v, t) == (0, 5)]
    check(len(errs) == 1, "%s: %d PB-Error messages" % (what, len(errs)))
    f, val = errs[0]
    check(f & 0x80 and val[0] & 0x80, "%s: PB-Error not fatal" % what)
    ecode = struct.unpack("!H", val[4:6])[0]
    check(ecode == code, "%s: PB-Error code %d, expected %d" % (what, ecode, code))
    if offset is not None:
        check(struct.unpack("!I", val[8:12])[0] == offset, "%s: PB-Error offset %r, expected %d"
              % (what, val[8:12].hex(), offset))
    check(c.closed(), "%s: connection still open after the PB-Error" % what)
    c.close()


def scenario_badinput():
    run(badinput_flow)


def badinput_flow(s):
    ca = os.path.join(s.dir, CA)
    before = s.pids()
    # The well-behaved client starts its assessment and stays in the middle
    # of it (the server asked for packages) while the others misbehave.
    good = PtClient(s.port, ca)
    good.login(*JANE)
    check(pb_messages(good.batch(capture("run1_password_freshdb_01_pdp_recv_CDATA")))[0] == "SDATA", "good: no SDATA")

    # Not TLS at all.
    raw = socket.create_connection(("127.0.0.1", s.port), timeout=30)
    raw.sendall(b"\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x14\x00\x00\x00\x00\x00\x01\x01\x01")
    raw.settimeout(30)
    try:
        rest = raw.recv(100)
    except ConnectionResetError:
        rest = b""
    check(rest == b"" or rest[0] == 0x15, "plain PT-TLS before TLS got %r" % rest[:16])
    raw.close()
    s.wait_log(r"TLS handshake failed")

    # PT-TLS after TLS
    c = PtClient(s.port, ca)
    c.send_raw(struct.pack("!IIII", 0, 1, 12, 0))             # length 12 < 16
    expect_pt_error(c, 1, "message length below the header")
    c = PtClient(s.port, ca)
    c.send(ptclient.VERSION_REQUEST, b"\x00\x02\x02\x02")     # only version 2
    expect_pt_error(c, 2, "Version Request for version 2")
    c = PtClient(s.port, ca)
    c.send(ptclient.VERSION_REQUEST, b"\x00\x01\x01")         # 3-byte value
    expect_pt_error(c, 1, "short Version Request")
    c = PtClient(s.port, ca)
    c.send(ptclient.SASL_SELECT, b"\x05PLAIN\x00jane\x00x")   # before the version
    expect_pt_error(c, 4, "SASL selection before the version")
    c = PtClient(s.port, ca)
    c.negotiate()
    c.mechanisms()
    c.send(ptclient.SASL_SELECT, b"\x05MAGIC")
    expect_pt_error(c, 5, "unknown SASL mechanism")
    c = PtClient(s.port, ca)
    c.login(*JANE)
    c.send(ptclient.VERSION_REQUEST, b"\x00\x01\x01\x01")     # out of phase
    expect_pt_error(c, 4, "Version Request in the data phase")
    c = PtClient(s.port, ca)
    c.login(*JANE)
    c.send_raw(struct.pack("!IIII", 0, 7, 0x7fffffff, 9))     # absurd length
    expect_pt_error(c, 1, "PB-TNC batch of 2 GiB")

    # PB-TNC inside well-formed PT-TLS
    cdata = capture("run1_password_freshdb_01_pdp_recv_CDATA")
    c = PtClient(s.port, ca)
    c.login(*JANE)
    expect_pb_error(c, b"\x01" + cdata[1:], 4, None, "PB-TNC version 1")
    c = PtClient(s.port, ca)
    c.login(*JANE)
    expect_pb_error(c, cdata[:4] + struct.pack("!I", len(cdata) + 5) + cdata[8:], 1, 4, "wrong batch length")
    c = PtClient(s.port, ca)
    c.login(*JANE)
    expect_pb_error(c, bytes([2, 0x80]) + cdata[2:], 1, 1, "batch with the server's D bit")
    c = PtClient(s.port, ca)
    c.login(*JANE)
    sdata = bytes([2, 0, 0, 2]) + cdata[4:]
    expect_pb_error(c, sdata, 0, None, "SDATA from a client")
    c = PtClient(s.port, ca)
    c.login(*JANE)
    bad = bytearray(cdata)
    bad[8 + 31 + 1:8 + 31 + 4] = b"\xff\xff\xff"                 # PB-PA vendor 0xffffff
    expect_pb_error(c, bytes(bad), 1, 8 + 31 + 1, "PB message with vendor 0xffffff")
    c = PtClient(s.port, ca)
    c.login(*JANE)
    expect_pb_error(c, b"\x02\x00\x00\x01\x00\x00\x00\x14" + b"\x80\x00\x00\x00\x00\x00\x00\x63\x00\x00\x00\x0c",
                    3, 8, "unknown NOSKIP message type")

    # The good client finishes its assessment on the same server.
    result = good.batch(capture("run1_password_freshdb_03_pdp_recv_CDATA"))
    btype, msgs = pb_messages(result)
    check(btype == "RESULT", "good client: %s" % btype)
    reason = [v for f, ven, t, v in msgs if (ven, t) == (0, 7)]
    check(reason and b"Open server ports were detected" in reason[0], "good client: no reason string")
    good.send(ptclient.PB_TNC_BATCH, ptclient.CLOSE_BATCH)
    check(good.closed(), "good client: not closed after CLOSE")
    good.close()
    s.wait_log(r"PT-TLS connection 1 from 127\.0\.0\.1: final recommendation is 'no access' and "
               r"evaluation is 'non-compliant minor'")
    log = s.log()
    for name in ["Malformed Message", "Version Not Supported", "Invalid Message", "SASL Mechanism Error"]:
        check("sending PT-TLS error '%s' and closing" % name in log, "no log line for PT-TLS error %s" % name)
    after = s.pids()
    check(after == before, "a daemon changed pid: %r -> %r" % (before, after))


def run(flow, **kw):
    """Start the server, run the flow, stop; the directory is kept when
    the flow fails (or with NEA_KEEP_TMP)."""
    s = harness.Server(**kw).start()
    ok = False
    try:
        flow(s)
        ok = True
    finally:
        rc = s.stop()
        if ok:
            check(rc == 0, "nea-master exited with %r\n%s" % (rc, s.log()[-3000:]))
            # a daemon that failed on the way (sanitizer report, non-zero exit)
            # would be restarted silently; the log tells
            log = s.log()
            for bad in SANITIZER + [r"exited with status [1-9]"]:
                check(not re.search(bad, log), "the server log shows /%s/:\n%s" % (bad, log[-6000:]))
            s.cleanup()
        else:
            print("files kept in %s" % s.dir)


def main():
    if len(sys.argv) != 2 or "scenario_" + sys.argv[1] not in globals():
        print(__doc__)
        return 2
    check(harness.BIN and os.path.exists(os.path.join(harness.BIN, "nea-master")), "NEA_BIN_DIR not set")
    started = time.monotonic()
    try:
        globals()["scenario_" + sys.argv[1]]()
    except Failure as e:
        print("FAIL %s: %s" % (sys.argv[1], e))
        return 1
    print("PASS %s (%.1f s)" % (sys.argv[1], time.monotonic() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
