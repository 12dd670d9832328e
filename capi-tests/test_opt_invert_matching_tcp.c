/* ZMQ_INVERT_MATCHING over tcp: with the option on both the publisher and
 * the subscriber, the subscriber receives exactly the messages that match
 * none of its subscriptions. */
#include "nettest.h"

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    char ep[256];
    void *pub = ts_socket (ctx, ZMQ_XPUB);
    ts_set_int (pub, ZMQ_INVERT_MATCHING, 1);
    nt_bind (pub, "tcp", ep, sizeof ep);
    void *sub = ts_socket (ctx, ZMQ_SUB);
    ts_set_int (sub, ZMQ_INVERT_MATCHING, 1);
    CHECK (ts_get_int (sub, ZMQ_INVERT_MATCHING) == 1);
    REQUIRE (zmq_connect (sub, ep) == 0);
    ts_set_str (sub, ZMQ_SUBSCRIBE, "apple");
    ts_set_str (sub, ZMQ_SUBSCRIBE, "cherry");
    /* The subscriptions have reached the publisher once XPUB hands them up
     * (it applies them first). */
    char buf[64];
    int rc = ts_recv (pub, buf, sizeof buf);
    CHECK (rc == 6 && memcmp (buf, "\x01" "apple", 6) == 0);
    rc = ts_recv (pub, buf, sizeof buf);
    CHECK (rc == 7 && memcmp (buf, "\x01" "cherry", 7) == 0);

    ts_send (pub, "apple pie", 0);
    ts_send (pub, "banana split", 0);
    ts_send (pub, "cherry tart", 0);
    ts_send (pub, "date cake", 0);
    ts_send (pub, "applesauce", 0);
    ts_send (pub, "", 0);
    ts_expect (sub, "banana split", 0);
    ts_expect (sub, "date cake", 0);
    ts_expect (sub, "", 0);
    ts_expect_none (sub, 200);

    /* Unsubscribing lets the topic through again. */
    ts_set_str (sub, ZMQ_UNSUBSCRIBE, "apple");
    rc = ts_recv (pub, buf, sizeof buf);
    CHECK (rc == 6 && memcmp (buf, "\x00" "apple", 6) == 0);
    ts_send (pub, "apple crumble", 0);
    ts_send (pub, "cherry pie", 0);
    ts_expect (sub, "apple crumble", 0);
    ts_expect_none (sub, 200);

    CHECK (zmq_close (sub) == 0);
    CHECK (zmq_close (pub) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
