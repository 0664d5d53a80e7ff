#!/usr/bin/env python3
"""The seed's VPN flow nea to nea: an nea endpoint (nea-iked as IKE
initiator, PT-EAP answered by the client broker and a real nea-imcd)
connects to an nea gateway (nea-master with nea-policyd, nea-brokerd,
nea-imvd and nea-iked as responder), all from $NEA_BIN_DIR on 127.0.0.1.

    test_ike_nea.py seed|crash

The gateway uses the example configuration (deploy/examples: the "tnc"
connection, EAP-only server authentication with EAP-TTLS as in the seed,
EAP-MD5 for 'jane' inside, PT-EAP). The endpoint's IMCs read a fixture tree
(tests/unit/imc/fixtures/debian12) whose /proc/net lists one open TCP port:

  1. the policy forbids open ports: the gateway logs a 'no access' verdict
     naming jane and the reason, sends EAP-Failure, no IKE_SA;
  2. the operator allows that port (nea policy/enforcement commands): the
     tunnel comes up with a virtual IP from rw_pool and a CHILD_SA.
crash: nea-brokerd, then nea-imvd killed (SIGKILL): nea-master restarts
them, nea-iked keeps its pid and reconnects, the endpoint is still
assessed and refused (fail safe or for real, never let in by accident).

The endpoint's second CDATA batch (the fixture's installed packages, many
KiB) is larger than one EAP-TTLS message (fragment_size 1024) and crosses
in several round trips.
"""
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pttls"))
import harness  # noqa: E402
from harness import check, Failure  # noqa: E402

BIN = harness.BIN
JANE = harness.JANE


def free_udp_ports(n):
    socks, ports = [], []
    for _ in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))
        socks.append(s)
        ports.append(s.getsockname()[1])
    for s in socks:
        s.close()
    return ports


def gateway(gw_port, natt):
    s = harness.Server(prefix="nea-ike-nea-", overrides={"iked": "yes"},
                       log={"ike": "1", "tnc": "1"})
    d = s.dir
    # swanctl's folders next to swanctl.conf, from the example PKI
    for sub, src in [("x509", "serverCert.pem"), ("x509ca", "caCert.pem"), ("private", "serverKey.pem")]:
        os.makedirs(os.path.join(d, sub), exist_ok=True)
        shutil.copy(os.path.join(d, "pki", src), os.path.join(d, sub, src))
    with open(s.conf, "a") as f:
        f.write("""
nea {
	ike {
		address = 127.0.0.1
		port = %d
		port_nat_t = %d
		kernel = no
	}
}
charon {
	plugins {
		eap-ttls {
			phase2_method = md5
			phase2_tnc = yes
			max_message_count = 0
		}
		eap-tnc {
			max_message_count = 0
		}
	}
}
""" % (gw_port, natt))
    return s


def client_files(s, dev, root, gw_port, ports):
    d = os.path.join(s.dir, "client")
    os.makedirs(os.path.join(d, "x509ca"), exist_ok=True)
    shutil.copy(os.path.join(s.dir, "pki", "caCert.pem"), os.path.join(d, "x509ca", "caCert.pem"))
    with open(os.path.join(d, "swanctl.conf"), "w") as f:
        f.write("""connections {
  gw {
    version = 2
    remote_addrs = 127.0.0.1
    remote_port = %d
    proposals = aes256-sha256-x25519
    vips = 0.0.0.0
    local {
      auth = eap-ttls
      id = %s
    }
    remote {
      auth = eap-ttls
      id = server.strongswan.org
    }
    children {
      tnc {
        remote_ts = 10.1.0.0/24
        esp_proposals = aes256gcm128-chacha20poly1305-x25519
        start_action = start
      }
    }
  }
}
secrets {
  eap-jane {
    id = %s
    secret = %s
  }
}
""" % (gw_port, JANE[0], JANE[0], JANE[1]))
    extra = ("\trundir = client/run\n\tswanctl = client/swanctl.conf\n"
             "\tike {\n\t\taddress = 127.0.0.1\n\t\tport = %d\n\t\tport_nat_t = %d\n\t\tkernel = no\n"
             "\t\tclient {\n\t\t\timcd_config = %s\n\t\t\timcd = %s\n\t\t}\n\t}\n"
             % (ports[0], ports[1], os.path.join(s.dir, "client.conf"), os.path.join(BIN, "nea-imcd")))
    conf = s.client_conf("client.conf", dev, root, extra=extra)
    with open(conf, "a") as f:
        f.write("charon {\n\tplugins {\n\t\teap-ttls {\n\t\t\tmax_message_count = 0\n\t\t}\n"
                "\t\teap-tnc {\n\t\t\tmax_message_count = 0\n\t\t}\n\t}\n}\n")
    return conf


