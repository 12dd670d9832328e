/* Two peers with the same routing id. Without ZMQ_ROUTER_HANDOVER the
 * newcomer is refused and the first keeps the id; with it the newcomer takes
 * the id over. */
#include "testsock.h"

static void run (void *ctx, int handover, const char *ep)
{
    void *router = ts_socket (ctx, ZMQ_ROUTER);
    ts_set_int (router, ZMQ_ROUTER_HANDOVER, handover);
    REQUIRE (zmq_bind (router, ep) == 0);
    void *first = ts_socket (ctx, ZMQ_DEALER);
    void *second = ts_socket (ctx, ZMQ_DEALER);
    ts_set_str (first, ZMQ_ROUTING_ID, "X");
    ts_set_str (second, ZMQ_ROUTING_ID, "X");
    REQUIRE (zmq_connect (first, ep) == 0);
    ts_send (first, "from-first", 0);
    ts_expect (router, "X", 1);
    ts_expect (router, "from-first", 0);

    REQUIRE (zmq_connect (second, ep) == 0);
    if (handover) {
        ts_send (second, "from-second", 0);
        ts_expect (router, "X", 1);
        ts_expect (router, "from-second", 0);
    } else {
        zmq_send (second, "from-second", 11, ZMQ_DONTWAIT);
        ts_expect_none (router, 50);
    }
    ts_send (router, "X", ZMQ_SNDMORE);
    ts_send (router, "reply", 0);
    ts_expect (handover ? second : first, "reply", 0);
    ts_expect_none (handover ? first : second, 50);

    CHECK (zmq_close (first) == 0);
    CHECK (zmq_close (second) == 0);
    CHECK (zmq_close (router) == 0);
}

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    run (ctx, 0, "inproc://keep");
    run (ctx, 1, "inproc://handover");
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
