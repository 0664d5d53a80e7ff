"""Harness of the PT-TLS end-to-end scenarios (test_pttls.py) and the demo:
the real nea-master with nea-policyd, nea-brokerd, nea-imvd and nea-pttlsd
from $NEA_BIN_DIR in a temporary directory, configured from the example
deploy/examples/nea.conf (PT-TLS on 127.0.0.1, a port the kernel picks),
plus helpers to run `nea` commands and `nea pt-tls-client`.

Every wait polls with a generous deadline (loaded 2-core machines, ASan
builds); nothing asserts on elapsed time.
"""
import os
import pwd
import re
import shutil
import signal
import subprocess
import tempfile
import time

BIN = os.environ.get("NEA_BIN_DIR", "")
SRC = os.environ.get("NEA_SOURCE_DIR",
                     os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
DEADLINE = 90.0
DAEMONS = ["policyd", "brokerd", "imvd", "pttlsd"]
USERS = ["nea-policy", "nea-broker", "nea-imv", "nea-pttls", "nea-ike", "nea-imc"]
FIXTURE = os.path.join(SRC, "tests/unit/imc/fixtures/debian12")
CAPTURES = os.path.join(SRC, "tests/vectors/captures")
JANE = ("jane", "3s9RFGdWE5EW")          # deploy/examples/swanctl.conf


class Failure(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Failure(msg)


def users_exist():
    try:
        for u in USERS:
            pwd.getpwnam(u)
        return True
    except KeyError:
        return False


def set_key(text, key, value):
    """Replace the first `key = ...` line (the example has each key once)."""
    new, n = re.subn(r"(?m)^(\s*)%s\s*=.*$" % re.escape(key), r"\g<1>%s = %s" % (key, value), text, count=1)
    check(n == 1, "example configuration has no '%s' setting" % key)
    return new


def capture(name):
    """Bytes of tests/vectors/captures/<name>.hex ('#' comment lines)."""
    with open(os.path.join(CAPTURES, name + ".hex")) as f:
        hexdigits = "".join(l.split("#", 1)[0].strip() for l in f)
    return bytes.fromhex(hexdigits)


class Server:
    """nea-master and its daemons in a fresh directory."""

    def __init__(self, prefix="nea-pttls-", log=None, overrides=None):
        self.dir = tempfile.mkdtemp(prefix=prefix)
        # Daemons that dropped to their own users must reach the run dir.
        os.chmod(self.dir, 0o755)
        for f in ["tnc_config", "swanctl.conf", "nea-client.conf", "tnc_config.client"]:
            shutil.copy(os.path.join(SRC, "deploy/examples", f), self.dir)
        shutil.copytree(os.path.join(SRC, "deploy/examples/pki"), os.path.join(self.dir, "pki"))
        with open(os.path.join(SRC, "deploy/examples/nea.conf")) as f:
            text = f.read()
        # nea.pttls.address: loopback only, so the Scanner IMC of a client
        # on this host never reports the server's own port.
        text, n = re.subn(r"(?m)^(\s*)# address = 127\.0\.0\.1$", r"\g<1>address = 127.0.0.1", text)
        check(n == 1, "example nea.conf lost its '# address = 127.0.0.1' line")
        settings = {
            "rundir": "run",
            "tnc_config": "tnc_config",
            "swanctl": "swanctl.conf",
            "port": "0",                 # the kernel picks (tests run side by side)
            "iked": "no",                # not part of these scenarios
            "restart_delay_ms": "50",
            "restart_delay_max_ms": "400",
            "health_interval_ms": "200",
            "stop_grace_ms": "10000",
            "reconnect_delay_ms": "50",
            "reconnect_delay_max_ms": "400",
        }
        # SQLite needs a directory the policy manager's user may write.
        dbdir = os.path.join(self.dir, "db")
        os.mkdir(dbdir)
        settings["database"] = "sqlite://db/nea.db"
        self.root = os.geteuid() == 0
        if self.root and users_exist():
            pw = pwd.getpwnam("nea-policy")
            os.chown(dbdir, pw.pw_uid, pw.pw_gid)
        elif self.root:
            # Root without deploy/create-users.sh: the daemons stay root.
            for d in ["policyd", "brokerd", "imvd", "pttlsd", "iked", "imcd"]:
                text = re.sub(r"(?m)^(\s*)%s = nea-\w+$" % d, r"\g<1>%s = root" % d, text)
            settings["group"] = "root"
        settings.update(overrides or {})
        for k, v in settings.items():
            text = set_key(text, k, v)
        if log:
            text = text.replace("\t\tmgr = 1\n", "\t\tmgr = 1\n" + "".join("\t\t%s = %s\n" % kv for kv in log.items()))
        self.conf = os.path.join(self.dir, "nea.conf")
        with open(self.conf, "w") as f:
            f.write(text)
        self.logpath = os.path.join(self.dir, "master.log")
        self.proc = None
        self.port = None

    # -------------------------------------------------------------- process
    def start(self):
        self.logf = open(self.logpath, "w")
        self.proc = subprocess.Popen([os.path.join(BIN, "nea-master"), "--config", self.conf],
                                     cwd=self.dir, stdout=self.logf, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self.wait_healthy()
        # "healthy" is about links; the IMVs serve once nea-brokerd has
        # their registration and nea-imvd its policy manager
        self.wait_log(r'IMV 2 "Scanner" registered by nea-imvd pid')
        self.wait_log(r"nea-imvd\[\d+\] \[IMV\] connected to nea-policyd")
        m = self.wait_log(r"PT-TLS server listening on 127\.0\.0\.1 port (\d+)")
        self.port = int(m.group(1))
        return self

    def log(self):
        with open(self.logpath, errors="replace") as f:
            return f.read()

    def wait_log(self, pattern, after=0, deadline=DEADLINE):
        """First match of pattern in the master log past offset `after`."""
        end = time.monotonic() + deadline
        while True:
            m = re.compile(pattern).search(self.log(), after)
            if m:
                return m
            check(self.proc.poll() is None, "nea-master exited while waiting for /%s/\n%s" % (pattern, self.log()))
            if time.monotonic() > end:
                raise Failure("timed out waiting for /%s/ in the log\n--- log ---\n%s" % (pattern, self.log()[after:]))
            time.sleep(0.05)

    def status(self):
        """(exit code, {name: fields})"""
        r = subprocess.run([os.path.join(BIN, "nea"), "status", "--config", self.conf, "--raw"],
                           cwd=self.dir, capture_output=True, text=True, timeout=60)
        daemons = {}
        for line in r.stdout.splitlines():
            kind, _, rest = line.partition(" ")
            fields = dict(m.group(1, 2) for m in re.finditer(r'(\w+)=("[^"]*"|\S*)', rest))
            if kind == "daemon":
                daemons[fields["name"]] = fields
        return r.returncode, daemons

    def wait_for(self, what, pred):
        end = time.monotonic() + DEADLINE
        last = None
        while time.monotonic() < end:
            check(self.proc.poll() is None, "nea-master exited (%s) while waiting for %s\n%s"
                  % (self.proc.returncode, what, self.log()))
            last = self.status()
            if pred(*last):
                return last[1]
            time.sleep(0.1)
        raise Failure("timed out waiting for %s; last status %r\n--- log ---\n%s" % (what, last, self.log()))

    def wait_healthy(self):
        return self.wait_for("the server daemons healthy",
                             lambda rc, d: all(n in d and d[n]["healthy"] == "1" for n in DAEMONS))

    def pids(self):
        rc, d = self.status()
        return {n: int(v["pid"]) for n, v in d.items()}

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=DEADLINE)
            except subprocess.TimeoutExpired:
                pass
        if self.proc:
            # Whatever is left of what this test started (never anything else).
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.logf.close()
        return self.proc.returncode if self.proc else None

    def cleanup(self):
        if os.environ.get("NEA_KEEP_TMP"):
            print("files kept in", self.dir)
            return
        shutil.rmtree(self.dir, ignore_errors=True)

    # ------------------------------------------------------------ operators
    def nea(self, *args, ok=True):
        r = subprocess.run([os.path.join(BIN, "nea")] + list(args) + ["--config", self.conf],
                           cwd=self.dir, capture_output=True, text=True, timeout=60)
        if ok:
            check(r.returncode == 0, "nea %s failed (%d): %s%s" % (" ".join(args), r.returncode, r.stdout, r.stderr))
        return r

    # -------------------------------------------------------------- clients
    def client_conf(self, name, device_id, root=None, extra="", proc=None):
        """A client configuration from the example nea-client.conf: the
        given Device ID, and the OS/Scanner IMCs reading `root` (a tree
        like tests/unit/imc/fixtures/debian12) instead of this host; `proc`
        overrides the root's proc tree (e.g. the real /proc)."""
        with open(os.path.join(SRC, "deploy/examples/nea-client.conf")) as f:
            text = f.read()
        text = text.replace("# device_id = 3d1219c7c4c5404aaa1f6d2a48adfda4", "device_id = %s" % device_id)
        check(device_id in text, "example nea-client.conf lost its device_id line")
        imcd = ""
        if root:
            imcd = ("\timcd {\n\t\tos_release = %s/etc/os-release\n\t\tproc = %s\n"
                    "\t\tdpkg_status = %s/var/lib/dpkg/status\n\t\tmachine = x86_64\n\t}\n"
                    % (root, proc or root + "/proc", root))
        text = text.replace("nea {\n", "nea {\n" + imcd + extra, 1)
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def assess(self, conf, *auth, host="127.0.0.1", timeout=120):
        """Run `nea pt-tls-client`; (exit code, stdout, stderr)."""
        args = [os.path.join(BIN, "nea"), "pt-tls-client", "--connect", host,
                "--port", str(self.port), "--config", conf, "--imcd", os.path.join(BIN, "nea-imcd")] + list(auth)
        r = subprocess.run(args, cwd=self.dir, capture_output=True, text=True, timeout=timeout)
        # the client side (nea, nea-imcd) under sanitizers reports on stderr
        for bad in ["ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:"]:
            check(bad not in r.stderr, "nea pt-tls-client / nea-imcd: %s\n%s" % (bad, r.stderr[-6000:]))
        return r.returncode, r.stdout, r.stderr


def fake_root(base, tcp_ports):
    """A copy of the debian12 fixture tree whose /proc/net lists exactly
    the given TCP ports as LISTEN on 0.0.0.0 (and no UDP sockets)."""
    root = os.path.join(base, "endpoint")
    shutil.copytree(FIXTURE, root)
    hdr = ("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
           "   uid  timeout inode\n")
    lines = [hdr]
    for i, p in enumerate(tcp_ports):
        lines.append("   %d: 00000000:%04X 00000000:0000 0A 00000000:00000000 00:00000000 00000000"
                     "     0        0 %d 1 0000000000000000 100 0 0 10 0\n" % (i, p, 4242 + i))
    with open(os.path.join(root, "proc/net/tcp"), "w") as f:
        f.writelines(lines)
    for t in ["tcp6", "udp", "udp6"]:
        with open(os.path.join(root, "proc/net", t), "w") as f:
            f.write(hdr)
    return root
