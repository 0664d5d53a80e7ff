#!/usr/bin/env python3
"""Interop of nea-iked (responder) with Debian's strongSwan charon (client).

    test_ike_charon.py <scenario> [--keep]

Both run in a network namespace the test creates (so charon's
kernel-netlink plugin installs its CHILD_SA there and nowhere else), on
127.0.0.1 with high ports: charon 14500/14501, nea-iked 24500/24501.
nea-iked runs standalone with nea.ike.kernel = no. Certificates come from
openssl in the temp dir: a CA, the gateway's certificate (moon.nea.test).

  md5         charon authenticates with EAP-MD5 (EAP-Identity first), gets
              a virtual IP from nea-iked's pool and a CHILD_SA; then deletes
              it; nea-iked logs the deletion and frees the lease.
  wrongpw     a wrong EAP-MD5 password: EAP-Failure, charon gives up,
              nea-iked logs the failed method naming the peer.
  ttls        EAP-TTLS (TLS 1.2, phase 2 EAP-MD5, phase2_tnc = no as Debian's
              charon has no tnccs-20): MSK-based AUTH, virtual IP, CHILD_SA.
  ttls_wrongpw  a wrong inner password: EAP-TTLS fails, EAP-Failure.
  ttls_cert   EAP-TTLS with a client certificate (request_peer_auth = yes)
              instead of a password.
  initiator_md5, initiator_ttls, initiator_wrongpw
              the other way round: charon is the gateway (certificate, pool
              10.4.0.0/28), nea-iked initiates at start-up (start_action =
              start) with EAP-MD5 / EAP-TTLS+MD5; a wrong password fails.
  eaponly, initiator_eaponly
              RFC 5998 as in the seed's configuration: the gateway's auth is
              eap-ttls (no CERT/AUTH before EAP), both roles.
  kernel      nea.ike.kernel = yes: CHILD_SA installed through nea-xfrm (checked
              with ip xfrm), or the kernel's refusal handled (no ESP here).
  reload      SIGHUP with a broken swanctl.conf keeps the old configuration,
              a good one takes effect for the next IKE_SA (new pool).
  rekey       charon rekeys its CHILD_SA (CREATE_CHILD_SA with REKEY_SA): new
              SPIs on both sides, the old CHILD_SA deleted.
  ike_rekey   charon rekeys the IKE_SA: the new one takes over CHILD_SA and VIP.
  initiator_rekey  charon as gateway rekeys nea-iked's CHILD_SA and IKE_SA.
  frag        the same with fragment_size 576 (nea-iked) / 400 (charon):
              RFC 7383 fragments sent and reassembled by both.
  garbage     malformed datagrams and unknown SPIs are dropped with a log
              line, nea-iked keeps serving (an md5 run afterwards works).
  mschapv2, mschapv2_wrongpw
              EAP-MSCHAPv2 directly (charon's eap-mschapv2 from
              libcharon-extauth-plugins): MSK-based AUTH, virtual IP,
              CHILD_SA; a wrong password gets EAP-Failure.
  ttls_mschapv2, ttls_mschapv2_wrongpw
              EAP-TTLS with phase-2 EAP-MSCHAPv2 (nea's eap-ttls
              phase2_method = mschapv2, phase2_tnc = no); a wrong inner
              password: EAP-Failure.
  initiator_mschapv2, initiator_ttls_mschapv2, initiator_ttls_mschapv2_wrongpw
              nea-iked initiating to charon as gateway with EAP-MSCHAPv2 /
              EAP-TTLS+MSCHAPv2 (charon's eap-ttls phase2_method = mschapv2);
              a wrong password: charon's retryable MSCHAPv2 Failure, nea-iked
              gives up.

Needs root (ip netns) and strongswan-charon/-swanctl/libcharon-extra-plugins
(and libcharon-extauth-plugins for the mschapv2 scenarios); exits 77
(skipped) without them.
"""
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

BIN = os.environ.get("NEA_BIN_DIR", "")
CHARON = "/usr/lib/ipsec/charon"
SWANCTL = "/usr/sbin/swanctl"
DEADLINE = 60.0
PW = "Ch4rl1e-s3cret"
CHARON_PLUGINS = ("random nonce kdf openssl aes sha1 sha2 hmac md5 gmp pem pkcs1 pkcs8 x509 "
                  "pubkey curve25519 kernel-libipsec kernel-netlink socket-default vici eap-identity eap-md5")


