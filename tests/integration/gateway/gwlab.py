"""Harness of the nea-to-nea VPN gateway scenarios (test_gateway.py): the
seed's whole flow with nea on both ends, in a temporary directory.

Gateway: the real nea-master with nea-policyd, nea-brokerd, nea-imvd and
nea-iked (responder, nea.ike.kernel = no) from $NEA_BIN_DIR, configured
from deploy/examples/gateway/ (nea.conf + swanctl.conf, the seed's
EAP-only EAP-TTLS connection "tnc", pool 10.3.0.0/24, jane's secret) with
UDP ports the test finds free on 127.0.0.1.

Client: nea-iked standalone as the initiator, configured from
deploy/examples/gateway/client/ (connection "gw", start_action = start),
which starts nea-imcd with the OS and Scanner IMCs when the gateway opens
PT-EAP. The IMCs read a copy of the debian12 fixture tree whose /proc/net
lists exactly the TCP ports the test chooses (pttls/harness.fake_root), so
the outcome never depends on the sockets of the machine running the test.

Every wait polls the logs with a generous deadline (loaded 2-core machines,
ASan builds); nothing asserts on elapsed time.
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "pttls"))
import harness                                             # noqa: E402
from harness import Failure, check, users_exist, fake_root  # noqa: E402,F401

BIN = harness.BIN
SRC = harness.SRC
EXAMPLE = os.path.join(SRC, "deploy", "examples", "gateway")
DEADLINE = harness.DEADLINE
SERVER_DAEMONS = ["policyd", "brokerd", "imvd", "iked"]
JANE = harness.JANE
# what a daemon that failed on the way leaves in a log (the ASan+UBSan run;
# nea-master would restart it silently)
SANITIZER = [r"ERROR: AddressSanitizer", r"ERROR: LeakSanitizer", r"runtime error:"]


def free_udp_pair():
    """Two consecutive UDP ports on 127.0.0.1 nobody is bound to (the IKE
    and NAT-T ports of one nea-iked)."""
    for _ in range(200):
        a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        a.bind(("127.0.0.1", 0))
        port = a.getsockname()[1]
        if port >= 65535:
            a.close()
            continue
        b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            b.bind(("127.0.0.1", port + 1))
        except OSError:
            continue
        finally:
            a.close()
            b.close()
        return port
    raise Failure("no two consecutive free UDP ports")


def set_in(text, key, value, after=None):
    """Set `key = value` on the first such line (after `after`, a regex of
    a section opening, when given)."""
    start = 0
    if after:
        m = re.search(after, text)
        check(m, "configuration has no /%s/" % after)
        start = m.end()
    pat = re.compile(r"(?m)^(\s*)%s\s*=.*$" % re.escape(key))
    m = pat.search(text, start)
    check(m, "example configuration has no '%s' setting" % key)
    return text[:m.start()] + "%s%s = %s" % (m.group(1), key, value) + text[m.end():]


def read_log(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return ""


def wait_log(path, pattern, after=0, deadline=DEADLINE, alive=None):
    """First match of pattern in the file past offset `after`; `alive`
    (a Popen) must not exit meanwhile."""
    end = time.monotonic() + deadline
    rx = re.compile(pattern)
    while True:
        text = read_log(path)
        m = rx.search(text, after)
        if m:
            return m
        if alive is not None and alive.poll() is not None:
            raise Failure("process %d exited (%s) while waiting for /%s/ in %s\n%s"
                          % (alive.pid, alive.returncode, pattern, path, text[after:][-6000:]))
        if time.monotonic() > end:
            raise Failure("timed out waiting for /%s/ in %s\n--- log ---\n%s"
                          % (pattern, path, text[after:][-8000:]))
        time.sleep(0.05)


class Gateway(harness.Server):
    """nea-master with the gateway daemons in a fresh directory (the PT-TLS
    harness's Server with the gateway example instead of the PT-TLS one)."""

    def __init__(self, log=None, overrides=None, charon=None):
        self.dir = tempfile.mkdtemp(prefix="nea-gw-")
        os.chmod(self.dir, 0o755)
        # the example's x509/ ecdsa/ x509ca/ tnc_config link into ../pki and
        # ..: copy what they point to
        gw = os.path.join(self.dir, "gw")
        shutil.copytree(EXAMPLE, gw, symlinks=False, ignore=shutil.ignore_patterns("client"))
        self.gwdir = gw
        self.port = free_udp_pair()
        with open(os.path.join(gw, "nea.conf")) as f:
            text = f.read()
        settings = {
            "port": str(self.port),
            "port_nat_t": str(self.port + 1),
            "restart_delay_ms": "50",
            "restart_delay_max_ms": "400",
            "health_interval_ms": "200",
            "stop_grace_ms": "10000",
            "reconnect_delay_ms": "50",
            "reconnect_delay_max_ms": "400",
            "database": "sqlite://db/nea.db",
        }
        dbdir = os.path.join(gw, "db")
        os.mkdir(dbdir)
        self.root = os.geteuid() == 0
        if self.root and users_exist():
            import pwd
            pw = pwd.getpwnam("nea-policy")
            os.chown(dbdir, pw.pw_uid, pw.pw_gid)
        elif self.root:
            for d in ["policyd", "brokerd", "imvd", "pttlsd", "iked", "imcd"]:
                text = re.sub(r"(?m)^(\s*)%s = nea-\w+$" % d, r"\g<1>%s = root" % d, text)
            settings["group"] = "root"
        settings.update(overrides or {})
        for k, v in settings.items():
            text = harness.set_key(text, k, v)
        if log:
            text = text.replace("\t\tmgr = 1\n", "\t\tmgr = 1\n" + "".join("\t\t%s = %s\n" % kv
                                                                            for kv in log.items()))
        if charon:
            text = text.replace("charon {\n", "charon {\n" + charon, 1)
        self.conf = os.path.join(gw, "nea.conf")
        with open(self.conf, "w") as f:
            f.write(text)
        self.logpath = os.path.join(self.dir, "master.log")
        self.proc = None
        self.clients = []

    def start(self):
        self.logf = open(self.logpath, "w")
        self.proc = subprocess.Popen([os.path.join(BIN, "nea-master"), "--config", self.conf],
                                     cwd=self.gwdir, stdout=self.logf, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self.wait_healthy()
        self.wait_log(r"IKE listening on UDP ports %d and %d" % (self.port, self.port + 1))
        self.wait_log(r"nea-iked\[\d+\] \[TNC\] connected to nea-brokerd")
        return self

    def wait_healthy(self):
        return self.wait_for("the gateway daemons healthy",
                             lambda rc, d: all(n in d and d[n]["healthy"] == "1" for n in SERVER_DAEMONS))

    def nea(self, *args, ok=True):
        # relative paths of nea.conf (rundir) are taken from the gateway dir
        r = subprocess.run([os.path.join(BIN, "nea")] + list(args) + ["--config", self.conf],
                           cwd=self.gwdir, capture_output=True, text=True, timeout=60)
        if ok:
            check(r.returncode == 0, "nea %s failed (%d): %s%s" % (" ".join(args), r.returncode,
                                                                   r.stdout, r.stderr))
        return r

    def status(self):
        r = subprocess.run([os.path.join(BIN, "nea"), "status", "--config", self.conf, "--raw"],
                           cwd=self.gwdir, capture_output=True, text=True, timeout=60)
        daemons = {}
        for line in r.stdout.splitlines():
            kind, _, rest = line.partition(" ")
            fields = dict(m.group(1, 2) for m in re.finditer(r'(\w+)=("[^"]*"|\S*)', rest))
            if kind == "daemon":
                daemons[fields["name"]] = fields
        return r.returncode, daemons

    def stop(self):
        for c in self.clients:
            c.stop()
        return harness.Server.stop(self)

    def cleanup(self):
        if os.environ.get("NEA_KEEP_TMP"):
            print("files kept in", self.dir)
            return
        shutil.rmtree(self.dir, ignore_errors=True)

    def client(self, name, tcp_ports, device_id, packages=None, log_levels=None, secret=None):
        c = Client(self, name, tcp_ports, device_id, packages, log_levels, secret)
        self.clients.append(c)
        return c


def trim_packages(root, count):
    """Keep the first `count` stanzas of the fixture's dpkg status (the
    Installed Packages attribute then has `count` entries)."""
    path = os.path.join(root, "var/lib/dpkg/status")
    with open(path) as f:
        stanzas = [s for s in f.read().split("\n\n") if s.strip()]
    check(len(stanzas) >= count, "fixture has only %d packages" % len(stanzas))
    with open(path, "w") as f:
        f.write("\n\n".join(stanzas[:count]) + "\n")


class Client:
    """An nea endpoint: nea-iked as the initiator (+ the nea-imcd it starts)
    with its own directory, ports, Device ID and fake /proc/net."""

    def __init__(self, gw, name, tcp_ports, device_id, packages=None, log_levels=None, secret=None):
        self.gw = gw
        self.dir = os.path.join(gw.dir, name)
        shutil.copytree(os.path.join(EXAMPLE, "client"), self.dir, symlinks=False)
        base = os.path.join(gw.dir, name + "-root")
        os.mkdir(base)
        self.root = fake_root(base, tcp_ports)
        if packages is not None:
            trim_packages(self.root, packages)
        self.port = free_udp_pair()
        with open(os.path.join(self.dir, "nea.conf")) as f:
            text = f.read()
        text = set_in(text, "port", str(self.port), after=r"\bike \{")
        text = set_in(text, "port_nat_t", str(self.port + 1), after=r"\bike \{")
        text = text.replace("# device_id = 3d1219c7c4c5404aaa1f6d2a48adfda4", "device_id = %s" % device_id)
        check(device_id in text, "example client nea.conf lost its device_id line")
        r = self.root
        imcd = ("\timcd {\n\t\tos_release = %s/etc/os-release\n\t\tproc = %s/proc\n"
                "\t\tdpkg_status = %s/var/lib/dpkg/status\n\t\tmachine = x86_64\n\t}\n" % (r, r, r))
        text = text.replace("nea {\n", "nea {\n" + imcd, 1)
        if gw.root and not users_exist():
            text = re.sub(r"(?m)^(\s*)iked = nea-ike$", r"\g<1>iked = root", text)
            text = harness.set_key(text, "group", "root")
        if log_levels:
            text = text.replace("\t\tdefault = 1\n", "\t\tdefault = 1\n" + "".join(
                "\t\t%s = %s\n" % kv for kv in log_levels.items()), 1)
        with open(os.path.join(self.dir, "nea.conf"), "w") as f:
            f.write(text)
        sw = os.path.join(self.dir, "swanctl.conf")
        with open(sw) as f:
            text = f.read()
        text = set_in(text, "remote_port", str(gw.port))
        if secret is not None:
            text = set_in(text, "secret", secret)
        with open(sw, "w") as f:
            f.write(text)
        # the client drops to its own user (nea-ike) as root: it and the
        # nea-imcd it starts must read the tree
        subprocess.run(["chmod", "-R", "a+rX", self.dir, base], check=True)
        self.proc = None
        self.logpath = None
        self.logs = []          # every run's log
        self.exits = []         # every run's exit status after SIGTERM
        self.runs = 0

    def start(self):
        """Start nea-iked; it initiates the connection at once."""
        self.runs += 1
        self.logpath = os.path.join(self.gw.dir, "%s-%d.log" % (os.path.basename(self.dir), self.runs))
        self.logs.append(self.logpath)
        self.logf = open(self.logpath, "w")
        self.proc = subprocess.Popen([os.path.join(BIN, "nea-iked"), "--config", "nea.conf", "--foreground"],
                                     cwd=self.dir, stdout=self.logf, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        return self

    def log(self):
        return read_log(self.logpath)

    def wait_log(self, pattern, after=0, deadline=DEADLINE):
        return wait_log(self.logpath, pattern, after, deadline, alive=self.proc)

    def outcome(self, deadline=DEADLINE):
        """'established' or 'failed' once nea-iked decided the IKE_SA."""
        m = self.wait_log(r"IKE_SA gw\[\d+\] established between|establishing IKE_SA gw\[\d+\] failed: .*",
                          deadline=deadline)
        return "established" if "established between" in m.group(0) else "failed"

    def connect(self, deadline=DEADLINE):
        """One whole run: start, wait for the outcome, (the caller stops)."""
        self.start()
        return self.outcome(deadline)

    def nea(self, *args):
        return subprocess.run([os.path.join(BIN, "nea")] + list(args) + ["--config", "nea.conf"],
                              cwd=self.dir, capture_output=True, text=True, timeout=60)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=DEADLINE)
            except subprocess.TimeoutExpired:
                pass
        if self.proc:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)   # its nea-imcd, if any was left
            except ProcessLookupError:
                pass
            self.exits.append(self.proc.wait())
            self.logf.close()
            self.proc = None


def batches_and_rounds(client_log):
    """The client's PB-TNC batches as [(direction, bytes, IKE_AUTH requests
    that carried them)]: for a batch we send, the requests generated from
    "sending PB-TNC CDATA batch (N bytes) for Connection ID 1" up to the next
    "received TNCCS batch" are the EAP-TTLS fragments that carried it (single process: the
    order of its log lines is the order of events)."""
    out = []
    cur = None
    for line in client_log.splitlines():
        m = (re.search(r"\[TNC\] (sending) PB-TNC \w+ batch \((\d+) bytes\) for Connection ID", line) or
             re.search(r"\[TNC\] (received) TNCCS batch \((\d+) bytes\)", line))
        if m:
            if cur:
                out.append(tuple(cur))
            cur = [m.group(1), int(m.group(2)), 0]
            continue
        if cur and cur[0] == "sending" and re.search(r"generating IKE_AUTH request \d+ \[ EAP/RES/TTLS \]", line):
            cur[2] += 1
        if re.search(r"(EAP method EAP_TTLS succeeded|received EAP_FAILURE)", line) and cur:
            out.append(tuple(cur))
            cur = None
    if cur:
        out.append(tuple(cur))
    return out


def run(flow, **kw):
    """Start a gateway, run flow(gw), stop; exit status like ctest wants."""
    gw = Gateway(**kw)
    ok = False
    try:
        gw.start()
        flow(gw)
        rc = gw.stop()
        check(rc == 0, "nea-master exited with %r\n%s" % (rc, gw.log()[-4000:]))
        log = gw.log()
        for bad in SANITIZER + [r"exited with status [1-9]"]:
            check(not re.search(bad, log), "the gateway log shows /%s/:\n%s" % (bad, log[-6000:]))
        for c in gw.clients:
            check(all(x == 0 for x in c.exits), "client nea-iked exit statuses %r" % c.exits)
            for path in c.logs:
                text = read_log(path)
                for bad in SANITIZER:
                    check(not re.search(bad, text), "%s shows /%s/:\n%s" % (path, bad, text[-6000:]))
        ok = True
    except Failure as e:
        print("FAIL:", e)
        for c in gw.clients:
            if c.logpath:
                print("--- %s (last lines) ---\n%s" % (c.logpath, c.log()[-4000:]))
        gw.stop()
    finally:
        if ok:
            gw.cleanup()
        else:
            print("files kept in", gw.dir)
    print("PASS" if ok else "FAILED")
    sys.exit(0 if ok else 1)
