#!/usr/bin/env python3
"""Supervisor integration tests: the real nea-master and daemons from
$NEA_BIN_DIR in a temporary directory, observed through `nea status --raw`
and the master's log.

    test_master.py restart|crashloop|term|reload|peers

Every wait polls with a generous deadline (loaded 2-core machines, ASan
builds); nothing asserts on elapsed time.
"""
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

BIN = os.environ.get("NEA_BIN_DIR", "")
SRC = os.environ.get("NEA_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", "..", ".."))
DEADLINE = 90.0
SERVER_DAEMONS = ["policyd", "brokerd", "imvd", "pttlsd", "iked"]
USERS = ["nea-policy", "nea-broker", "nea-imv", "nea-pttls", "nea-ike", "nea-imc"]


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
    check(n == 1, "example nea.conf has no '%s' setting" % key)
    return new


class Nea:
    def __init__(self, overrides=None):
        self.dir = tempfile.mkdtemp(prefix="nea-master-")
        # Daemons that dropped to their own users must reach the run dir.
        os.chmod(self.dir, 0o755)
        shutil.copy(os.path.join(SRC, "deploy/examples/tnc_config"), self.dir)
        # nea-pttlsd's server certificate and key, the EAP secrets.
        shutil.copytree(os.path.join(SRC, "deploy/examples/pki"), os.path.join(self.dir, "pki"))
        shutil.copy(os.path.join(SRC, "deploy/examples/swanctl.conf"), self.dir)
        # swanctl's folders next to swanctl.conf (nea-iked's 'tnc' connection).
        for d in ["x509", "x509ca", "ecdsa"]:
            shutil.copytree(os.path.join(SRC, "deploy/examples", d), os.path.join(self.dir, d))
        with open(os.path.join(SRC, "deploy/examples/nea.conf")) as f:
            text = f.read()
        settings = {
            "rundir": "run",
            "tnc_config": "tnc_config",
            # nea.pttls.port: the kernel picks a free one (tests run side by side).
            "port": "0",
            "restart_delay_ms": "50",
            "restart_delay_max_ms": "400",
            "crash_loop_count": "4",
            "crash_loop_window": "60",
            "health_interval_ms": "200",
            "stop_grace_ms": "10000",
            "reconnect_delay_ms": "50",
            "reconnect_delay_max_ms": "400",
        }
        # libimcv.database: SQLite needs a directory the policy manager's
        # user may write (its -wal and -shm files live next to the file).
        dbdir = os.path.join(self.dir, "db")
        os.mkdir(dbdir)
        settings["database"] = "sqlite://db/nea.db"
        if os.geteuid() == 0 and users_exist():
            pw = pwd.getpwnam("nea-policy")
            os.chown(dbdir, pw.pw_uid, pw.pw_gid)
        if os.geteuid() == 0 and not users_exist():
            # Root without deploy/create-users.sh: run the daemons as root.
            for d in ["policyd", "brokerd", "imvd", "pttlsd", "iked", "imcd"]:
                text = re.sub(r"(?m)^(\s*)%s = nea-\w+$" % d, r"\g<1>%s = root" % d, text)
            settings["group"] = "root"
        settings.update(overrides or {})
        for k, v in settings.items():
            text = set_key(text, k, v)
        self.conf = os.path.join(self.dir, "nea.conf")
        with open(self.conf, "w") as f:
            f.write(text)
        self.rundir = os.path.join(self.dir, "run")
        self.logpath = os.path.join(self.dir, "master.log")
        self.proc = None

    def start(self):
        self.logf = open(self.logpath, "w")
        self.proc = subprocess.Popen([os.path.join(BIN, "nea-master"), "--config", self.conf],
                                     cwd=self.dir, stdout=self.logf, stderr=subprocess.STDOUT,
                                     start_new_session=True)

    def log(self):
        with open(self.logpath) as f:
            return f.read()

    def status(self):
        """(exit code, {name: fields with 'links': {peer: fields}})"""
        r = subprocess.run([os.path.join(BIN, "nea"), "status", "--config", self.conf, "--raw"],
                           cwd=self.dir, capture_output=True, text=True, timeout=60)
        daemons = {}
        for line in r.stdout.splitlines():
            kind, _, rest = line.partition(" ")
            fields = dict(m.group(1, 2) for m in re.finditer(r'(\w+)=("[^"]*"|\S*)', rest))
            if kind == "daemon":
                fields["links"] = {}
                daemons[fields["name"]] = fields
            elif kind == "link":
                daemons[fields["daemon"]]["links"][fields["peer"]] = fields
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

    def wait_healthy(self, names=SERVER_DAEMONS):
        return self.wait_for("all daemons healthy",
                             lambda rc, d: all(n in d and d[n]["healthy"] == "1" for n in names))

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

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def pids(d):
    return {n: int(v["pid"]) for n, v in d.items()}


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead too; only the master could reap it.
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def scenario_restart(n):
    n.start()
    d = n.wait_healthy()
    before = pids(d)
    check(all(p > 0 for p in before.values()), "a daemon without pid: %r" % before)
    if os.geteuid() == 0 and users_exist():
        uids = [int(d[x]["uid"]) for x in SERVER_DAEMONS]
        check(all(u != 0 for u in uids) and len(set(uids)) == len(uids),
              "daemons did not drop to their own users: %r" % uids)
    for x in SERVER_DAEMONS:
        for peer, l in d[x]["links"].items():
            check(l["reconnects"] == "0", "%s link %s reconnected before any kill" % (x, peer))

    # Kill the broker: it comes back with a new pid; everybody else keeps
    # its pid; the links to the broker reconnect, the others do not.
    os.kill(before["brokerd"], signal.SIGKILL)

    def broker_back(rc, d):
        return (d.get("brokerd", {}).get("state") == "running"
                and int(d["brokerd"]["pid"]) not in (0, before["brokerd"])
                and all(d[x]["healthy"] == "1" for x in SERVER_DAEMONS)
                and d["imvd"]["links"]["broker"]["reconnects"] == "1"
                and d["pttlsd"]["links"]["broker"]["reconnects"] == "1"
                and d["iked"]["links"]["broker"]["reconnects"] == "1")
    d = n.wait_for("nea-brokerd restarted and its clients reconnected", broker_back)
    after = pids(d)
    for x in SERVER_DAEMONS:
        if x != "brokerd":
            check(after[x] == before[x], "%s changed pid %d -> %d" % (x, before[x], after[x]))
            check(d[x]["restarts"] == "0", "%s restarted" % x)
    check(d["brokerd"]["restarts"] == "1", "brokerd restarts %s" % d["brokerd"]["restarts"])
    check(d["imvd"]["links"]["policy"]["reconnects"] == "0", "imvd's policy link reconnected")
    check("killed by signal 9" in d["brokerd"].get("last_exit", ""), "last_exit %r" % d["brokerd"])
    log = n.log()
    check(re.search(r"nea-brokerd \(pid %d\) killed by signal 9; restarting in \d+ ms" % before["brokerd"], log),
          "no operator line about the broker restart\n" + log)

    # Kill the IMV host: nobody else notices (it is only a client).
    os.kill(after["imvd"], signal.SIGKILL)
    d = n.wait_for("nea-imvd restarted",
                   lambda rc, d: d["imvd"]["state"] == "running"
                   and int(d["imvd"]["pid"]) not in (0, after["imvd"])
                   and all(d[x]["healthy"] == "1" for x in SERVER_DAEMONS))
    final = pids(d)
    for x in ["policyd", "brokerd", "pttlsd", "iked"]:
        check(final[x] == after[x], "%s changed pid when imvd was killed" % x)
    check(d["pttlsd"]["links"]["broker"]["reconnects"] == "1", "pttlsd reconnected for an imvd crash")
    check(d["iked"]["links"]["broker"]["reconnects"] == "1", "iked reconnected for an imvd crash")
    check(d["imvd"]["links"]["broker"]["reconnects"] == "0", "fresh imvd counts reconnects")


