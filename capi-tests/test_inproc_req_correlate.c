/* ZMQ_REQ_CORRELATE prefixes each request with a 4-byte request id; only a
 * reply carrying the id of the outstanding request is accepted.
 * ZMQ_REQ_RELAXED lets a REQ send a new request before the reply came. */
#include "testsock.h"

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *router = ts_socket (ctx, ZMQ_ROUTER);
    void *req = ts_socket (ctx, ZMQ_REQ);
    ts_set_int (req, ZMQ_REQ_CORRELATE, 1);
    ts_set_int (req, ZMQ_REQ_RELAXED, 1);
    ts_set_str (req, ZMQ_ROUTING_ID, "Q");
    REQUIRE (zmq_bind (router, "inproc://correlate") == 0);
    REQUIRE (zmq_connect (req, "inproc://correlate") == 0);

    unsigned char id1[8], id2[8];
    ts_send (req, "first", 0);
    ts_expect (router, "Q", 1);
    CHECK (ts_recv (router, (char *) id1, sizeof id1) == 4);
    CHECK (ts_get_int (router, ZMQ_RCVMORE) == 1);
    ts_expect (router, "", 1);
    ts_expect (router, "first", 0);

    /* Relaxed: a second request without waiting for the first reply. */
    ts_send (req, "second", 0);
    ts_expect (router, "Q", 1);
    CHECK (ts_recv (router, (char *) id2, sizeof id2) == 4);
    ts_expect (router, "", 1);
    ts_expect (router, "second", 0);
    CHECK (memcmp (id1, id2, 4) != 0);

    /* The reply to the first request is stale and dropped; the reply to
     * the second is delivered. */
    ts_send (router, "Q", ZMQ_SNDMORE);
    CHECK (zmq_send (router, id1, 4, ZMQ_SNDMORE) == 4);
    ts_send (router, "", ZMQ_SNDMORE);
    ts_send (router, "stale", 0);
    ts_send (router, "Q", ZMQ_SNDMORE);
    CHECK (zmq_send (router, id2, 4, ZMQ_SNDMORE) == 4);
    ts_send (router, "", ZMQ_SNDMORE);
    ts_send (router, "fresh", 0);
    ts_expect (req, "fresh", 0);
    ts_expect_none (req, 20);
    CHECK (zmq_close (req) == 0);

    /* Without REQ_RELAXED a second send is still EFSM. */
    req = ts_socket (ctx, ZMQ_REQ);
    ts_set_int (req, ZMQ_REQ_CORRELATE, 1);
    REQUIRE (zmq_connect (req, "inproc://correlate") == 0);
    ts_send (req, "one", 0);
    CHECK_ERR (zmq_send (req, "two", 3, 0), EFSM);

    CHECK (zmq_close (req) == 0);
    CHECK (zmq_close (router) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
