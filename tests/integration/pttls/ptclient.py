"""A PT-TLS (RFC 6876) test client in Python: TLS with the example CA,
PT-TLS messages built and read byte by byte as strongSwan 5.9.14's
pt-tls-client does (ref. ../shared/spec/PROTOCOLS.md section 1), so the
scenarios can replay captured PB-TNC batches and send malformed input.
"""
import socket
import ssl
import struct

# PT-TLS message types (IETF namespace)
VERSION_REQUEST, VERSION_RESPONSE, SASL_MECHS, SASL_SELECT, SASL_AUTH, SASL_RESULT, PB_TNC_BATCH, ERROR = \
    1, 2, 3, 4, 5, 6, 7, 8
ERROR_NAMES = {1: "Malformed Message", 2: "Version Not Supported", 3: "Type Not Supported",
               4: "Invalid Message", 5: "SASL Mechanism Error", 6: "Invalid Parameter"}


class PtError(Exception):
    pass


class PtClient:
    def __init__(self, port, cacert, host="127.0.0.1", cert=None, key=None, timeout=60):
        ctx = ssl.create_default_context(cafile=cacert)
        if cert:
            ctx.load_cert_chain(cert, key)
        raw = socket.create_connection((host, port), timeout=timeout)
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock = ctx.wrap_socket(raw, server_hostname=host)
        self.ident = 0
        self.buf = b""

    # ------------------------------------------------------------- framing
    def send_raw(self, data):
        self.sock.sendall(data)

    def send(self, mtype, value, vendor=0):
        hdr = struct.pack("!I I I I", vendor & 0xffffff, mtype, 16 + len(value), self.ident)
        self.ident += 1
        self.send_raw(hdr + value)

    def _fill(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("server closed the connection")
            self.buf += chunk

    def recv(self):
        """(vendor, type, identifier, value)"""
        self._fill(16)
        vendor, mtype, length, ident = struct.unpack("!I I I I", self.buf[:16])
        if length < 16:
            raise PtError("server sent a PT-TLS message of length %d" % length)
        self._fill(length)
        value = self.buf[16:length]
        self.buf = self.buf[length:]
        return vendor & 0xffffff, mtype, ident, value

    def closed(self):
        """True once the server ends the connection (close notify or FIN)
        with nothing else to read."""
        try:
            chunk = self.sock.recv(65536)
        except (ssl.SSLError, ConnectionResetError, OSError):
            return True
        if chunk:
            self.buf += chunk
            return False
        return True

    # ------------------------------------------------------------- phases
    def negotiate(self):
        self.send(VERSION_REQUEST, b"\x00\x01\x01\x01")
        v, t, _, val = self.recv()
        if (v, t, val) != (0, VERSION_RESPONSE, b"\x00\x00\x00\x01"):
            raise PtError("unexpected answer to Version Request: %r" % ((v, t, val),))

    def mechanisms(self):
        v, t, _, val = self.recv()
        if (v, t) != (0, SASL_MECHS):
            raise PtError("expected SASL Mechanisms, got %r" % ((v, t, val),))
        mechs, i = [], 0
        while i < len(val):
            n = val[i] & 0x1f
            mechs.append(val[i + 1:i + 1 + n].decode())
            i += 1 + n
        return mechs

    def sasl_plain(self, user, password):
        """Returns the SASL result code (0 success); on success the empty
        SASL Mechanisms that ends authentication has been read too."""
        mechs = self.mechanisms()
        if "PLAIN" not in mechs:
            raise PtError("server offers no PLAIN: %r" % mechs)
        self.send(SASL_SELECT, b"\x05PLAIN" + b"\x00" + user.encode() + b"\x00" + password.encode())
        v, t, _, val = self.recv()
        if (v, t) != (0, SASL_RESULT) or len(val) < 1:
            raise PtError("expected SASL Result, got %r" % ((v, t, val),))
        if val[0] == 0:
            if self.mechanisms() != []:
                raise PtError("authentication did not end with an empty SASL Mechanisms")
        return val[0]

    def login(self, user, password):
        self.negotiate()
        rc = self.sasl_plain(user, password)
        if rc != 0:
            raise PtError("SASL PLAIN refused (result %d)" % rc)

    def batch(self, data):
        """Send one PB-TNC batch, return the server's next batch."""
        self.send(PB_TNC_BATCH, data)
        return self.recv_batch()

    def recv_batch(self):
        v, t, _, val = self.recv()
        if (v, t) == (0, ERROR):
            raise PtError("server sent PT-TLS error %s" % error_name(val))
        if (v, t) != (0, PB_TNC_BATCH):
            raise PtError("expected a PB-TNC batch, got %r" % ((v, t, val[:32]),))
        return val

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def error_name(val):
    if len(val) < 8:
        return "(short error %r)" % val
    code = struct.unpack("!I", val[4:8])[0]
    return ERROR_NAMES.get(code, "code %d" % code)


# ------------------------------------------------------------------ PB-TNC
BATCH_TYPES = {1: "CDATA", 2: "SDATA", 3: "RESULT", 4: "CRETRY", 5: "SRETRY", 6: "CLOSE"}
CLOSE_BATCH = bytes.fromhex("0200000600000008")


def pb_messages(batch):
    """(batch type name, [(flags, vendor, type, value)]) of a PB-TNC batch."""
    if len(batch) < 8 or batch[0] != 2:
        raise PtError("not a PB-TNC batch: %r" % batch[:8])
    btype = BATCH_TYPES.get(batch[3] & 0x0f, "type %d" % (batch[3] & 0x0f))
    (blen,) = struct.unpack("!I", batch[4:8])
    if blen != len(batch):
        raise PtError("batch length %d but %d bytes" % (blen, len(batch)))
    out, i = [], 8
    while i < len(batch):
        flags = batch[i]
        vendor = struct.unpack("!I", b"\x00" + batch[i + 1:i + 4])[0]
        mtype, mlen = struct.unpack("!I I", batch[i + 4:i + 12])
        if mlen < 12 or i + mlen > len(batch):
            raise PtError("bad PB-TNC message length %d at %d" % (mlen, i))
        out.append((flags, vendor, mtype, batch[i + 12:i + mlen]))
        i += mlen
    return btype, out


def pa_attributes(pbpa_value):
    """PA subtype (vendor, subtype) and [(vendor, type, value)] of a PB-PA."""
    pa_vendor = struct.unpack("!I", b"\x00" + pbpa_value[1:4])[0]
    pa_subtype = struct.unpack("!I", pbpa_value[4:8])[0]
    body = pbpa_value[12:]
    attrs, i = [], 8                       # PA-TNC header: version, reserved, id
    while i + 12 <= len(body):
        vendor = struct.unpack("!I", b"\x00" + body[i + 1:i + 4])[0]
        atype, alen = struct.unpack("!I I", body[i + 4:i + 12])
        attrs.append((vendor, atype, body[i + 12:i + alen]))
        i += alen
    return (pa_vendor, pa_subtype), attrs