def scenario_crashloop(n):
    # nea-imvd cannot read its module list and exits at start, every time.
    missing = os.path.join(n.dir, "no-such-tnc_config")
    with open(n.conf) as f:
        text = f.read()
    with open(n.conf, "w") as f:
        f.write(set_key(text, "tnc_config", missing))
    n.start()
    d = n.wait_for("nea-imvd given up",
                   lambda rc, d: d.get("imvd", {}).get("state") == "given-up"
                   and all(d[x]["healthy"] == "1" for x in ["policyd", "brokerd", "pttlsd", "iked"]))
    check(d["imvd"]["restarts"] == "3", "imvd restarts %s, expected 3" % d["imvd"]["restarts"])
    check(d["imvd"]["pid"] == "0", "given-up daemon has a pid")
    log = n.log()
    check("nea-imvd crashed 4 times in 60 s; giving up" in log, "no give-up line\n" + log)
    check("cannot read the IMV list" in log, "imvd did not say why it failed\n" + log)
    before = pids(d)
    rc, d = n.status()
    check(rc == 3, "nea status must report the unhealthy daemon (rc %d)" % rc)
    for x in ["policyd", "brokerd", "pttlsd", "iked"]:
        check(d[x]["state"] == "running" and int(d[x]["pid"]) == before[x], "%s disturbed" % x)
        check(d[x]["restarts"] == "0", "%s restarted" % x)
    check(d["imvd"]["state"] == "given-up", "imvd was restarted after giving up")

    # The operator fixes the configuration and sends SIGHUP: imvd is back.
    with open(n.conf, "w") as f:
        f.write(set_key(text, "tnc_config", "tnc_config"))
    n.proc.send_signal(signal.SIGHUP)
    d = n.wait_healthy()
    for x in ["policyd", "brokerd", "pttlsd", "iked"]:
        check(int(d[x]["pid"]) == before[x], "%s restarted by the reload" % x)


