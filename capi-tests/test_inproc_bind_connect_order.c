/* inproc works whether the connect or the bind comes first, for every
 * pattern, and messages sent before the bind are delivered after it. */
#include "testsock.h"

static void pair_up (void *ctx, int a_type, int b_type, int connect_first,
                     const char *ep, void **a, void **b)
{
    *a = ts_socket (ctx, a_type);
    *b = ts_socket (ctx, b_type);
    if (connect_first) {
        REQUIRE (zmq_connect (*b, ep) == 0);
        REQUIRE (zmq_bind (*a, ep) == 0);
    } else {
        REQUIRE (zmq_bind (*a, ep) == 0);
        REQUIRE (zmq_connect (*b, ep) == 0);
    }
}

static void run (void *ctx, int connect_first)
{
    void *a, *b;
    char ep[64];

    snprintf (ep, sizeof ep, "inproc://order-pair-%d", connect_first);
    pair_up (ctx, ZMQ_PAIR, ZMQ_PAIR, connect_first, ep, &a, &b);
    ts_send (b, "b->a", 0);
    ts_expect (a, "b->a", 0);
    ts_send (a, "a->b", 0);
    ts_expect (b, "a->b", 0);
    CHECK (zmq_close (a) == 0 && zmq_close (b) == 0);

    snprintf (ep, sizeof ep, "inproc://order-pipe-%d", connect_first);
    pair_up (ctx, ZMQ_PULL, ZMQ_PUSH, connect_first, ep, &a, &b);
    ts_send (b, "pushed", 0);
    ts_expect (a, "pushed", 0);
    CHECK (zmq_close (a) == 0 && zmq_close (b) == 0);

    snprintf (ep, sizeof ep, "inproc://order-rr-%d", connect_first);
    pair_up (ctx, ZMQ_REP, ZMQ_REQ, connect_first, ep, &a, &b);
    ts_send (b, "req", 0);
    ts_expect (a, "req", 0);
    ts_send (a, "rep", 0);
    ts_expect (b, "rep", 0);
    CHECK (zmq_close (a) == 0 && zmq_close (b) == 0);

    snprintf (ep, sizeof ep, "inproc://order-router-%d", connect_first);
    pair_up (ctx, ZMQ_ROUTER, ZMQ_DEALER, connect_first, ep, &a, &b);
    ts_send (b, "dealt", 0);
    char id[256];
    int idlen = ts_recv (a, id, sizeof id);
    CHECK (idlen == 5);
    ts_expect (a, "dealt", 0);
    CHECK (zmq_send (a, id, (size_t) idlen, ZMQ_SNDMORE) == idlen);
    ts_send (a, "routed", 0);
    ts_expect (b, "routed", 0);
    CHECK (zmq_close (a) == 0 && zmq_close (b) == 0);

    snprintf (ep, sizeof ep, "inproc://order-pub-%d", connect_first);
    pair_up (ctx, ZMQ_PUB, ZMQ_SUB, connect_first, ep, &a, &b);
    ts_set_str (b, ZMQ_SUBSCRIBE, "t");
    ts_sync_sub (a, b, 0);
    ts_send (a, "topic", 0);
    ts_expect (b, "topic", 0);
    CHECK (zmq_close (a) == 0 && zmq_close (b) == 0);

    /* Publisher connecting to a bound subscriber. */
    snprintf (ep, sizeof ep, "inproc://order-sub-%d", connect_first);
    pair_up (ctx, ZMQ_SUB, ZMQ_PUB, connect_first, ep, &a, &b);
    ts_set_str (a, ZMQ_SUBSCRIBE, "t");
    ts_sync_sub (b, a, 0);
    ts_send (b, "topic", 0);
    ts_expect (a, "topic", 0);
    CHECK (zmq_close (a) == 0 && zmq_close (b) == 0);
}

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    run (ctx, 0);
    run (ctx, 1);

    /* Messages queued on a connect-before-bind pipe arrive after the bind. */
    void *push = ts_socket (ctx, ZMQ_PUSH);
    REQUIRE (zmq_connect (push, "inproc://early") == 0);
    for (int i = 0; i < 3; i++)
        CHECK (zmq_send (push, "early", 5, ZMQ_DONTWAIT) == 5);
    void *pull = ts_socket (ctx, ZMQ_PULL);
    REQUIRE (zmq_bind (pull, "inproc://early") == 0);
    for (int i = 0; i < 3; i++)
        ts_expect (pull, "early", 0);
    CHECK (zmq_close (push) == 0 && zmq_close (pull) == 0);

    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
