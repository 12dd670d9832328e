/* A connecting socket reconnects when its peer goes away and comes back on
 * the same address (a new socket bound to the same port / path). */
#include "nettest.h"

static void run (void *ctx, const char *transport)
{
    void *pull = ts_socket (ctx, ZMQ_PULL);
    char ep[256];
    nt_bind_rebindable (ctx, pull, transport, ep, sizeof ep);
    void *push = ts_socket (ctx, ZMQ_PUSH);
    ts_set_int (push, ZMQ_RECONNECT_IVL, 10);
    REQUIRE (zmq_connect (push, ep) == 0);
    ts_send (push, "before", 0);
    ts_expect (pull, "before", 0);

    /* The peer restarts. */
    CHECK (zmq_close (pull) == 0);
    pull = ts_socket (ctx, ZMQ_PULL);
    nt_rebind (pull, ep);

    /* Messages written into the dead connection may be lost; keep sending
     * until one gets through, then everything that follows arrives. */
    int64_t deadline = ts_now_ms () + TS_WAIT_MS;
    int got = 0;
    while (!got && ts_now_ms () < deadline) {
        ts_send (push, "probe", 0);
        got = ts_wait_in (pull, 20);
    }
    CHECK (got);
    ts_send (push, "after", 0);
    char buf[16];
    int rc;
    while ((rc = ts_recv (pull, buf, sizeof buf)) == 5 && strcmp (buf, "probe") == 0)
        ;
    CHECK (rc == 5 && strcmp (buf, "after") == 0);
    for (int i = 0; i < NT_MSGS; i++)
        nt_send_msg (push, i);
    for (int i = 0; i < NT_MSGS; i++)
        nt_expect_msg (pull, i);

    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (pull) == 0);    if (strcmp (transport, "ipc") == 0)
        unlink (ep + 6);
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
