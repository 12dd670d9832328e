/* zmq_disconnect over tcp/ipc: the PUSH stops feeding the disconnected peer
 * and load-balances over the rest; zmq_unbind closes the listener (new
 * connections fail) and frees the address for another socket. */
#include "nettest.h"

static void run (void *ctx, const char *transport)
{
    void *p1 = ts_socket (ctx, ZMQ_PULL);
    void *p2 = ts_socket (ctx, ZMQ_PULL);
    char ep1[256], ep2[256];
    nt_bind (p1, transport, ep1, sizeof ep1);
    nt_bind_rebindable (ctx, p2, transport, ep2, sizeof ep2);
    void *push = ts_socket (ctx, ZMQ_PUSH);
    REQUIRE (zmq_connect (push, ep1) == 0);
    REQUIRE (zmq_connect (push, ep2) == 0);
    /* Both connections up: each peer has had a message. */
    int64_t deadline = ts_now_ms () + TS_WAIT_MS;
    int got1 = 0, got2 = 0;
    char buf[16];
    while ((!got1 || !got2) && ts_now_ms () < deadline) {
        ts_send (push, "warmup", 0);
        if (ts_wait_in (p1, 5))
            got1 += zmq_recv (p1, buf, sizeof buf, 0) == 6;
        if (ts_wait_in (p2, 5))
            got2 += zmq_recv (p2, buf, sizeof buf, 0) == 6;
    }
    REQUIRE (got1 && got2);
    while (ts_wait_in (p1, 50))
        zmq_recv (p1, buf, sizeof buf, 0);
    while (ts_wait_in (p2, 50))
        zmq_recv (p2, buf, sizeof buf, 0);

    CHECK_ERR (zmq_disconnect (push, "tcp://127.0.0.1:1"), ENOENT);
    CHECK (zmq_disconnect (push, ep1) == 0);
    for (int i = 0; i < 10; i++)
        ts_send (push, "only-p2", 0);
    for (int i = 0; i < 10; i++)
        ts_expect (p2, "only-p2", 0);
    ts_expect_none (p1, 50);

    /* Unbind: a new client can no longer reach p2 through ep2. */
    CHECK (zmq_unbind (p2, ep2) == 0);
    CHECK_ERR (zmq_unbind (p2, ep2), ENOENT);
    void *late = ts_socket (ctx, ZMQ_PUSH);
    REQUIRE (zmq_connect (late, ep2) == 0);
    CHECK (zmq_send (late, "lost", 4, ZMQ_DONTWAIT) == 4);
    ts_expect_none (p2, 200);
    /* The address is free again for another socket, which gets the
     * late client's traffic. */
    void *p3 = ts_socket (ctx, ZMQ_PULL);
    nt_rebind (p3, ep2);
    ts_set_int (late, ZMQ_SNDTIMEO, TS_WAIT_MS);
    ts_send (late, "found", 0);
    char text[16];
    int rc;
    while ((rc = ts_recv (p3, text, sizeof text)) == 4)
        ;
    CHECK (rc == 5 && strcmp (text, "found") == 0);

    CHECK (zmq_close (late) == 0);
    CHECK (zmq_close (p3) == 0);
    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (p1) == 0);
    CHECK (zmq_close (p2) == 0);
    if (strcmp (transport, "ipc") == 0)
        unlink (ep2 + 6);
}

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    run (ctx, "tcp");
    run (ctx, "ipc");
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
