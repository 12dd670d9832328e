/* While a connecting socket's peer is not there, messages queue up to
 * SNDHWM (then EAGAIN), and are all delivered once the peer binds. */
#include "nettest.h"

static void run (void *ctx, const char *transport)
{
    char ep[256];
    nt_free_endpoint (ctx, transport, ep, sizeof ep);
    void *push = ts_socket (ctx, ZMQ_PUSH);
    ts_set_int (push, ZMQ_SNDHWM, 5);
    ts_set_int (push, ZMQ_RECONNECT_IVL, 10);
    REQUIRE (zmq_connect (push, ep) == 0);
    int queued = 0;
    while (queued < 1000) {
        char text[16];
        snprintf (text, sizeof text, "%d", queued);
        if (zmq_send (push, text, strlen (text), ZMQ_DONTWAIT) < 0) {
            CHECK (zmq_errno () == EAGAIN);
            break;
        }
        queued++;
    }
    CHECK (queued == 5);
    ts_set_int (push, ZMQ_SNDTIMEO, 100);
    CHECK_ERR (zmq_send (push, "x", 1, 0), EAGAIN);

    void *pull = ts_socket (ctx, ZMQ_PULL);
    nt_rebind (pull, ep);
    for (int i = 0; i < queued; i++) {
        char text[16];
        snprintf (text, sizeof text, "%d", i);
        ts_expect (pull, text, 0);
    }
    /* The pipe drains: sending works again. */
    ts_set_int (push, ZMQ_SNDTIMEO, TS_WAIT_MS);
    ts_send (push, "more", 0);
    ts_expect (pull, "more", 0);
    ts_expect_none (pull, 20);

    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (pull) == 0);
    if (strcmp (transport, "ipc") == 0)
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
