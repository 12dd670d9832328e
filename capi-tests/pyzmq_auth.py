"""pyzmq's own ZAP authenticator (zmq.auth.thread.ThreadAuthenticator) over
the libzmq.so.5 the loader picked.

Run by test_pyzmq_auth.sh (through test_pyzmq.sh) with /usr/bin/python3.
argv[1] is the libzmq version expected, argv[2] the directory the loaded
libzmq.so.5 must come from. Allow and deny by address (NULL
with a ZAP domain), PLAIN passwords, CURVE allow-any and by key (keys made
by zmq.auth.create_certificates), and the User-Id each connection gets.
Every check raises on failure; waits are bounded by RCVTIMEO and monitor
timeouts, nothing sleeps to synchronise.
"""

import os
import shutil
import sys
import tempfile

import zmq
import zmq.auth
from zmq.auth.thread import ThreadAuthenticator
from zmq.utils.monitor import recv_monitor_message

from pyzmq_roundtrip import TIMEOUT_MS, check, loaded_libzmq


def handshake_event(mon):
    """The next handshake outcome on a server's monitor: (event, value)."""
    wanted = (zmq.EVENT_HANDSHAKE_SUCCEEDED, zmq.EVENT_HANDSHAKE_FAILED_AUTH,
              zmq.EVENT_HANDSHAKE_FAILED_NO_DETAIL,
              zmq.EVENT_HANDSHAKE_FAILED_PROTOCOL)
    while True:
        ev = recv_monitor_message(mon)  # raises zmq.Again after RCVTIMEO
        if ev["event"] in wanted:
            return ev["event"], ev["value"]


class Server:
    """A PULL server with a monitor, configured by setup(socket)."""

    def __init__(self, ctx, setup):
        self.sock = ctx.socket(zmq.PULL)
        self.sock.linger = 0
        self.sock.rcvtimeo = TIMEOUT_MS
        setup(self.sock)
        self.mon = self.sock.get_monitor_socket()
        self.mon.rcvtimeo = TIMEOUT_MS
        port = self.sock.bind_to_random_port("tcp://127.0.0.1")
        self.endpoint = "tcp://127.0.0.1:%d" % port

    def client(self, ctx, setup):
        c = ctx.socket(zmq.PUSH)
        c.linger = 0
        setup(c)
        c.connect(self.endpoint)
        return c

    def expect_served(self, client, user_id):
        check(handshake_event(self.mon) == (zmq.EVENT_HANDSHAKE_SUCCEEDED, 0),
              "handshake succeeded")
        client.send(b"hello")
        frame = self.sock.recv(copy=False)
        check(frame.bytes == b"hello", "message delivered")
        got = frame.get("User-Id")
        check(got == user_id, "User-Id %r, expected %r" % (got, user_id))

    def expect_refused(self, client):
        client.send(b"refused", zmq.NOBLOCK)
        check(handshake_event(self.mon) == (zmq.EVENT_HANDSHAKE_FAILED_AUTH, 400),
              "handshake refused with 400")
        check(self.sock.poll(100) == 0, "nothing delivered")

    def close(self):
        self.sock.disable_monitor()
        self.mon.close()
        self.sock.close()


def with_auth(test):
    """Runs test(ctx, auth) with a fresh context and authenticator."""
    ctx = zmq.Context()
    auth = ThreadAuthenticator(ctx)
    auth.start()
    try:
        test(ctx, auth)
    finally:
        auth.stop()
        ctx.term()


def null_domain(s):
    s.zap_domain = b"global"


def address_allowed(ctx, auth):
    auth.allow("127.0.0.1")
    server = Server(ctx, null_domain)
    client = server.client(ctx, lambda s: None)
    server.expect_served(client, "anonymous")
    client.close()
    server.close()


def address_not_allowed(ctx, auth):
    auth.allow("192.0.2.1")
    server = Server(ctx, null_domain)
    client = server.client(ctx, lambda s: None)
    server.expect_refused(client)
    client.close()
    server.close()


