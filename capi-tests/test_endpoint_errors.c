/* zmq_bind / zmq_connect reject malformed endpoints with libzmq 4.3's
 * errnos: EINVAL for a malformed URI, port or empty address,
 * EPROTONOSUPPORT for an unknown transport, ENOCOMPATPROTO for a multicast
 * or udp transport on a socket type that cannot use it, ENODEV for a bind
 * host that is neither "*", a local interface nor a numeric address,
 * EADDRINUSE for a taken port, ENAMETOOLONG for an ipc path longer than
 * sun_path. A failed bind leaves ZMQ_LAST_ENDPOINT unchanged. */
#include "testutil.h"

int main (void)
{
    test_start (10);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *s = zmq_socket (ctx, ZMQ_PAIR);
    REQUIRE (s);
    int zero = 0;
    CHECK (zmq_setsockopt (s, ZMQ_LINGER, &zero, sizeof zero) == 0);

    /* URI syntax. */
    CHECK_ERR (zmq_bind (s, ""), EINVAL);
    CHECK_ERR (zmq_bind (s, "tcp//127.0.0.1:5555"), EINVAL);
    CHECK_ERR (zmq_bind (s, "tcp:/127.0.0.1:5555"), EINVAL);
    CHECK_ERR (zmq_bind (s, "tcp://"), EINVAL);
    CHECK_ERR (zmq_bind (s, "inproc://"), EINVAL);
    CHECK_ERR (zmq_bind (s, "ipc://"), EINVAL);
    CHECK_ERR (zmq_connect (s, "inproc://"), EINVAL);
    CHECK_ERR (zmq_bind (s, "foo://127.0.0.1:5555"), EPROTONOSUPPORT);
    CHECK_ERR (zmq_connect (s, "foo://127.0.0.1:5555"), EPROTONOSUPPORT);
    CHECK_ERR (zmq_bind (s, "vmci://1:5555"), EPROTONOSUPPORT);
    CHECK_ERR (zmq_bind (s, "pgm://127.0.0.1;239.192.1.1:5555"), ENOCOMPATPROTO);
    CHECK_ERR (zmq_connect (s, "epgm://127.0.0.1;239.192.1.1:5555"), ENOCOMPATPROTO);
    CHECK_ERR (zmq_bind (s, "udp://127.0.0.1:5555"), ENOCOMPATPROTO);

    /* tcp bind: ports. */
    CHECK_ERR (zmq_bind (s, "tcp://127.0.0.1"), EINVAL);
    CHECK_ERR (zmq_bind (s, "tcp://127.0.0.1:"), EINVAL);
    CHECK_ERR (zmq_bind (s, "tcp://127.0.0.1:abc"), EINVAL);
    CHECK_ERR (zmq_bind (s, "tcp://127.0.0.1:65536"), EINVAL);

    /* tcp bind: hosts (no DNS on bind). */
    CHECK_ERR (zmq_bind (s, "tcp://nosuchif0:*"), ENODEV);
    CHECK_ERR (zmq_bind (s, "tcp://localhost:*"), ENODEV);
    CHECK_ERR (zmq_bind (s, "tcp://:*"), ENODEV);
    CHECK_ERR (zmq_bind (s, "tcp://1.2.3.4.5:*"), ENODEV);
    /* IPv6 addresses need ZMQ_IPV6. */
    CHECK_ERR (zmq_bind (s, "tcp://[::1]:*"), ENODEV);

    /* tcp connect: the syntax check (names are resolved later). */
    CHECK_ERR (zmq_connect (s, "tcp://127.0.0.1:*"), EINVAL);
    CHECK_ERR (zmq_connect (s, "tcp://*:5555"), EINVAL);
    CHECK_ERR (zmq_connect (s, "tcp://127.0.0.1"), EINVAL);
    CHECK_ERR (zmq_connect (s, "tcp://127.0.0.1:abc"), EINVAL);
    CHECK_ERR (zmq_connect (s, "tcp://;127.0.0.1:5555"), EINVAL);

    char last[256];
    size_t size = sizeof last;
    CHECK (zmq_getsockopt (s, ZMQ_LAST_ENDPOINT, last, &size) == 0);
    CHECK (size == 1 && last[0] == 0);

    /* A port in use. */
    CHECK (zmq_bind (s, "tcp://127.0.0.1:*") == 0);
    size = sizeof last;
    CHECK (zmq_getsockopt (s, ZMQ_LAST_ENDPOINT, last, &size) == 0);
    void *t = zmq_socket (ctx, ZMQ_PAIR);
    REQUIRE (t);
    CHECK (zmq_setsockopt (t, ZMQ_LINGER, &zero, sizeof zero) == 0);
    CHECK_ERR (zmq_bind (t, last), EADDRINUSE);
    CHECK (zmq_bind (t, "inproc://endpoint-errors") == 0);
    CHECK_ERR (zmq_bind (s, "inproc://endpoint-errors"), EADDRINUSE);

    /* ipc path length: sun_path holds 107 bytes plus the NUL. */
    char path[200];
    strcpy (path, "ipc:///tmp/");
    while (strlen (path) - 6 < 108)
        strcat (path, "x");
    CHECK_ERR (zmq_bind (s, path), ENAMETOOLONG);
    CHECK_ERR (zmq_connect (s, path), ENAMETOOLONG);
    CHECK_ERR (zmq_bind (s, "ipc:///nonexistent-directory-zmq/socket"), ENOENT);

    /* The failures above left the last endpoint alone. */
    char after[256];
    size = sizeof after;
    CHECK (zmq_getsockopt (s, ZMQ_LAST_ENDPOINT, after, &size) == 0);
    CHECK (strcmp (after, last) == 0);

    CHECK (zmq_close (t) == 0);
    CHECK (zmq_close (s) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
