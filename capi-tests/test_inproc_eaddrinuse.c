/* Binding a name that is already bound fails with EADDRINUSE, from the same
 * socket or another one, until the holder unbinds or closes. (tcp: see
 * test_tcp_endpoints.c.) */
#include "testsock.h"

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *a = ts_socket (ctx, ZMQ_PAIR);
    void *b = ts_socket (ctx, ZMQ_PAIR);
    REQUIRE (zmq_bind (a, "inproc://taken") == 0);
    CHECK_ERR (zmq_bind (b, "inproc://taken"), EADDRINUSE);
    CHECK_ERR (zmq_bind (a, "inproc://taken"), EADDRINUSE);
    CHECK (zmq_close (a) == 0);
    /* Closing releases the name (the reference does it asynchronously, once
     * the socket is reaped, so allow it a moment). */
    int64_t deadline = ts_now_ms () + TS_WAIT_MS;
    int rc = -1;
    while (rc != 0 && ts_now_ms () < deadline) {
        rc = zmq_bind (b, "inproc://taken");
        if (rc != 0) {
            CHECK (zmq_errno () == EADDRINUSE);
            zmq_poll (NULL, 0, 1);
        }
    }
    CHECK (rc == 0);

    /* Names are per context. */
    void *ctx2 = zmq_ctx_new ();
    REQUIRE (ctx2);
    void *c = ts_socket (ctx2, ZMQ_PAIR);
    CHECK (zmq_bind (c, "inproc://taken") == 0);
    CHECK (zmq_close (c) == 0);
    CHECK (zmq_ctx_term (ctx2) == 0);

    CHECK (zmq_close (b) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
