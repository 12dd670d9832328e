/* ZMQ_RECONNECT_IVL -1: a connecting socket whose peer goes away does not
 * reconnect when the peer comes back on the same endpoint. */
#include "nettest.h"

static void run (void *ctx, const char *transport)
{
    char ep[256];
    void *pull = ts_socket (ctx, ZMQ_PULL);
    nt_bind_rebindable (ctx, pull, transport, ep, sizeof ep);
    void *push = ts_socket (ctx, ZMQ_PUSH);
    ts_set_int (push, ZMQ_RECONNECT_IVL, -1);
    CHECK (ts_get_int (push, ZMQ_RECONNECT_IVL) == -1);
    REQUIRE (zmq_connect (push, ep) == 0);
    ts_send (push, "before", 0);
    ts_expect (pull, "before", 0);

    /* The peer restarts on the same endpoint. */
    CHECK (zmq_close (pull) == 0);
    pull = ts_socket (ctx, ZMQ_PULL);
    nt_rebind (pull, ep);

    /* Nothing the pusher sends from now on reaches the new peer. */
    int64_t deadline = ts_now_ms () + 1000;
    while (ts_now_ms () < deadline) {
        zmq_send (push, "after", 5, ZMQ_DONTWAIT);
        ts_expect_none (pull, 50);
    }
    CHECK (zmq_close (push) == 0);

    /* A socket with reconnection on (the default) does find it. */
    push = ts_socket (ctx, ZMQ_PUSH);
    REQUIRE (zmq_connect (push, ep) == 0);
    ts_send (push, "fresh", 0);
    ts_expect (pull, "fresh", 0);
    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (pull) == 0);
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