def address_denied(ctx, auth):
    auth.deny("127.0.0.1")
    server = Server(ctx, null_domain)
    client = server.client(ctx, lambda s: None)
    server.expect_refused(client)
    client.close()
    server.close()


def plain_passwords(ctx, auth):
    auth.configure_plain(domain="*", passwords={"admin": "secret"})

    def plain_server(s):
        s.plain_server = True

    def user(name, password):
        def setup(s):
            s.plain_username = name.encode()
            s.plain_password = password.encode()
        return setup

    server = Server(ctx, plain_server)
    good = server.client(ctx, user("admin", "secret"))
    server.expect_served(good, "admin")
    bad = server.client(ctx, user("admin", "wrong"))
    server.expect_refused(bad)
    good.close()
    bad.close()
    server.close()


def curve_certificates(directory):
    """Server, client and other key pairs; public_keys/ holds only client's."""
    keys = {}
    for name in ("server", "client", "other"):
        public_file, secret_file = zmq.auth.create_certificates(directory, name)
        keys[name] = zmq.auth.load_certificate(secret_file)
    allowed = os.path.join(directory, "public_keys")
    os.mkdir(allowed)
    shutil.copy(os.path.join(directory, "client.key"), allowed)
    return keys, allowed


def curve_server(keys):
    def setup(s):
        s.curve_secretkey = keys["server"][1]
        s.curve_publickey = keys["server"][0]
        s.curve_server = True
    return setup


def curve_client(keys, name):
    def setup(s):
        s.curve_serverkey = keys["server"][0]
        s.curve_publickey = keys[name][0]
        s.curve_secretkey = keys[name][1]
    return setup


def curve_allow_any(directory):
    keys, _ = curve_certificates(directory)

    def test(ctx, auth):
        auth.configure_curve(domain="*", location=zmq.auth.CURVE_ALLOW_ANY)
        server = Server(ctx, curve_server(keys))
        for name in ("client", "other"):
            client = server.client(ctx, curve_client(keys, name))
            server.expect_served(client, keys[name][0].decode())
            client.close()
        server.close()
    return test


def curve_by_key(directory):
    keys, allowed = curve_certificates(directory)

    def test(ctx, auth):
        auth.configure_curve(domain="*", location=allowed)
        server = Server(ctx, curve_server(keys))
        good = server.client(ctx, curve_client(keys, "client"))
        server.expect_served(good, keys["client"][0].decode())
        bad = server.client(ctx, curve_client(keys, "other"))
        server.expect_refused(bad)
        good.close()
        bad.close()
        server.close()
    return test


def main():
    expected_version, expected_dir = sys.argv[1], sys.argv[2]
    check(zmq.zmq_version() == expected_version,
          "zmq.zmq_version() %s, expected %s" % (zmq.zmq_version(), expected_version))
    lib = loaded_libzmq()
    check(lib is not None and os.path.dirname(lib) == os.path.realpath(expected_dir),
          "loaded libzmq is %s, expected one in %s" % (lib, expected_dir))
    print("pyzmq %s over libzmq %s (%s)" % (zmq.__version__, zmq.zmq_version(), lib))
    check(zmq.has("curve"), "zmq.has('curve')")

    for name, test in (("allow by address", address_allowed),
                       ("not in the allow list", address_not_allowed),
                       ("deny by address", address_denied),
                       ("PLAIN passwords", plain_passwords)):
        with_auth(test)
        print("ok", name)
    for name, make in (("CURVE allow any", curve_allow_any),
                       ("CURVE by key", curve_by_key)):
        directory = tempfile.mkdtemp(prefix="pyzmq-auth-")
        try:
            with_auth(make(directory))
        finally:
            shutil.rmtree(directory)
        print("ok", name)


if __name__ == "__main__":
    main()
