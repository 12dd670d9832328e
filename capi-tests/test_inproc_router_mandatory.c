/* ZMQ_ROUTER_MANDATORY: sending to an unknown routing id fails with
 * EHOSTUNREACH instead of dropping; a full peer gives EAGAIN. */
#include "testsock.h"

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *router = ts_socket (ctx, ZMQ_ROUTER);
    CHECK (zmq_send (router, "nobody", 6, ZMQ_SNDMORE) == 6);
    CHECK (zmq_send (router, "dropped", 7, 0) == 7);
    ts_set_int (router, ZMQ_ROUTER_MANDATORY, 1);
    ts_set_int (router, ZMQ_SNDHWM, 1);
    REQUIRE (zmq_bind (router, "inproc://mandatory") == 0);
    CHECK_ERR (zmq_send (router, "nobody", 6, ZMQ_SNDMORE), EHOSTUNREACH);
    CHECK_ERR (zmq_send (router, "nobody", 6, ZMQ_SNDMORE | ZMQ_DONTWAIT),
               EHOSTUNREACH);

    void *dealer = ts_socket (ctx, ZMQ_DEALER);
    ts_set_str (dealer, ZMQ_ROUTING_ID, "D");
    ts_set_int (dealer, ZMQ_RCVHWM, 1);
    REQUIRE (zmq_connect (dealer, "inproc://mandatory") == 0);
    ts_send (dealer, "hello", 0);
    ts_expect (router, "D", 1);
    ts_expect (router, "hello", 0);

    /* Known peer: fine until its pipe is full, then EAGAIN (never a drop). */
    int sent = 0;
    for (int i = 0; i < 1000; i++) {
        if (zmq_send (router, "D", 1, ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0) {
            CHECK (zmq_errno () == EAGAIN);
            break;
        }
        ts_send (router, "data", 0);
        sent++;
    }
    CHECK (sent >= 1 && sent < 1000);
    for (int i = 0; i < sent; i++)
        ts_expect (dealer, "data", 0);

    /* After the peer goes away its id is unknown again. */
    CHECK (zmq_close (dealer) == 0);
    int64_t deadline = ts_now_ms () + TS_WAIT_MS;
    int rc = 0;
    while (ts_now_ms () < deadline) {
        rc = zmq_send (router, "D", 1, ZMQ_SNDMORE | ZMQ_DONTWAIT);
        if (rc < 0 && zmq_errno () == EHOSTUNREACH)
            break;
        if (rc == 1)
            ts_send (router, "late", 0);
        /* The peer's departure is queued behind its messages: reading lets
         * the router see it. */
        char buf[8];
        zmq_recv (router, buf, sizeof buf, ZMQ_DONTWAIT);
        zmq_poll (NULL, 0, 1);
    }
    CHECK (rc == -1 && zmq_errno () == EHOSTUNREACH);

    CHECK (zmq_close (router) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
