/* A connecting socket reconnects when its peer goes away and comes back on
 * the same address (a new socket bound to the same port / path): PUSH to a
 * restarted PULL, SUB to a restarted PUB (its subscriptions are sent again),
 * DEALER to a restarted ROUTER. */
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

/* Restarts the bound socket: close it, bind a new one of the same type to
 * the same endpoint. */
static void *restart (void *ctx, void *old, int type, const char *ep)
{
    CHECK (zmq_close (old) == 0);
    void *s = ts_socket (ctx, type);
    nt_rebind (s, ep);
    return s;
}

static void run_pubsub (void *ctx, const char *transport)
{
    void *pub = ts_socket (ctx, ZMQ_PUB);
    char ep[256];
    nt_bind_rebindable (ctx, pub, transport, ep, sizeof ep);
    void *sub = ts_socket (ctx, ZMQ_SUB);
    ts_set_int (sub, ZMQ_RECONNECT_IVL, 10);
    ts_set_str (sub, ZMQ_SUBSCRIBE, "news");
    REQUIRE (zmq_connect (sub, ep) == 0);
    ts_sync_sub (pub, sub, 0);
    ts_send (pub, "news-1", 0);
    ts_send (pub, "other", 0);
    ts_expect (sub, "news-1", 0);

    pub = restart (ctx, pub, ZMQ_PUB, ep);
    /* The new publisher learns the subscription from the reconnection:
     * publish until it gets through; non-matching traffic never does. */
    int64_t deadline = ts_now_ms () + TS_WAIT_MS;
    int got = 0;
    while (!got && ts_now_ms () < deadline) {
        ts_send (pub, "other", 0);
        ts_send (pub, "news-2", 0);
        got = ts_wait_in (sub, 20);
    }
    CHECK (got);
    char buf[16];
    while (ts_wait_in (sub, 50)) {
        CHECK (zmq_recv (sub, buf, sizeof buf, 0) == 6);
        CHECK (memcmp (buf, "news-2", 6) == 0);
    }
    CHECK (zmq_close (sub) == 0);
    CHECK (zmq_close (pub) == 0);
    if (strcmp (transport, "ipc") == 0)
        unlink (ep + 6);
}

static void run_router (void *ctx, const char *transport)
{
    void *router = ts_socket (ctx, ZMQ_ROUTER);
    char ep[256];
    nt_bind_rebindable (ctx, router, transport, ep, sizeof ep);
    void *dealer = ts_socket (ctx, ZMQ_DEALER);
    ts_set_int (dealer, ZMQ_RECONNECT_IVL, 10);
    ts_set_str (dealer, ZMQ_ROUTING_ID, "D");
    REQUIRE (zmq_connect (dealer, ep) == 0);
    ts_send (dealer, "hello", 0);
    ts_expect (router, "D", 1);
    ts_expect (router, "hello", 0);

    router = restart (ctx, router, ZMQ_ROUTER, ep);
    ts_set_int (router, ZMQ_ROUTER_MANDATORY, 1);
    /* Once the dealer is back, the new router knows it by the same id. */
    int64_t deadline = ts_now_ms () + TS_WAIT_MS;
    int rc = -1;
    while (rc < 0 && ts_now_ms () < deadline) {
        rc = zmq_send (router, "D", 1, ZMQ_SNDMORE | ZMQ_DONTWAIT);
        if (rc < 0) {
            CHECK (zmq_errno () == EHOSTUNREACH);
            zmq_poll (NULL, 0, 10);
        }
    }
    CHECK (rc == 1);
    ts_send (router, "welcome back", 0);
    ts_expect (dealer, "welcome back", 0);
    CHECK (zmq_close (dealer) == 0);
    CHECK (zmq_close (router) == 0);
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
    run_pubsub (ctx, "tcp");
    run_pubsub (ctx, "ipc");
    run_router (ctx, "tcp");
    run_router (ctx, "ipc");
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
