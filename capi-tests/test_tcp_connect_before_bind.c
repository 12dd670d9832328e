/* Over tcp and ipc a socket may connect before anyone binds: it keeps
 * retrying, messages sent meanwhile are queued and delivered once the peer
 * binds. */
#include "nettest.h"

static void run (void *ctx, const char *transport)
{
    char ep[256];
    nt_free_endpoint (ctx, transport, ep, sizeof ep);
    void *push = ts_socket (ctx, ZMQ_PUSH);
    ts_set_int (push, ZMQ_RECONNECT_IVL, 10);
    REQUIRE (zmq_connect (push, ep) == 0);
    for (int i = 0; i < NT_MSGS; i++)
        nt_send_msg (push, i);

    void *pull = ts_socket (ctx, ZMQ_PULL);
    nt_rebind (pull, ep);
    for (int i = 0; i < NT_MSGS; i++)
        nt_expect_msg (pull, i);

    /* And a REQ/REP pair the same way round. */
    char ep2[256];
    nt_free_endpoint (ctx, transport, ep2, sizeof ep2);
    void *req = ts_socket (ctx, ZMQ_REQ);
    ts_set_int (req, ZMQ_RECONNECT_IVL, 10);
    REQUIRE (zmq_connect (req, ep2) == 0);
    ts_send (req, "early request", 0);
    void *rep = ts_socket (ctx, ZMQ_REP);
    nt_rebind (rep, ep2);
    ts_expect (rep, "early request", 0);
    ts_send (rep, "reply", 0);
    ts_expect (req, "reply", 0);

    CHECK (zmq_close (req) == 0);
    CHECK (zmq_close (rep) == 0);
    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (pull) == 0);    if (strcmp (transport, "ipc") == 0) {
        unlink (ep + 6);
        unlink (ep2 + 6);
    }
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