def endpoint(s, conf, pattern, deadline=120):
    """Run the endpoint's nea-iked until its log matches pattern; its log."""
    logpath = os.path.join(s.dir, "client-%d.log" % time.monotonic_ns())
    with open(logpath, "w") as lf:
        p = subprocess.Popen([os.path.join(BIN, "nea-iked"), "--config", conf, "--foreground"],
                             cwd=s.dir, stdout=lf, stderr=subprocess.STDOUT)
    end = time.monotonic() + deadline
    try:
        while True:
            with open(logpath, errors="replace") as f:
                text = f.read()
            if re.search(pattern, text):
                return text
            check(p.poll() is None, "endpoint nea-iked exited\n" + text[-4000:])
            if time.monotonic() > end:
                raise Failure("endpoint: no /%s/\n%s\n--- gateway ---\n%s"
                              % (pattern, text[-4000:], s.log()[-4000:]))
            time.sleep(0.2)
    finally:
        p.terminate()
        try:
            p.wait(15)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def seed_flow():
    gw_port, natt, c1, c2 = free_udp_ports(4)
    s = gateway(gw_port, natt)
    try:
        s.start()
        s.wait_log(r"IKE listening on UDP ports %d and %d" % (gw_port, natt))
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("0.0.0.0", 0))
        port = listener.getsockname()[1]
        root = harness.fake_root(s.dir, [port])
        conf = client_files(s, "%032x" % random.getrandbits(128), root, gw_port, (c1, c2))

        # 1. no access: EAP-Failure, no tunnel
        text = endpoint(s, conf, r"establishing IKE_SA gw\[\d+\] failed|IKE_SA gw\[\d+\] established")
        check(re.search(r"establishing IKE_SA gw\[\d+\] failed: EAP authentication failed", text),
              "the endpoint was let in with an open port\n" + text[-4000:])
        check("EAP-only authentication of the gateway (RFC 5998)" in text, "not EAP-only\n" + text)
        check(re.search(r"TNC assessment started with [1-9]\d* IMC\(s\)", text), "no IMCs\n" + text)
        sizes = [int(n) for n in re.findall(r"sending PB-TNC CDATA batch \((\d+) bytes\)", text)]
        check(sizes and max(sizes) > 1024, "no CDATA batch above one EAP-TTLS fragment: %r" % sizes)
        check(re.search(r"the gateway's TNC recommendation for us is 'no access'", text),
              "the endpoint did not learn 'no access'\n" + text[-3000:])
        m = s.wait_log(r"IKE_SA tnc\[\d+\]: TNC verdict for peer 'jane': no access \(reason '([^']*)'")
        check("Open server ports" in m.group(1), "reason: %r" % m.group(1))
        s.wait_log(r"EAP method EAP_TTLS failed for peer jane")
        check(not re.search(r"IKE_SA tnc\[\d+\] established", s.log()), "gateway established an IKE_SA")

        # 2. the operator allows the port: tunnel with a virtual IP
        name = "TCP %d" % port
        s.nea("policy", "add", name, "--type", "TCPOP", "--argument", str(port))
        s.nea("enforcement", "delete", "No Open TCP Ports", "Default")
        s.nea("enforcement", "add", name, "Default")
        text = endpoint(s, conf, r"CHILD_SA tnc\{\d+\} established|establishing IKE_SA gw\[\d+\] failed")
        check(re.search(r"IKE_SA gw\[\d+\] established between 127\.0\.0\.1\[jane\]\.\.\."
                        r"127\.0\.0\.1\[server\.strongswan\.org\]", text), "no IKE_SA\n" + text[-4000:])
        check(re.search(r"received virtual IP 10\.3\.0\.\d+", text), "no virtual IP\n" + text)
        check(re.search(r"the gateway's TNC recommendation for us is 'allow'", text), text[-3000:])
        check(re.search(r"CHILD_SA tnc\{\d+\} established with SPIs \w+_i \w+_o and TS "
                        r"10\.3\.0\.\d+/32 === 10\.1\.0\.0/24", text), "no CHILD_SA\n" + text[-3000:])
        s.wait_log(r"IKE_SA tnc\[\d+\]: TNC verdict for peer 'jane': allow")
        s.wait_log(r"IKE_SA tnc\[\d+\] established between 127\.0\.0\.1\[server\.strongswan\.org\]"
                   r"\.\.\.127\.0\.0\.1\[jane\]")
        s.wait_log(r"assigning virtual IP 10\.3\.0\.\d+ to peer 'jane'")
        listener.close()
    finally:
        s.stop()
        s.cleanup()


def crash_flow():
    """A killed nea-brokerd or nea-imvd never takes nea-iked down; the
    endpoint's next attempt is assessed (fail-safe or for real) and refused
    with EAP-Failure while the port is open."""
    import signal
    gw_port, natt, c1, c2 = free_udp_ports(4)
    s = gateway(gw_port, natt)
    try:
        s.start()
        s.wait_log(r"IKE listening on UDP ports %d and %d" % (gw_port, natt))
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("0.0.0.0", 0))
        root = harness.fake_root(s.dir, [listener.getsockname()[1]])
        conf = client_files(s, "%032x" % random.getrandbits(128), root, gw_port, (c1, c2))
        before = s.pids()
        for victim in ["brokerd", "imvd"]:
            os.kill(before[victim], signal.SIGKILL)
            s.wait_for("nea-%s restarted" % victim,
                       lambda rc, d, v=victim: v in d and d[v]["healthy"] == "1"
                       and d[v]["pid"] != str(before[v]))
            s.wait_healthy()
            text = endpoint(s, conf, r"establishing IKE_SA gw\[\d+\] failed|IKE_SA gw\[\d+\] established")
            check(re.search(r"establishing IKE_SA gw\[\d+\] failed: EAP authentication failed", text),
                  "after killing nea-%s the endpoint got in\n%s" % (victim, text[-3000:]))
            after = s.pids()
            check(after["iked"] == before["iked"], "nea-iked was restarted after nea-%s died" % victim)
        s.wait_log(r"lost nea-brokerd")
        listener.close()
    finally:
        s.stop()
        s.cleanup()


def main():
    flows = {"seed": seed_flow, "crash": crash_flow}
    if len(sys.argv) != 2 or sys.argv[1] not in flows:
        print(__doc__)
        return 2
    if not BIN or not os.path.exists(os.path.join(BIN, "nea-master")):
        print("SKIP: NEA_BIN_DIR has no nea-master")
        return 77
    try:
        flows[sys.argv[1]]()
    except Failure as e:
        print("FAIL %s: %s" % (sys.argv[1], e))
        return 1
    print("PASS " + sys.argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