def scenario_term(n):
    n.start()
    d = n.wait_healthy()
    children = pids(d)
    n.proc.send_signal(signal.SIGTERM)
    try:
        rc = n.proc.wait(timeout=DEADLINE)
    except subprocess.TimeoutExpired:
        raise Failure("nea-master did not stop\n" + n.log())
    log = n.log()
    check(rc == 0, "nea-master exit status %d\n%s" % (rc, log))
    for name, pid in children.items():
        check(not alive(pid), "nea-%s (pid %d) survived the master" % (name, pid))
        # A clean exit (also: no leak reports under ASan).
        check("nea-%s (pid %d) exited with status 0" % (name, pid) in log,
              "nea-%s did not exit cleanly\n%s" % (name, log))
    left = [f for f in os.listdir(n.rundir) if f.endswith(".sock")]
    check(not left, "sockets left behind: %r" % left)
    check("all daemons stopped; removing sockets" in log, "no shutdown line\n" + log)


def scenario_reload(n):
    n.start()
    d = n.wait_healthy()
    before = pids(d)
    check(all(d[x]["reloads"] == "0" for x in SERVER_DAEMONS), "reloaded before SIGHUP")
    n.proc.send_signal(signal.SIGHUP)
    d = n.wait_for("every daemon reloaded",
                   lambda rc, d: all(d[x].get("reloads") == "1" for x in SERVER_DAEMONS))
    check(pids(d) == before, "a reload restarted a daemon")
    log = n.log()
    for x in SERVER_DAEMONS:
        check(re.search(r"nea-%s\[\d+\] \[DMN\] nea-%s: configuration reloaded" % (x, x), log),
              "nea-%s did not log its reload\n%s" % (x, log))
    check("SIGHUP: re-reading" in log, "master did not log the reload\n" + log)


