/* ZMQ_PROBE_ROUTER: on connecting, the socket sends an empty message, so the
 * ROUTER learns the peer's routing id before the peer says anything. */
#include "testsock.h"

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *router = ts_socket (ctx, ZMQ_ROUTER);
    REQUIRE (zmq_bind (router, "inproc://probe") == 0);

    void *dealer = ts_socket (ctx, ZMQ_DEALER);
    ts_set_str (dealer, ZMQ_ROUTING_ID, "D");
    ts_set_int (dealer, ZMQ_PROBE_ROUTER, 1);
    REQUIRE (zmq_connect (dealer, "inproc://probe") == 0);
    ts_expect (router, "D", 1);
    ts_expect (router, "", 0);
    ts_send (router, "D", ZMQ_SNDMORE);
    ts_send (router, "welcome", 0);
    ts_expect (dealer, "welcome", 0);

    void *client = ts_socket (ctx, ZMQ_ROUTER);
    ts_set_str (client, ZMQ_ROUTING_ID, "R");
    ts_set_int (client, ZMQ_PROBE_ROUTER, 1);
    REQUIRE (zmq_connect (client, "inproc://probe") == 0);
    ts_expect (router, "R", 1);
    ts_expect (router, "", 0);
    ts_expect_none (router, 20);

    CHECK (zmq_close (client) == 0);
    CHECK (zmq_close (dealer) == 0);
    CHECK (zmq_close (router) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