class Failure(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Failure(msg)


def skip(msg):
    print("SKIP: " + msg)
    sys.exit(77)


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


class Lab:
    def __init__(self, keep=False):
        self.keep = keep
        self.dir = tempfile.mkdtemp(prefix="nea-ike-")
        self.ns = "neaike%d" % os.getpid()
        self.procs = []
        self.kernel = "no"
        run(["ip", "netns", "add", self.ns]).check_returncode()
        run(["ip", "-n", self.ns, "link", "set", "lo", "up"]).check_returncode()
        # an address inside the gateway's local_ts, so charon as gateway can
        # route its CHILD_SA (kernel-libipsec needs a source address there)
        run(["ip", "-n", self.ns, "addr", "add", "10.1.0.1/32", "dev", "lo"]).check_returncode()
        self.make_pki()
        # nea-iked run as root drops to nea-ike when that user exists; it
        # re-reads the configuration and keys as that user on SIGHUP
        for root, dirs, files in os.walk(self.dir):
            for n in dirs + files:
                os.chmod(os.path.join(root, n), 0o755 if n in dirs else 0o644)
        os.chmod(self.dir, 0o755)

    def nsexec(self, cmd):
        return ["ip", "netns", "exec", self.ns] + cmd

    def make_pki(self):
        d = self.dir
        for sub in ["gw/x509", "gw/x509ca", "gw/private", "cl/x509ca", "cl/x509", "cl/private"]:
            os.makedirs(os.path.join(d, sub))
        ossl = lambda *a: run(["openssl"] + list(a), cwd=d).check_returncode()
        ossl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ca.key")
        ossl("req", "-x509", "-new", "-key", "ca.key", "-subj", "/C=CH/O=nea/CN=nea test CA",
             "-days", "30", "-out", "ca.pem",
             "-addext", "basicConstraints=critical,CA:true",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        ossl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "gw/private/moon.key")
        ossl("req", "-new", "-key", "gw/private/moon.key", "-subj",
             "/C=CH/O=nea/CN=moon.nea.test", "-out", "moon.csr")
        with open(os.path.join(d, "ext.cnf"), "w") as f:
            f.write("subjectAltName=DNS:moon.nea.test\nextendedKeyUsage=serverAuth\n")
        ossl("x509", "-req", "-in", "moon.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-CAcreateserial", "-days", "30", "-extfile", "ext.cnf", "-out", "gw/x509/moon.pem")
        # the client's certificate for EAP-TTLS with request_peer_auth
        ossl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "cl/private/carol.key")
        ossl("req", "-new", "-key", "cl/private/carol.key", "-subj",
             "/C=CH/O=nea/CN=carol@nea.test", "-out", "carol.csr")
        with open(os.path.join(d, "ext-cl.cnf"), "w") as f:
            f.write("subjectAltName=email:carol@nea.test\nextendedKeyUsage=clientAuth\n")
        ossl("x509", "-req", "-in", "carol.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-CAcreateserial", "-days", "30", "-extfile", "ext-cl.cnf", "-out", "cl/x509/carol.pem")
        shutil.copy(os.path.join(d, "ca.pem"), os.path.join(d, "gw/x509ca/ca.pem"))
        shutil.copy(os.path.join(d, "ca.pem"), os.path.join(d, "cl/x509ca/ca.pem"))

    def start_iked(self, eap="eap-md5", extra="", swanctl_text=None, local_auth="pubkey"):
        d = self.dir
        with open(os.path.join(d, "gw/nea.conf"), "w") as f:
            f.write("""nea {
  rundir = %s/gw/run
  swanctl = %s/gw/swanctl.conf
  ike {
    port = 24500
    port_nat_t = 24501
    kernel = %s
  }
  log {
    default = 1
    ike = 2
    cfg = 2
  }
}
charon {
  retransmit_timeout = 1
  retransmit_tries = 2
}
%s
""" % (d, d, self.kernel, extra))
        with open(os.path.join(d, "gw/swanctl.conf"), "w") as f:
            f.write(swanctl_text or """connections {
  rw {
    version = 2
    proposals = aes256-sha256-modp2048, aes128gcm16-prfsha256-curve25519
    pools = vpn4
    local {
      auth = %s
      certs = moon.pem
      id = moon.nea.test
    }
    remote {
      auth = %s
      eap_id = %%any
    }
    children {
      net {
        local_ts = 10.1.0.0/16
        esp_proposals = aes128-sha256, aes256gcm16
      }
    }
  }
}
pools {
  vpn4 {
    addrs = 10.3.0.0/28
  }
}
secrets {
  eap-carol {
    id = carol
    secret = %s
  }
}
""" % (local_auth, eap, PW))
        self.iked_log = open(os.path.join(d, "iked.log"), "w")
        p = subprocess.Popen(self.nsexec([os.path.join(BIN, "nea-iked"), "--config",
                                          os.path.join(d, "gw/nea.conf"), "--foreground"]),
                             stdout=self.iked_log, stderr=subprocess.STDOUT)
        self.procs.append(p)
        self.iked = p
        self.wait_log("iked.log", r"IKE listening on UDP ports 24500 and 24501")

    def start_charon(self, secret=PW, plugins=CHARON_PLUGINS, local_auth="eap-md5", frag=1280,
                     local_extra="id = carol", swanctl_text=None, remote_auth="pubkey",
                     child_extra="", conn_extra="", plugin_extra=""):
        d = self.dir
        with open(os.path.join(d, "cl/strongswan.conf"), "w") as f:
            f.write("""charon {
  load = %s
  port = 14500
  port_nat_t = 14501
  install_routes = no
  install_virtual_ip = yes
  fragment_size = %d
  retransmit_timeout = 1
  retransmit_tries = 2
  filelog {
    nea {
      path = %s/charon.log
      flush_line = yes
      default = 1
      ike = 2
      cfg = 2
      knl = 1
    }
  }
  plugins {
    vici {
      socket = unix://%s/cl/vici
    }
%s
  }
}
""" % (plugins, frag, d, d, plugin_extra))
        with open(os.path.join(d, "cl/swanctl.conf"), "w") as f:
            if swanctl_text:
                f.write(swanctl_text)
            else:
                f.write("""connections {
  gw {
    version = 2
    local_addrs = 127.0.0.1
    remote_addrs = 127.0.0.1
    remote_port = 24500
    proposals = aes256-sha256-modp2048
    vips = 0.0.0.0
    dpd_delay = 2s
    %s
    local {
      auth = %s
      %s
    }
    remote {
      auth = %s
      id = moon.nea.test
    }
    children {
      c {
        remote_ts = 10.1.0.0/16
        esp_proposals = aes128-sha256
        %s
      }
    }
  }
}
secrets {
  eap-carol {
    id = carol
    secret = %s
  }
}
""" % (conn_extra, local_auth, local_extra, remote_auth, child_extra, secret))
        self.start_charon_process()

    def start_charon_process(self):
        d = self.dir
        # charon writes its pid file to /run: a private tmpfs in a mount namespace
        p = subprocess.Popen(self.nsexec(["unshare", "-m", "sh", "-c",
                                          "mount -t tmpfs none /run && exec " + CHARON]),
                             env=dict(os.environ, STRONGSWAN_CONF=os.path.join(d, "cl/strongswan.conf")),
                             stdout=open(os.path.join(d, "charon.stdout"), "w"),
                             stderr=subprocess.STDOUT)
        self.procs.append(p)
        self.charon = p
        end = time.time() + DEADLINE
        while not os.path.exists(os.path.join(d, "cl/vici")):
            check(time.time() < end and p.poll() is None, "charon did not start")
            time.sleep(0.1)
        r = self.swanctl(["--load-all", "--file", os.path.join(d, "cl/swanctl.conf")])
        check(r.returncode == 0, "swanctl --load-all failed:\n" + r.stdout)

    def swanctl(self, args, timeout=DEADLINE):
        env = dict(os.environ, SWANCTL_DIR=os.path.join(self.dir, "cl"))
        return run(self.nsexec([SWANCTL] + args + ["-u", "unix://%s/cl/vici" % self.dir]),
                   env=env, timeout=timeout)

    def log(self, name):
        try:
            with open(os.path.join(self.dir, name), errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def wait_log(self, name, pattern, deadline=DEADLINE):
        end = time.time() + deadline
        while time.time() < end:
            m = re.search(pattern, self.log(name))
            if m:
                return m
            if self.iked.poll() is not None and name == "iked.log":
                break
            time.sleep(0.1)
        raise Failure("no /%s/ in %s:\n%s" % (pattern, name, self.log(name)[-4000:]))

    def send_udp(self, data, port=24500, marker=True):
        # neither port is 500: IKE datagrams carry the Non-ESP marker
        if marker:
            data = b"\0\0\0\0" + data
        code = ("import socket,sys; s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); "
                "s.sendto(bytes.fromhex(sys.argv[1]),('127.0.0.1',%d))" % port)
        run(self.nsexec([sys.executable, "-c", code, data.hex()])).check_returncode()

    def close(self, ok):
        for p in reversed(self.procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        run(["ip", "netns", "del", self.ns])
        if ok and not self.keep:
            shutil.rmtree(self.dir, ignore_errors=True)
        else:
            print("logs kept in " + self.dir)


def charon_gateway(lab, eap="eap-md5", plugins=CHARON_PLUGINS, local_auth="pubkey", conn_extra="",
                   child_extra="", plugin_extra=""):
    """charon as the gateway (moon.nea.test's certificate, pool 10.4.0.0/28)."""
    d = lab.dir
    for sub in ["x509", "private"]:
        os.makedirs(os.path.join(d, "cl", sub), exist_ok=True)
    shutil.copy(os.path.join(d, "gw/x509/moon.pem"), os.path.join(d, "cl/x509/moon.pem"))
    shutil.copy(os.path.join(d, "gw/private/moon.key"), os.path.join(d, "cl/private/moon.key"))
    lab.charon_gw_conf = """connections {
  rw {
    version = 2
    local_addrs = 127.0.0.1
    proposals = aes256-sha256-modp2048
    pools = vpn4
    %s
    local {
      auth = %s
      certs = moon.pem
      id = moon.nea.test
    }
    remote {
      auth = %s
      eap_id = %%any
    }
    children {
      net {
        local_ts = 10.1.0.0/16
        esp_proposals = aes128-sha256
        %s
      }
    }
  }
}
pools {
  vpn4 {
    addrs = 10.4.0.0/28
  }
}
secrets {
  eap-carol {
    id = carol
    secret = %s
  }
}
""" % (conn_extra, local_auth, eap, child_extra, PW)
    lab.start_charon(plugins=plugins, swanctl_text=lab.charon_gw_conf, plugin_extra=plugin_extra)


def iked_client(lab, eap="eap-md5", secret=PW, remote_auth="pubkey"):
    """nea-iked as the initiator towards charon (start_action = start)."""
    lab.start_iked(swanctl_text="""connections {
  gw {
    version = 2
    remote_addrs = 127.0.0.1
    remote_port = 14500
    proposals = aes256-sha256-modp2048
    vips = 0.0.0.0
    local {
      auth = %s
      id = carol
    }
    remote {
      auth = %s
      id = moon.nea.test
    }
    children {
      c {
        remote_ts = 10.1.0.0/16
        esp_proposals = aes128-sha256
        start_action = start
      }
    }
  }
}
secrets {
  eap-carol {
    id = carol
    secret = %s
  }
}
""" % (eap, remote_auth, secret))


def scenario_initiator_md5(lab):
    charon_gateway(lab)
    iked_client(lab)
    lab.wait_log("iked.log", r"IKE_SA gw\[\d+\] established between 127\.0\.0\.1\[carol\]\.\.\.127\.0\.0\.1\[moon\.nea\.test\]")
    lab.wait_log("iked.log", r"received virtual IP 10\.4\.0\.1")
    lab.wait_log("iked.log", r"CHILD_SA c\{\d+\} established with SPIs \w+_i \w+_o and TS 10\.4\.0\.1/32 === 10\.1\.0\.0/16")
    lab.wait_log("charon.log", r"IKE_SA rw\[\d+\] established between 127\.0\.0\.1\[moon\.nea\.test\]\.\.\.127\.0\.0\.1\[carol\]")
    lab.wait_log("charon.log", r"CHILD_SA net\{\d+\} established")
    g = lab.log("iked.log")
    check("authentication of 'moon.nea.test' with signature successful" in g, "no gateway signature check")
    check("EAP method EAP_MD5 succeeded, no MSK established" in g, "no EAP-MD5 success")


def scenario_initiator_ttls(lab):
    charon_gateway(lab, eap="eap-ttls", plugins=CHARON_PLUGINS + " eap-ttls")
    iked_client(lab, eap="eap-ttls")
    lab.wait_log("iked.log", r"IKE_SA gw\[\d+\] established between")
    lab.wait_log("iked.log", r"EAP method EAP_TTLS succeeded, MSK established")
    lab.wait_log("iked.log", r"CHILD_SA c\{\d+\} established with SPIs .* and TS 10\.4\.0\.1/32 === 10\.1\.0\.0/16")
    lab.wait_log("charon.log", r"CHILD_SA net\{\d+\} established")


TTLS_MD5 = """charon {
  plugins {
    eap-ttls {
      phase2_method = md5
      phase2_tnc = no
    }
  }
}"""


def scenario_eaponly(lab):
    """RFC 5998 as in the seed: the gateway authenticates with EAP-TTLS only."""
    lab.start_iked(eap="eap-ttls", local_auth="eap-ttls", extra=TTLS_MD5)
    lab.start_charon(plugins=CHARON_PLUGINS + " eap-ttls", local_auth="eap-ttls",
                     remote_auth="eap-ttls")
    r = initiate(lab)
    check(r.returncode == 0, "swanctl --initiate failed:\n" + r.stdout + lab.log("iked.log")[-4000:])
    lab.wait_log("charon.log", r"CHILD_SA c\{\d+\} established")
    g = lab.log("iked.log")
    check(re.search(r"parsed IKE_AUTH request 1 \[.*N\(EAP_ONLY\)", g), "no EAP_ONLY notify from charon")
    check("EAP-only authentication (RFC 5998): no CERT/AUTH before EAP" in g, "not EAP-only")
    check(re.search(r"generating IKE_AUTH response 1 \[ IDr EAP/REQ/ID \]", g), "first response not IDr EAP only")
    check(re.search(r"IKE_SA rw\[\d+\] established between", g), "no IKE_SA")
    cl = lab.log("charon.log")
    check("authentication of 'moon.nea.test' with EAP successful" in cl, "charon did not check our MSK AUTH")


def scenario_initiator_eaponly(lab):
    charon_gateway(lab, eap="eap-ttls", plugins=CHARON_PLUGINS + " eap-ttls", local_auth="eap-ttls")
    iked_client(lab, eap="eap-ttls", remote_auth="eap-ttls")
    lab.wait_log("iked.log", r"EAP-only authentication of the gateway \(RFC 5998\)")
    lab.wait_log("iked.log", r"IKE_SA gw\[\d+\] established between")
    lab.wait_log("iked.log", r"CHILD_SA c\{\d+\} established")
    lab.wait_log("charon.log", r"CHILD_SA net\{\d+\} established")


def scenario_kernel(lab):
    """nea.ike.kernel = yes: nea-xfrm installs the CHILD_SA in the test's
    namespace, or - on a kernel without ESP - the refusal is logged, the
    CHILD_SA is refused with NO_PROPOSAL_CHOSEN and the IKE_SA stays."""
    lab.kernel = "yes"
    lab.start_iked()
    lab.start_charon()
    r = initiate(lab)
    g = lab.wait_log("iked.log", r"installed in the kernel with reqid \d+|unable to install CHILD_SA").group(0)
    if g.startswith("installed"):
        check(r.returncode == 0, "initiate failed:\n" + r.stdout)
        spi = re.search(r"CHILD_SA net\{\d+\} established with SPIs (\w+)_i", lab.log("iked.log")).group(1)
        st = run(lab.nsexec(["ip", "xfrm", "state"])).stdout
        check(("spi 0x%s" % spi) in st, "SPI %s not in ip xfrm state:\n%s" % (spi, st))
        pol = run(lab.nsexec(["ip", "xfrm", "policy"])).stdout
        check("10.1.0.0/16" in pol and "10.3.0.1/32" in pol, "no policies:\n" + pol)
    else:
        lab.wait_log("iked.log", r"unable to install CHILD_SA net\{\d+\} .* in the kernel: .*")
        lab.wait_log("iked.log", r"generating IKE_AUTH response \d+ \[ AUTH CPRP\(ADDR\) N\(NO_PROP\) \]")
        lab.wait_log("iked.log", r"IKE_SA rw\[\d+\] established")
        print("this kernel refused the SA (no ESP): the refusal path was checked")
    check(lab.iked.poll() is None, "nea-iked died")


def scenario_reload(lab):
    """SIGHUP: a broken swanctl.conf keeps the old configuration; a good one
    takes effect for new IKE_SAs (here: the pool moves), `nea conns` shows it."""
    lab.start_iked()
    lab.start_charon()
    path = os.path.join(lab.dir, "gw/swanctl.conf")
    with open(path) as f:
        good = f.read()
    with open(path, "w") as f:
        f.write(good.replace("connections {", "connections {\n  broken {", 1))
    lab.iked.send_signal(signal.SIGHUP)
    lab.wait_log("iked.log", r"reloading the IKE configuration failed; keeping the old one")
    r = initiate(lab)
    check(r.returncode == 0, "initiate after a broken reload failed:\n" + r.stdout)
    lab.wait_log("iked.log", r"assigning virtual IP 10\.3\.0\.1 to peer 'carol'")
    r = lab.swanctl(["--terminate", "--ike", "gw", "--timeout", "20"])
    lab.wait_log("iked.log", r"IKE_SA deleted")
    with open(path, "w") as f:
        f.write(good.replace("addrs = 10.3.0.0/28", "addrs = 10.7.0.0/28").replace(
            "children {", "children {\n      extra {\n        local_ts = 10.9.0.0/16\n      }", 1))
    lab.iked.send_signal(signal.SIGHUP)
    lab.wait_log("iked.log", r"IKE configuration reloaded: 1 connections, 1 pools")
    r = run([os.path.join(BIN, "nea"), "conns", "--rundir", os.path.join(lab.dir, "gw/run")])
    check("extra: TUNNEL" in r.stdout and "10.9.0.0/16" in r.stdout, "nea conns after reload:\n" + r.stdout)
    r = initiate(lab)
    check(r.returncode == 0, "initiate after reload failed:\n" + r.stdout)
    lab.wait_log("iked.log", r"assigning virtual IP 10\.7\.0\.1 to peer 'carol'")


def scenario_rekey(lab):
    """charon rekeys its CHILD_SA (rekey_time 3s) with CREATE_CHILD_SA, then
    deletes the old one; nea-iked answers with new SPIs and keys."""
    lab.start_iked()
    lab.start_charon(child_extra="rekey_time = 3s\n        rand_time = 0s\n        life_time = 60s")
    r = initiate(lab)
    check(r.returncode == 0, "initiate failed:\n" + r.stdout)
    lab.wait_log("iked.log", r"parsed CREATE_CHILD_SA request \d+ \[ .*N\(REKEY_SA\).* \]")
    lab.wait_log("iked.log", r"CHILD_SA net\{2\} established with SPIs \w+_i \w+_o and TS 10\.1\.0\.0/16 === 10\.3\.0\.1/32")
    lab.wait_log("iked.log", r"CHILD_SA net\{1\} rekeyed to \{2\}")
    lab.wait_log("iked.log", r"closing CHILD_SA net\{1\}")
    lab.wait_log("charon.log", r"CHILD_SA c\{2\} established")
    g = lab.log("iked.log")
    old = re.search(r"CHILD_SA net\{1\} established with SPIs (\w+)_i (\w+)_o", g).groups()
    new = re.search(r"CHILD_SA net\{2\} established with SPIs (\w+)_i (\w+)_o", g).groups()
    check(old[0] != new[0] and old[1] != new[1], "rekeyed CHILD_SA kept its SPIs")
    cl = lab.log("charon.log")
    cs = re.search(r"CHILD_SA c\{2\} established with SPIs (\w+)_i (\w+)_o", cl).groups()
    check(cs[0] == new[1] and cs[1] == new[0], "SPIs of the rekeyed CHILD_SA differ: %r %r" % (cs, new))
    r = run([os.path.join(BIN, "nea"), "sas", "--rundir", os.path.join(lab.dir, "gw/run"), "--raw"])
    check(len(re.findall(r"^child=net ", r.stdout, re.M)) == 1, "old CHILD_SA still listed:\n" + r.stdout)


def scenario_ike_rekey(lab):
    """charon rekeys the IKE_SA (rekey_time 3s): the new IKE_SA takes over
    the CHILD_SA and the virtual IP, the old one is deleted, DPD and a
    CHILD_SA rekey then run on the new IKE_SA."""
    lab.start_iked()
    lab.start_charon(conn_extra="rekey_time = 3s\n    over_time = 60s\n    rand_time = 0s")
    r = initiate(lab)
    check(r.returncode == 0, "initiate failed:\n" + r.stdout)
    lab.wait_log("iked.log", r"parsed CREATE_CHILD_SA request \d+ \[ E SA No KE \]")
    lab.wait_log("iked.log", r"IKE_SA rw\[1\] rekeyed to rw\[2\]")
    lab.wait_log("iked.log", r"received DELETE for IKE_SA rw\[1\]")
    lab.wait_log("charon.log", r"IKE_SA gw\[2\] state change: \w+ => ESTABLISHED")
    # the new IKE_SA works: DPD (dpd_delay 2s) on it is answered
    lab.wait_log("iked.log", r"parsed INFORMATIONAL request 0 \[ E \]")
    r = run([os.path.join(BIN, "nea"), "sas", "--rundir", os.path.join(lab.dir, "gw/run"), "--raw"])
    sas = re.findall(r"^sa=rw unique=(\d+) state=(\w+) .* children=(\d+)(.*)$", r.stdout, re.M)
    est = [x for x in sas if x[1] == "ESTABLISHED"]
    check(len(est) == 1 and est[0][0] != "1" and est[0][2] == "1" and "vip=10.3.0.1" in est[0][3],
          "nea sas after the IKE rekey:\n" + r.stdout)
    check(lab.iked.poll() is None, "nea-iked died")


def scenario_initiator_rekey(lab):
    """charon as gateway rekeys the CHILD_SA and the IKE_SA of nea-iked's
    connection: nea-iked answers both (as the exchanges' responder)."""
    charon_gateway(lab, conn_extra="rekey_time = 4s\n    over_time = 60s\n    rand_time = 0s",
                   child_extra="rekey_time = 2s\n        rand_time = 0s\n        life_time = 60s")
    iked_client(lab)
    lab.wait_log("iked.log", r"IKE_SA gw\[\d+\] established between")
    lab.wait_log("iked.log", r"CHILD_SA c\{1\} rekeyed to \{2\}")
    lab.wait_log("iked.log", r"IKE_SA gw\[1\] rekeyed to gw\[2\]")
    lab.wait_log("iked.log", r"received DELETE for IKE_SA gw\[1\]")
    lab.wait_log("charon.log", r"CHILD_SA net\{2\} established")
    lab.wait_log("charon.log", r"IKE_SA rw\[2\] state change: \w+ => ESTABLISHED")
    # the CHILD_SA, now under the rekeyed IKE_SA, is rekeyed again there
    g = lab.wait_log("iked.log", r"IKE_SA gw\[1\] rekeyed to gw\[2\][\s\S]*CHILD_SA c\{\d+\} rekeyed to")
    check(g, "no CHILD_SA rekey on the rekeyed IKE_SA")
    check(lab.iked.poll() is None, "nea-iked died")


def scenario_initiator_wrongpw(lab):
    charon_gateway(lab)
    iked_client(lab, secret="not-the-password")
    lab.wait_log("iked.log", r"received EAP_FAILURE, EAP authentication failed")
    lab.wait_log("iked.log", r"establishing IKE_SA gw\[\d+\] failed: EAP authentication failed")
    check("established between" not in lab.log("iked.log"), "established with a wrong password")
    check(lab.iked.poll() is None, "nea-iked died")


def initiate(lab):
    return lab.swanctl(["--initiate", "--child", "c", "--timeout", "30"], timeout=DEADLINE)


def scenario_md5(lab):
    lab.start_iked()
    lab.start_charon()
    r = initiate(lab)
    check(r.returncode == 0, "swanctl --initiate failed:\n" + r.stdout + lab.log("iked.log")[-4000:])
    # charon's file logger may lag behind swanctl's answer
    lab.wait_log("charon.log", r"CHILD_SA c\{\d+\} established")
    cl = lab.log("charon.log")
    check(re.search(r"authentication of 'moon.nea.test' with ECDSA_WITH_SHA256_DER successful|"
                    r"authentication of 'moon.nea.test' with \S+ successful", cl),
          "charon did not verify the gateway's certificate AUTH")
    check("EAP method EAP_MD5 succeeded, no MSK established" in cl, "no EAP-MD5 success at charon")
    check("authentication of 'moon.nea.test' with EAP successful" in cl,
          "charon did not verify the gateway's MSK-based AUTH")
    check("installing new virtual IP 10.3.0.1" in cl, "charon got no virtual IP:\n" + cl[-3000:])
    check(re.search(r"CHILD_SA c\{\d+\} established with SPIs \w+_i \w+_o and TS 10\.3\.0\.1/32 === 10\.1\.0\.0/16", cl),
          "charon has no CHILD_SA 10.3.0.1/32 === 10.1.0.0/16")
    g = lab.log("iked.log")
    for pat in [r"received EAP identity 'carol'",
                r"initiating EAP_MD5 method \(id 0x[0-9A-F]{2}\)",
                r"authentication of 'carol' with EAP successful",
                r"IKE_SA rw\[\d+\] established between 127\.0\.0\.1\[moon\.nea\.test\]\.\.\.127\.0\.0\.1\[carol\]",
                r"assigning virtual IP 10\.3\.0\.1 to peer 'carol'",
                r"CHILD_SA net\{\d+\} established with SPIs \w+_i \w+_o and TS 10\.1\.0\.0/16 === 10\.3\.0\.1/32",
                r"not installed in the kernel \(nea\.ike\.kernel = no\)"]:
        check(re.search(pat, g), "nea-iked log lacks /%s/:\n%s" % (pat, g[-4000:]))
    # the SPIs both sides log agree (ours _i is charon's _o)
    cs = re.search(r"CHILD_SA c\{\d+\} established with SPIs (\w+)_i (\w+)_o", cl)
    gs = re.search(r"CHILD_SA net\{\d+\} established with SPIs (\w+)_i (\w+)_o", g)
    check(cs.group(1) == gs.group(2) and cs.group(2) == gs.group(1),
          "SPIs differ: charon %s/%s, nea-iked %s/%s" % (cs.group(1), cs.group(2), gs.group(1), gs.group(2)))
    # charon's liveness check (dpd_delay 2s, no traffic) is answered empty
    lab.wait_log("iked.log", r"parsed INFORMATIONAL request \d+ \[ E \]")
    lab.wait_log("iked.log", r"generating INFORMATIONAL response \d+ \[ \]")
    # the operator's view over iked.sock
    r = run([os.path.join(BIN, "nea"), "sas", "--rundir", os.path.join(lab.dir, "gw/run"), "--raw"])
    check(r.returncode == 0, "nea sas failed:\n" + r.stdout)
    check(re.search(r"^sa=rw unique=\d+ state=ESTABLISHED local=127\.0\.0\.1\[24500\] "
                    r"remote=127\.0\.0\.1\[\d+\] remote_id=carol eap_identity=carol children=1 "
                    r"vip=10\.3\.0\.1$", r.stdout, re.M), "nea sas --raw:\n" + r.stdout)
    check(re.search(r"^child=net sa=rw unique=\d+ spi_in=%s spi_out=%s installed=0$" % (gs.group(1), gs.group(2)),
                    r.stdout, re.M), "nea sas --raw child line:\n" + r.stdout)
    r = run([os.path.join(BIN, "nea"), "sas", "--rundir", os.path.join(lab.dir, "gw/run")])
    check(r.returncode == 0 and "rw: #" in r.stdout and "ESTABLISHED" in r.stdout
          and "10.1.0.0/16" in r.stdout and "10.3.0.1/32" in r.stdout, "nea sas:\n" + r.stdout)
    r = run([os.path.join(BIN, "nea"), "conns", "--rundir", os.path.join(lab.dir, "gw/run"), "--raw"])
    check(r.returncode == 0 and re.search(r"^conn=rw local_auth=pubkey local_id=moon\.nea\.test "
                                          r"remote_auth=eap-md5 remote_id=%any children=1 pool=vpn4$",
                                          r.stdout, re.M), "nea conns --raw:\n" + r.stdout)
    # liveness and delete
    r = lab.swanctl(["--terminate", "--ike", "gw", "--timeout", "20"])
    check(r.returncode == 0, "swanctl --terminate failed:\n" + r.stdout)
    lab.wait_log("iked.log", r"received DELETE for IKE_SA rw\[\d+\]")
    lab.wait_log("iked.log", r"IKE_SA deleted")
    # the lease is offline again: a second connection gets the same address
    r = initiate(lab)
    check(r.returncode == 0, "second initiate failed:\n" + r.stdout)
    check(len(re.findall(r"assigning virtual IP 10\.3\.0\.1 to peer 'carol'", lab.log("iked.log"))) == 2,
          "the second IKE_SA did not get the released lease 10.3.0.1 back")


def scenario_wrongpw(lab):
    lab.start_iked()
    lab.start_charon(secret="not-the-password")
    r = initiate(lab)
    check(r.returncode != 0, "initiate succeeded with a wrong password")
    lab.wait_log("charon.log", r"EAP_FAILURE")
    cl = lab.log("charon.log")
    check(re.search(r"received EAP_FAILURE, EAP authentication failed|EAP_FAILURE", cl),
          "charon saw no EAP-Failure:\n" + cl[-3000:])
    lab.wait_log("iked.log", r"EAP method EAP_MD5 failed for peer carol")
    g = lab.log("iked.log")
    check("established" not in g, "an SA was established with a wrong password")
    check(lab.iked.poll() is None, "nea-iked died")


def scenario_ttls(lab):
    lab.start_iked(eap="eap-ttls", extra="""charon {
  plugins {
    eap-ttls {
      phase2_method = md5
      phase2_tnc = no
    }
  }
}""")
    lab.start_charon(plugins=CHARON_PLUGINS + " eap-ttls", local_auth="eap-ttls")
    r = initiate(lab)
    check(r.returncode == 0, "swanctl --initiate failed:\n" + r.stdout + lab.log("iked.log")[-4000:])
    lab.wait_log("charon.log", r"CHILD_SA c\{\d+\} established")
    cl = lab.log("charon.log")
    check("EAP method EAP_TTLS succeeded, MSK established" in cl, "no EAP-TTLS success with MSK at charon")
    check("authentication of 'moon.nea.test' with EAP successful" in cl,
          "charon did not verify the gateway's MSK-based AUTH")
    check("installing new virtual IP 10.3.0.1" in cl, "charon got no virtual IP")
    g = lab.log("iked.log")
    for pat in [r"initiating EAP_TTLS method \(id 0x[0-9A-F]{2}\)",
                r"EAP method EAP_TTLS succeeded, MSK established",
                r"authentication of 'carol' with EAP successful",
                r"IKE_SA rw\[\d+\] established between",
                r"assigning virtual IP 10\.3\.0\.1 to peer 'carol'"]:
        check(re.search(pat, g), "nea-iked log lacks /%s/:\n%s" % (pat, g[-4000:]))


def scenario_ttls_wrongpw(lab):
    lab.start_iked(eap="eap-ttls", extra="""charon {
  plugins {
    eap-ttls {
      phase2_method = md5
      phase2_tnc = no
    }
  }
}""")
    lab.start_charon(plugins=CHARON_PLUGINS + " eap-ttls", local_auth="eap-ttls",
                     secret="not-the-password")
    r = initiate(lab)
    check(r.returncode != 0, "initiate succeeded with a wrong inner password")
    lab.wait_log("iked.log", r"EAP method EAP_TTLS failed for peer carol")
    lab.wait_log("charon.log", r"EAP_FAILURE")
    check("established between" not in lab.log("iked.log"), "an SA was established")


def scenario_ttls_cert(lab):
    """EAP-TTLS with a client certificate (request_peer_auth), no password."""
    lab.start_iked(eap="eap-ttls", extra="""charon {
  plugins {
    eap-ttls {
      request_peer_auth = yes
      phase2_tnc = no
    }
  }
}""")
    lab.start_charon(plugins=CHARON_PLUGINS + " eap-ttls", local_auth="eap-ttls",
                     local_extra="id = carol@nea.test\n      certs = carol.pem")
    r = initiate(lab)
    check(r.returncode == 0, "swanctl --initiate failed:\n" + r.stdout + lab.log("iked.log")[-4000:])
    lab.wait_log("charon.log", r"CHILD_SA c\{\d+\} established")
    g = lab.log("iked.log")
    for pat in [r"received TLS peer certificate 'C=CH, O=nea, CN=carol@nea\.test'",
                r"EAP method EAP_TTLS succeeded, MSK established",
                r"IKE_SA rw\[\d+\] established between .*\[carol@nea\.test\]",
                r"assigning virtual IP 10\.3\.0\.1 to peer 'carol@nea\.test'"]:
        check(re.search(pat, g), "nea-iked log lacks /%s/:\n%s" % (pat, g[-4000:]))


def scenario_frag(lab):
    """RFC 7383 both ways: EAP-TTLS messages above fragment_size."""
    lab.start_iked(eap="eap-ttls", extra="""charon {
  fragment_size = 576
  plugins {
    eap-ttls {
      phase2_method = md5
      phase2_tnc = no
    }
  }
}""")
    lab.start_charon(plugins=CHARON_PLUGINS + " eap-ttls", local_auth="eap-ttls", frag=200)
    r = initiate(lab)
    check(r.returncode == 0, "swanctl --initiate failed:\n" + r.stdout + lab.log("iked.log")[-4000:])
    lab.wait_log("charon.log", r"CHILD_SA c\{\d+\} established")
    g = lab.log("iked.log")
    check(re.search(r"splitting IKE message into \d+ fragments", g), "nea-iked sent no fragments")
    check(re.search(r"reassembled fragmented IKE message \(\d+ bytes\)", g),
          "nea-iked reassembled no fragments from charon")
    cl = lab.log("charon.log")
    check(re.search(r"reassembled fragmented IKE message", cl), "charon reassembled nothing")


# charon's eap-mschapv2 (Debian: libcharon-extauth-plugins; MD4 and DES come
# from the openssl plugin's legacy provider)
MSCHAPV2_PLUGIN = "/usr/lib/ipsec/plugins/libstrongswan-eap-mschapv2.so"
MSCHAP_PLUGINS = CHARON_PLUGINS + " eap-mschapv2"
TTLS_MSCHAP_PLUGINS = CHARON_PLUGINS + " eap-mschapv2 eap-ttls"
TTLS_MSCHAPV2 = """charon {
  plugins {
    eap-ttls {
      phase2_method = mschapv2
      phase2_tnc = no
    }
  }
}"""
# the same for charon as the EAP-TTLS server (inside its plugins section)
CHARON_TTLS_MSCHAPV2 = """    eap-ttls {
      phase2_method = mschapv2
      phase2_tnc = no
    }"""


def check_charon_client_up(lab, method):
    """charon (client) is up with nea-iked's MSK AUTH, VIP and CHILD_SA."""
    lab.wait_log("charon.log", r"CHILD_SA c\{\d+\} established")
    cl = lab.log("charon.log")
    check("EAP method %s succeeded, MSK established" % method in cl,
          "no %s success with MSK at charon:\n%s" % (method, cl[-3000:]))
    check("authentication of 'moon.nea.test' with EAP successful" in cl,
          "charon did not verify the gateway's MSK-based AUTH")
    check("installing new virtual IP 10.3.0.1" in cl, "charon got no virtual IP")
    check(re.search(r"CHILD_SA c\{\d+\} established with SPIs \w+_i \w+_o and TS 10\.3\.0\.1/32 === 10\.1\.0\.0/16", cl),
          "charon has no CHILD_SA 10.3.0.1/32 === 10.1.0.0/16")
    return cl


def scenario_mschapv2(lab):
    """EAP-MSCHAPv2 directly (RFC 2759 inside EAP): charon's peer against
    nea-iked's server; both derive the same MSK (else AUTH fails)."""
    lab.start_iked(eap="eap-mschapv2")
    lab.start_charon(plugins=MSCHAP_PLUGINS, local_auth="eap-mschapv2")
    r = initiate(lab)
    check(r.returncode == 0, "swanctl --initiate failed:\n" + r.stdout + lab.log("iked.log")[-4000:])
    check_charon_client_up(lab, "EAP_MSCHAPV2")
    g = lab.log("iked.log")
    for pat in [r"received EAP identity 'carol'",
                r"initiating EAP_MSCHAPV2 method \(id 0x[0-9A-F]{2}\)",
                r"EAP method EAP_MSCHAPV2 succeeded, MSK established",
                r"authentication of 'carol' with EAP successful",
                r"IKE_SA rw\[\d+\] established between 127\.0\.0\.1\[moon\.nea\.test\]\.\.\.127\.0\.0\.1\[carol\]",
                r"assigning virtual IP 10\.3\.0\.1 to peer 'carol'",
                r"CHILD_SA net\{\d+\} established with SPIs \w+_i \w+_o and TS 10\.1\.0\.0/16 === 10\.3\.0\.1/32"]:
        check(re.search(pat, g), "nea-iked log lacks /%s/:\n%s" % (pat, g[-4000:]))


def scenario_mschapv2_wrongpw(lab):
    lab.start_iked(eap="eap-mschapv2")
    lab.start_charon(plugins=MSCHAP_PLUGINS, local_auth="eap-mschapv2", secret="not-the-password")
    r = initiate(lab)
    check(r.returncode != 0, "initiate succeeded with a wrong password")
    lab.wait_log("iked.log", r"EAP method EAP_MSCHAPV2 failed for peer carol")
    lab.wait_log("charon.log", r"EAP_FAILURE|EAP-MS-CHAPv2 failed")
    check("established between" not in lab.log("iked.log"), "an SA was established")
    check(lab.iked.poll() is None, "nea-iked died")


def scenario_ttls_mschapv2(lab):
    """EAP-TTLS with phase-2 EAP-MSCHAPv2 (nea's phase2_method = mschapv2)."""
    lab.start_iked(eap="eap-ttls", extra=TTLS_MSCHAPV2)
    lab.start_charon(plugins=TTLS_MSCHAP_PLUGINS, local_auth="eap-ttls")
    r = initiate(lab)
    check(r.returncode == 0, "swanctl --initiate failed:\n" + r.stdout + lab.log("iked.log")[-4000:])
    cl = check_charon_client_up(lab, "EAP_TTLS")
    check("server requested EAP_MSCHAPV2 authentication" in cl,
          "charon's TTLS peer was not asked for MSCHAPv2:\n" + cl[-3000:])
    g = lab.log("iked.log")
    for pat in [r"initiating EAP_TTLS method \(id 0x[0-9A-F]{2}\)",
                r"phase2 method EAP_MSCHAPV2 selected",
                r"received tunneled EAP-TTLS AVP \[EAP/RES/MSCHAPV2\]",
                r"EAP_TTLS phase2 authentication of 'carol' with EAP_MSCHAPV2 successful",
                r"EAP method EAP_TTLS succeeded, MSK established",
                r"IKE_SA rw\[\d+\] established between",
                r"assigning virtual IP 10\.3\.0\.1 to peer 'carol'"]:
        check(re.search(pat, g), "nea-iked log lacks /%s/:\n%s" % (pat, g[-4000:]))


def scenario_ttls_mschapv2_wrongpw(lab):
    lab.start_iked(eap="eap-ttls", extra=TTLS_MSCHAPV2)
    lab.start_charon(plugins=TTLS_MSCHAP_PLUGINS, local_auth="eap-ttls", secret="not-the-password")
    r = initiate(lab)
    check(r.returncode != 0, "initiate succeeded with a wrong inner password")
    lab.wait_log("iked.log", r"EAP_MSCHAPV2 method failed")
    lab.wait_log("iked.log", r"EAP method EAP_TTLS failed for peer carol")
    lab.wait_log("charon.log", r"EAP_FAILURE")
    check("established between" not in lab.log("iked.log"), "an SA was established")
    check("EAP_TTLS phase2 authentication of 'carol' with EAP_MSCHAPV2 successful"
          not in lab.log("iked.log"), "phase 2 succeeded with a wrong password")
    check(lab.iked.poll() is None, "nea-iked died")


def scenario_initiator_mschapv2(lab):
    charon_gateway(lab, eap="eap-mschapv2", plugins=MSCHAP_PLUGINS)
    iked_client(lab, eap="eap-mschapv2")
    lab.wait_log("iked.log", r"IKE_SA gw\[\d+\] established between 127\.0\.0\.1\[carol\]\.\.\.127\.0\.0\.1\[moon\.nea\.test\]")
    lab.wait_log("iked.log", r"received virtual IP 10\.4\.0\.1")
    lab.wait_log("iked.log", r"CHILD_SA c\{\d+\} established with SPIs \w+_i \w+_o and TS 10\.4\.0\.1/32 === 10\.1\.0\.0/16")
    lab.wait_log("charon.log", r"CHILD_SA net\{\d+\} established")
    g = lab.log("iked.log")
    check(re.search(r"server requested EAP_MSCHAPV2 authentication \(id 0x[0-9A-F]{2}\)", g),
          "charon did not request MSCHAPv2:\n" + g[-3000:])
    check("EAP method EAP_MSCHAPV2 succeeded, MSK established" in g, "no EAP-MSCHAPv2 success with MSK")
    cl = lab.log("charon.log")
    check("EAP method EAP_MSCHAPV2 succeeded, MSK established" in cl, "charon: no MSCHAPv2 success")
    check("authentication of 'carol' with EAP successful" in cl, "charon did not verify our MSK AUTH")


def scenario_initiator_ttls_mschapv2(lab):
    charon_gateway(lab, eap="eap-ttls", plugins=TTLS_MSCHAP_PLUGINS, plugin_extra=CHARON_TTLS_MSCHAPV2)
    iked_client(lab, eap="eap-ttls")
    lab.wait_log("iked.log", r"IKE_SA gw\[\d+\] established between")
    lab.wait_log("iked.log", r"CHILD_SA c\{\d+\} established with SPIs .* and TS 10\.4\.0\.1/32 === 10\.1\.0\.0/16")
    lab.wait_log("charon.log", r"CHILD_SA net\{\d+\} established")
    g = lab.log("iked.log")
    check(re.search(r"server requested EAP_MSCHAPV2 authentication", g),
          "charon's TTLS server did not run MSCHAPv2 in phase 2:\n" + g[-3000:])
    check("EAP method EAP_TTLS succeeded, MSK established" in g, "no EAP-TTLS success with MSK")
    cl = lab.log("charon.log")
    check("EAP method EAP_TTLS succeeded, MSK established" in cl, "charon: no EAP-TTLS success")


def scenario_initiator_ttls_mschapv2_wrongpw(lab):
    charon_gateway(lab, eap="eap-ttls", plugins=TTLS_MSCHAP_PLUGINS, plugin_extra=CHARON_TTLS_MSCHAPV2)
    iked_client(lab, eap="eap-ttls", secret="not-the-password")
    # charon's server answers the wrong NT-Response with a retryable
    # MSCHAPv2 Failure Request (E=691 R=1) inside the tunnel; nea's peer, as
    # charon's own, does not retry and ends the IKE_SA
    lab.wait_log("charon.log", r"EAP-MS-CHAPv2 verification failed")
    lab.wait_log("iked.log", r"EAP_MSCHAPV2 method failed")
    lab.wait_log("iked.log", r"establishing IKE_SA gw\[\d+\] failed: EAP authentication failed")
    check("established between" not in lab.log("iked.log"), "established with a wrong password")
    check("EAP method EAP_TTLS succeeded" not in lab.log("charon.log"), "charon's TTLS succeeded")
    check(lab.iked.poll() is None, "nea-iked died")


def scenario_garbage(lab):
    lab.start_iked()
    hdr = lambda spi_i, spi_r, nxt, exch, flags, mid, length: struct.pack(
        "!8s8sBBBBII", spi_i, spi_r, nxt, 0x20, exch, flags, mid, length)
    lab.send_udp(b"\x01\x02\x03\x04\x05", marker=False)                 # ESP-like, no marker
    lab.wait_log("iked.log", r"datagram of 5 bytes from 127\.0\.0\.1\[\d+\] without Non-ESP marker, dropped")
    lab.send_udp(b"\x01\x02\x03")                                   # shorter than a header
    lab.wait_log("iked.log", r"invalid IKE header from 127\.0\.0\.1\[\d+\]")
    lab.send_udp(hdr(b"A" * 8, b"B" * 8, 46, 35, 0x08, 1, 28))        # unknown SPI
    lab.wait_log("iked.log", r"no IKE_SA found for IKE_AUTH request 1")
    lab.send_udp(hdr(b"A" * 8, b"\0" * 8, 33, 34, 0x08, 0, 60) + b"\x00" * 32)  # SA payload garbage
    lab.wait_log("iked.log", r"could not parse IKE_SA_INIT request from")
    bad_len = hdr(b"C" * 8, b"\0" * 8, 0, 34, 0x08, 0, 4000)          # length beyond datagram
    lab.send_udp(bad_len)
    lab.wait_log("iked.log", r"invalid IKE header from .*\n(.*\n)*.*invalid IKE header from")
    check(lab.iked.poll() is None, "nea-iked died on garbage")
    check("IKE_SA rw[" not in lab.log("iked.log"), "garbage created IKE_SA state")
    lab.start_charon()
    r = initiate(lab)
    check(r.returncode == 0, "initiate after garbage failed:\n" + r.stdout)


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    if os.geteuid() != 0:
        skip("needs root for ip netns")
    for p in [CHARON, SWANCTL, "/usr/lib/ipsec/plugins/libstrongswan-eap-md5.so"]:
        if not os.path.exists(p):
            skip("%s not installed" % p)
    if not BIN or not os.path.exists(os.path.join(BIN, "nea-iked")):
        skip("NEA_BIN_DIR has no nea-iked")
    if shutil.which("ip") is None or shutil.which("openssl") is None:
        skip("needs iproute2 and openssl")
    scen = {"md5": scenario_md5, "wrongpw": scenario_wrongpw, "garbage": scenario_garbage,
            "ttls": scenario_ttls, "ttls_wrongpw": scenario_ttls_wrongpw, "frag": scenario_frag,
            "ttls_cert": scenario_ttls_cert, "initiator_md5": scenario_initiator_md5,
            "initiator_ttls": scenario_initiator_ttls,
            "initiator_wrongpw": scenario_initiator_wrongpw, "eaponly": scenario_eaponly,
            "initiator_eaponly": scenario_initiator_eaponly, "kernel": scenario_kernel,
            "reload": scenario_reload, "rekey": scenario_rekey,
            "ike_rekey": scenario_ike_rekey, "initiator_rekey": scenario_initiator_rekey,
            "mschapv2": scenario_mschapv2, "mschapv2_wrongpw": scenario_mschapv2_wrongpw,
            "ttls_mschapv2": scenario_ttls_mschapv2,
            "ttls_mschapv2_wrongpw": scenario_ttls_mschapv2_wrongpw,
            "initiator_mschapv2": scenario_initiator_mschapv2,
            "initiator_ttls_mschapv2": scenario_initiator_ttls_mschapv2,
            "initiator_ttls_mschapv2_wrongpw": scenario_initiator_ttls_mschapv2_wrongpw}
    fn = scen.get(sys.argv[1])
    if not fn:
        print(__doc__)
        return 2
    if "mschapv2" in sys.argv[1] and not os.path.exists(MSCHAPV2_PLUGIN):
        skip("%s not installed (libcharon-extauth-plugins)" % MSCHAPV2_PLUGIN)
    lab = Lab(keep="--keep" in sys.argv)
    ok = False
    try:
        fn(lab)
        ok = True
        print("PASS " + sys.argv[1])
        return 0
    except Failure as e:
        print("FAIL %s: %s" % (sys.argv[1], e))
        return 1
    finally:
        lab.close(ok)


if __name__ == "__main__":
    sys.exit(main())
