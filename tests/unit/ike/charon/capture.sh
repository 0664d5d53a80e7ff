#!/bin/sh
# Capture the interop vectors of test_ike_charon.c: two strongSwan charons
# (A initiator with EAP-MD5 as 'jane', B responder with a PSK) in network
# namespaces neaA/neaB on a veth pair 10.99.0.1 <-> 10.99.0.2, logging IKE,
# ENC and NET at level 4 (packets and derived keys). Needs root, iproute2,
# unshare and Debian's strongswan-charon/-swanctl/libcharon-extra-plugins.
#   sh capture.sh [FRAGMENT_SIZE]     (200 splits the first IKE_AUTH request)
#   python3 extract.py $D/A/charon.log $D/B/charon.log > ../charon_vectors.h
#   sh teardown.sh
set -e
D=${NEA_CAPTURE_DIR:-/tmp/nea-ike-capture}
FRAG=${1:-1280}
for n in A B; do
  mkdir -p $D/$n
  cat > $D/$n/strongswan.conf <<EOC
charon {
  load = random nonce kdf aes md5 sha1 sha2 hmac gmp pem pkcs1 x509 pubkey kernel-netlink socket-default vici eap-identity eap-md5
  fragment_size = $FRAG
  install_routes = no
  install_virtual_ip = no
  filelog {
    nea {
      path = $D/$n/charon.log
      default = 1
      ike = 4
      enc = 4
      net = 4
      cfg = 1
      knl = 0
      lib = 1
    }
  }
  plugins {
    vici {
      socket = unix://$D/$n/vici
    }
  }
}
EOC
  rm -f $D/$n/charon.log
done
cat > $D/A/swanctl.conf <<EOC
connections {
  t {
    version = 2
    local_addrs = 10.99.0.1
    remote_addrs = 10.99.0.2
    proposals = aes256-sha256-modp2048
    fragmentation = yes
    local {
      auth = eap-md5
      id = jane
    }
    remote {
      auth = psk
      id = server.nea.test
    }
    children {
      c {
        esp_proposals = aes128-sha256
        local_ts = 10.99.0.1/32
        remote_ts = 10.99.0.2/32
      }
    }
  }
}
secrets {
  eap-jane { id = jane
    secret = 3s9RFGdWE5EW }
  ike-srv { id = server.nea.test
    secret = nea-psk-for-tests }
}
EOC
cat > $D/B/swanctl.conf <<EOC
connections {
  t {
    version = 2
    local_addrs = 10.99.0.2
    proposals = aes256-sha256-modp2048
    fragmentation = yes
    local {
      auth = psk
      id = server.nea.test
    }
    remote {
      auth = eap-md5
      eap_id = %any
    }
    children {
      c {
        esp_proposals = aes128-sha256
        local_ts = 10.99.0.2/32
        remote_ts = 10.99.0.1/32
      }
    }
  }
}
secrets {
  eap-jane { id = jane
    secret = 3s9RFGdWE5EW }
  ike-srv { id = server.nea.test
    secret = nea-psk-for-tests }
}
EOC
ip netns add neaA; ip netns add neaB
ip link add neaVA type veth peer name neaVB
ip link set neaVA netns neaA; ip link set neaVB netns neaB
ip -n neaA addr add 10.99.0.1/24 dev neaVA; ip -n neaB addr add 10.99.0.2/24 dev neaVB
ip -n neaA link set neaVA up; ip -n neaB link set neaVB up
ip -n neaA link set lo up; ip -n neaB link set lo up
for n in A B; do
  ip netns exec nea$n unshare -m sh -c "mount -t tmpfs none /run && STRONGSWAN_CONF=$D/$n/strongswan.conf exec /usr/lib/ipsec/charon" > $D/$n/stdout 2>&1 &
  echo $! > $D/$n/pid
done
sleep 2
for n in A B; do
  ip netns exec nea$n swanctl --load-all --file $D/$n/swanctl.conf -u unix://$D/$n/vici 2>&1 | tail -2
done
ip netns exec neaA swanctl --initiate --child c -u unix://$D/A/vici 2>&1 | tail -5
