/* ZMQ_INVERT_MATCHING on the publisher and the subscriber: a subscriber
 * receives exactly the messages that match none of its subscriptions. */
#include "testsock.h"

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *xpub = ts_socket (ctx, ZMQ_XPUB);
    ts_set_int (xpub, ZMQ_INVERT_MATCHING, 1);
    CHECK (ts_get_int (xpub, ZMQ_INVERT_MATCHING) == 1);
    void *sub = ts_socket (ctx, ZMQ_SUB);
    ts_set_int (sub, ZMQ_INVERT_MATCHING, 1);
    REQUIRE (zmq_bind (xpub, "inproc://invert") == 0);
    REQUIRE (zmq_connect (sub, "inproc://invert") == 0);

    ts_set_str (sub, ZMQ_SUBSCRIBE, "A");
    ts_set_str (sub, ZMQ_SUBSCRIBE, "Ch");
    char buf[16];
    CHECK (ts_recv (xpub, buf, sizeof buf) == 2);
    CHECK (ts_recv (xpub, buf, sizeof buf) == 3);

    ts_send (xpub, "Apple", 0);
    ts_send (xpub, "Banana", 0);
    ts_send (xpub, "Avocado", 0);
    ts_send (xpub, "Cherry", 0);
    ts_send (xpub, "Date", 0);
    ts_expect (sub, "Banana", 0);
    ts_expect (sub, "Date", 0);
    ts_expect_none (sub, 20);

    /* Default is off. */
    void *plain = ts_socket (ctx, ZMQ_SUB);
    CHECK (ts_get_int (plain, ZMQ_INVERT_MATCHING) == 0);
    CHECK (zmq_close (plain) == 0);

    CHECK (zmq_close (sub) == 0);
    CHECK (zmq_close (xpub) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
