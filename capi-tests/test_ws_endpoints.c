/* ws:// endpoints as libzmq 4.3.4 handles them: zmq_has spelling,
 * ZMQ_LAST_ENDPOINT of wildcard binds (with the path, "/" by default),
 * interface names, IPv6, address errors, unbind by the reported endpoint,
 * and a connect to a path after the server's rebind. */
#include "nettest.h"

static int port_of (const char *ep)
{
    const char *colon = strrchr (ep, ':');
    REQUIRE (colon);
    return atoi (colon + 1);
}

int main (void)
{
    test_start (30);
    /* libzmq 4.3.4 names the capability "WS"; "ws" answers 0 there. */
    CHECK (zmq_has ("WS") == 1);
    CHECK (zmq_has ("ws") == 0);
    /* No wss:// (Debian's 4.3.4 is built without it; not here yet). */
    CHECK (zmq_has ("WSS") == 0);
    CHECK (zmq_has ("wss") == 0);

    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *s = ts_socket (ctx, ZMQ_REP);
    char ep[256], want[256];

    ts_bind_any (s, "ws://127.0.0.1:*", ep, sizeof ep);
    snprintf (want, sizeof want, "ws://127.0.0.1:%d/", port_of (ep));
    CHECK (strcmp (ep, want) == 0);
    CHECK (zmq_unbind (s, ep) == 0);

    ts_bind_any (s, "ws://lo:*/zmq", ep, sizeof ep);
    snprintf (want, sizeof want, "ws://127.0.0.1:%d/zmq", port_of (ep));
    CHECK (strcmp (ep, want) == 0);

    /* A client asks for a path; the server takes any (libzmq does not
     * check it). */
    void *c = ts_socket (ctx, ZMQ_REQ);
    snprintf (want, sizeof want, "ws://127.0.0.1:%d/other", port_of (ep));
    REQUIRE (zmq_connect (c, want) == 0);
    ts_send (c, "ping", 0);
    ts_expect (s, "ping", 0);
    ts_send (s, "pong", 0);
    ts_expect (c, "pong", 0);
    CHECK (zmq_close (c) == 0);

    ts_bind_any (s, "ws://*:*", ep, sizeof ep);
    snprintf (want, sizeof want, "ws://0.0.0.0:%d/", port_of (ep));
    CHECK (strcmp (ep, want) == 0);

    /* The path is what follows the last '/': the rest must resolve. */
    CHECK_ERR (zmq_bind (s, "ws://127.0.0.1:*/a/b"), EINVAL);
    CHECK_ERR (zmq_bind (s, "ws://localhost:*"), ENODEV);
    CHECK_ERR (zmq_bind (s, "ws://[::1]:*"), ENODEV);
    CHECK_ERR (zmq_connect (s, "ws://127.0.0.1"), EINVAL);
    CHECK_ERR (zmq_bind (s, "wss://127.0.0.1:*"), EPROTONOSUPPORT);
    CHECK_ERR (zmq_connect (s, "wss://127.0.0.1:5555"), EPROTONOSUPPORT);

    /* IPv6, where the machine has it. */
    void *s6 = ts_socket (ctx, ZMQ_PAIR);
    ts_set_int (s6, ZMQ_IPV6, 1);
    if (zmq_bind (s6, "ws://[::1]:*/six") == 0) {
        size_t len = sizeof ep;
        REQUIRE (zmq_getsockopt (s6, ZMQ_LAST_ENDPOINT, ep, &len) == 0);
        snprintf (want, sizeof want, "ws://[::1]:%d/six", port_of (ep));
        CHECK (strcmp (ep, want) == 0);
        void *c6 = ts_socket (ctx, ZMQ_PAIR);
        ts_set_int (c6, ZMQ_IPV6, 1);
        REQUIRE (zmq_connect (c6, ep) == 0);
        ts_send (c6, "v6", 0);
        ts_expect (s6, "v6", 0);
        CHECK (zmq_close (c6) == 0);
    } else
        fprintf (stderr, "no IPv6 loopback: IPv6 part skipped\n");
    CHECK (zmq_close (s6) == 0);

    CHECK (zmq_close (s) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