def frame(body):
    return len(body).to_bytes(4, "big") + body


# Envelope{version=1, hello{role=ROLE_IMVD, pid=123}}: a case no front-end
# socket accepts.
HELLO = b"\x08\x01\x52\x04\x08\x04\x10\x7b"


def poke(path, data, user=None):
    """Connect to path (as user, if given), send data, return True when the
    daemon hung up on us."""
    code = ("import socket,sys\n"
            "s=socket.socket(socket.AF_UNIX,socket.SOCK_STREAM); s.settimeout(60)\n"
            "s.connect(sys.argv[1])\n"
            "try:\n s.sendall(bytes.fromhex(sys.argv[2]))\nexcept OSError:\n pass\n"
            "try:\n d=s.recv(100)\nexcept ConnectionResetError:\n d=b''\n"
            "sys.exit(0 if d==b'' else 1)\n")
    kw = {}
    py = sys.executable
    if user:
        # Our interpreter may live somewhere the daemon user cannot read.
        py = "/usr/bin/python3" if os.access("/usr/bin/python3", os.X_OK) else py
        kw = {"user": user, "group": user, "extra_groups": ["nea"]}
    r = subprocess.run([py, "-c", code, path, data.hex()], timeout=90, **kw)
    return r.returncode == 0


def scenario_peers(n):
    """A misbehaving local peer is cut off and the daemon carries on."""
    n.start()
    d = n.wait_healthy()
    before = pids(d)
    broker = os.path.join(n.rundir, "broker.sock")
    privileged = os.geteuid() == 0 and users_exist()
    # Right uid, wrong conversation: the front-end socket refuses Hello.
    check(poke(broker, frame(HELLO), "nea-pttls" if privileged else None),
          "broker.sock kept a peer that sent Hello")
    # A length prefix far over nea.ipc.max_frame: closed, nothing allocated.
    check(poke(broker, b"\xff\xff\xff\xf0" + b"\x00" * 16, "nea-pttls" if privileged else None),
          "broker.sock kept a peer that announced a 4 GiB frame")
    if privileged:
        # Root is not one of the uids broker.sock expects.
        check(poke(broker, frame(HELLO)), "broker.sock accepted root")
    d = n.wait_healthy()
    check(pids(d) == before, "a bad peer cost a daemon its life")
    log = n.log()
    check(re.search(r"nea-brokerd\[\d+\] \[IPC\] link broker.sock: body case not allowed", log),
          "no log line for the disallowed case\n" + log)
    check("announced a 4294967280-byte frame, limit is 4194304; closing" in log,
          "no log line for the oversized frame\n" + log)
    if privileged:
        check(re.search(r"link broker.sock: rejecting peer pid \d+ uid 0: not an expected uid", log),
              "no log line for the stranger\n" + log)


SCENARIOS = {
    "peers": scenario_peers,
    "restart": scenario_restart,
    "crashloop": scenario_crashloop,
    "term": scenario_term,
    "reload": scenario_reload,
}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in SCENARIOS:
        print("usage: test_master.py %s" % "|".join(SCENARIOS), file=sys.stderr)
        return 2
    if not BIN or not os.access(os.path.join(BIN, "nea-master"), os.X_OK):
        print("NEA_BIN_DIR must point at the built binaries", file=sys.stderr)
        return 2
    n = Nea()
    ok = False
    try:
        SCENARIOS[sys.argv[1]](n)
        ok = True
    except Failure as e:
        print("FAIL: %s" % e, file=sys.stderr)
    finally:
        n.stop()
        if ok:
            n.cleanup()
        else:
            print("(files kept in %s)" % n.dir, file=sys.stderr)
    if ok:
        print("PASS: %s" % sys.argv[1])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
