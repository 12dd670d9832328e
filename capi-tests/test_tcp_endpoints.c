/* tcp endpoints: a wildcard port is resolved in ZMQ_LAST_ENDPOINT, a port in
 * use gives EADDRINUSE, malformed addresses give EINVAL, an unknown
 * interface ENODEV; unbind of the resolved endpoint releases the port. */
#include "testsock.h"

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *a = ts_socket (ctx, ZMQ_PAIR);
    void *b = ts_socket (ctx, ZMQ_PAIR);

    char ep[256];
    ts_bind_any (a, "tcp://127.0.0.1:*", ep, sizeof ep);
    CHECK (strncmp (ep, "tcp://127.0.0.1:", 16) == 0);
    int port = atoi (ep + 16);
    CHECK (port > 0 && port < 65536);

    CHECK_ERR (zmq_bind (b, ep), EADDRINUSE);
    CHECK_ERR (zmq_bind (a, ep), EADDRINUSE);

    /* The resolved endpoint is what unbind takes; afterwards the port is
     * free for another socket. */
    CHECK_ERR (zmq_unbind (a, "tcp://127.0.0.1:*"), ENOENT);
    CHECK (zmq_unbind (a, ep) == 0);
    /* The listener is closed by an I/O thread, so allow it a moment. */
    int64_t deadline = ts_now_ms () + TS_WAIT_MS;
    int rc = -1;
    while (rc != 0 && ts_now_ms () < deadline) {
        rc = zmq_bind (b, ep);
        if (rc != 0) {
            CHECK (zmq_errno () == EADDRINUSE);
            zmq_poll (NULL, 0, 1);
        }
    }
    CHECK (rc == 0);
    char ep2[256];
    size_t size = sizeof ep2;
    CHECK (zmq_getsockopt (b, ZMQ_LAST_ENDPOINT, ep2, &size) == 0);
    CHECK (strcmp (ep, ep2) == 0);

    /* A client reaches the rebound port. */
    void *c = ts_socket (ctx, ZMQ_PAIR);
    CHECK (zmq_connect (c, ep) == 0);
    ts_send (c, "hello", 0);
    ts_expect (b, "hello", 0);

    /* Malformed addresses. */
    CHECK_ERR (zmq_connect (c, "tcp://"), EINVAL);
    CHECK_ERR (zmq_connect (c, "tcp://127.0.0.1"), EINVAL);
    CHECK_ERR (zmq_connect (c, "tcp://127.0.0.1:*"), EINVAL);
    CHECK_ERR (zmq_bind (c, "tcp://127.0.0.1"), EINVAL);
    CHECK_ERR (zmq_bind (c, "tcp://no.such.interface.invalid:*"), ENODEV);

    CHECK (zmq_close (c) == 0);
    CHECK (zmq_close (a) == 0);
    CHECK (zmq_close (b) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
