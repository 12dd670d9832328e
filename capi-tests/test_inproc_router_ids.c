/* ROUTER prefixes each received message with the peer's routing id and
 * routes each sent message by its first frame. A peer without ZMQ_ROUTING_ID
 * gets a generated id: 5 bytes, the first one 0. */
#include "testsock.h"

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *router = ts_socket (ctx, ZMQ_ROUTER);
    REQUIRE (zmq_bind (router, "inproc://router") == 0);
    void *anon1 = ts_socket (ctx, ZMQ_DEALER);
    void *anon2 = ts_socket (ctx, ZMQ_DEALER);
    void *named = ts_socket (ctx, ZMQ_DEALER);
    ts_set_str (named, ZMQ_ROUTING_ID, "named");
    char idbuf[256];
    size_t idsize = sizeof idbuf;
    CHECK (zmq_getsockopt (named, ZMQ_ROUTING_ID, idbuf, &idsize) == 0);
    CHECK (idsize == 5 && memcmp (idbuf, "named", 5) == 0);
    REQUIRE (zmq_connect (anon1, "inproc://router") == 0);
    REQUIRE (zmq_connect (anon2, "inproc://router") == 0);
    REQUIRE (zmq_connect (named, "inproc://router") == 0);

    unsigned char id1[256], id2[256];
    ts_send (anon1, "from1", 0);
    int len1 = ts_recv (router, (char *) id1, sizeof id1);
    CHECK (len1 == 5 && id1[0] == 0);
    CHECK (ts_get_int (router, ZMQ_RCVMORE) == 1);
    ts_expect (router, "from1", 0);

    ts_send (anon2, "from2", ZMQ_SNDMORE);
    ts_send (anon2, "more", 0);
    int len2 = ts_recv (router, (char *) id2, sizeof id2);
    CHECK (len2 == 5 && id2[0] == 0);
    CHECK (memcmp (id1, id2, 5) != 0);
    ts_expect (router, "from2", 1);
    ts_expect (router, "more", 0);

    ts_send (named, "hi", 0);
    ts_expect (router, "named", 1);
    ts_expect (router, "hi", 0);

    /* Routing by id; the id frame itself is not delivered. */
    CHECK (zmq_send (router, id2, 5, ZMQ_SNDMORE) == 5);
    ts_send (router, "to2", 0);
    CHECK (zmq_send (router, id1, 5, ZMQ_SNDMORE) == 5);
    ts_send (router, "to1", ZMQ_SNDMORE);
    ts_send (router, "tail", 0);
    ts_send (router, "named", ZMQ_SNDMORE);
    ts_send (router, "toN", 0);
    ts_expect (anon2, "to2", 0);
    ts_expect (anon1, "to1", 1);
    ts_expect (anon1, "tail", 0);
    ts_expect (named, "toN", 0);

    /* Unknown id without ROUTER_MANDATORY: silently dropped. */
    ts_send (router, "nobody", ZMQ_SNDMORE);
    ts_send (router, "lost", 0);
    ts_expect_none (anon1, 20);
    ts_expect_none (anon2, 0);
    ts_expect_none (named, 0);

    /* A ROUTER-to-ROUTER setup works once the connecting side knows the
     * bound side's id. */
    void *r2 = ts_socket (ctx, ZMQ_ROUTER);
    ts_set_str (r2, ZMQ_ROUTING_ID, "r2");
    REQUIRE (zmq_connect (r2, "inproc://router") == 0);
    /* The bound router learns r2's id once r2's pipe is attached; the id
     * frame routes its message. */
    int64_t deadline = ts_now_ms () + TS_WAIT_MS;
    ts_set_int (router, ZMQ_ROUTER_MANDATORY, 1);
    int rc = -1;
    while (rc < 0 && ts_now_ms () < deadline) {
        rc = zmq_send (router, "r2", 2, ZMQ_SNDMORE | ZMQ_DONTWAIT);
        if (rc < 0) {
            CHECK (zmq_errno () == EHOSTUNREACH);
            zmq_poll (NULL, 0, 1);
        }
    }
    CHECK (rc == 2);
    ts_send (router, "r2-msg", 0);
    char buf[64];
    CHECK (ts_recv (r2, buf, sizeof buf) > 0);
    CHECK (ts_get_int (r2, ZMQ_RCVMORE) == 1);
    ts_expect (r2, "r2-msg", 0);

    CHECK (zmq_close (r2) == 0);
    CHECK (zmq_close (anon1) == 0);
    CHECK (zmq_close (anon2) == 0);
    CHECK (zmq_close (named) == 0);
    CHECK (zmq_close (router) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
