/* SUB filters by prefix: no subscription receives nothing, "" receives
 * everything, several subscriptions combine, a duplicate subscription needs
 * as many unsubscribes, and only the first frame is matched. */
#include "testsock.h"

static void publish_all (void *pub)
{
    ts_send (pub, "Apple", 0);
    ts_send (pub, "Banana", 0);
    ts_send (pub, "Avocado", 0);
    ts_send (pub, "Cherry", 0);
    ts_send (pub, "", 0);
    ts_send (pub, "END", 0);
}

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *pub = ts_socket (ctx, ZMQ_PUB);
    void *sub = ts_socket (ctx, ZMQ_SUB);
    REQUIRE (zmq_bind (pub, "inproc://pubsub") == 0);
    REQUIRE (zmq_connect (sub, "inproc://pubsub") == 0);

    /* Prefix matching. */
    ts_set_str (sub, ZMQ_SUBSCRIBE, "A");
    ts_set_str (sub, ZMQ_SUBSCRIBE, "END");
    ts_sync_sub (pub, sub, 0);
    publish_all (pub);
    ts_expect (sub, "Apple", 0);
    ts_expect (sub, "Avocado", 0);
    ts_expect (sub, "END", 0);
    ts_expect_none (sub, 50);

    /* A second subscription adds to the first. */
    ts_set_str (sub, ZMQ_SUBSCRIBE, "Ch");
    ts_sync_sub (pub, sub, 0);
    publish_all (pub);
    ts_expect (sub, "Apple", 0);
    ts_expect (sub, "Avocado", 0);
    ts_expect (sub, "Cherry", 0);
    ts_expect (sub, "END", 0);
    ts_expect_none (sub, 50);

    /* Subscriptions are counted: two subscribes need two unsubscribes. */
    ts_set_str (sub, ZMQ_SUBSCRIBE, "B");
    ts_set_str (sub, ZMQ_SUBSCRIBE, "B");
    ts_set_str (sub, ZMQ_UNSUBSCRIBE, "B");
    ts_set_str (sub, ZMQ_UNSUBSCRIBE, "A");
    ts_set_str (sub, ZMQ_UNSUBSCRIBE, "Ch");
    ts_sync_sub (pub, sub, 0);
    publish_all (pub);
    ts_expect (sub, "Banana", 0);
    ts_expect (sub, "END", 0);
    ts_expect_none (sub, 50);

    ts_set_str (sub, ZMQ_UNSUBSCRIBE, "B");
    ts_sync_sub (pub, sub, 0);
    publish_all (pub);
    ts_expect (sub, "END", 0);
    ts_expect_none (sub, 50);

    /* Unsubscribing from something never subscribed is accepted. */
    CHECK (zmq_setsockopt (sub, ZMQ_UNSUBSCRIBE, "never", 5) == 0);

    /* The empty subscription matches everything, including empty bodies. */
    CHECK (zmq_setsockopt (sub, ZMQ_SUBSCRIBE, "", 0) == 0);
    ts_sync_sub (pub, sub, 0);
    publish_all (pub);
    ts_expect (sub, "Apple", 0);
    ts_expect (sub, "Banana", 0);
    ts_expect (sub, "Avocado", 0);
    ts_expect (sub, "Cherry", 0);
    ts_expect (sub, "", 0);
    ts_expect (sub, "END", 0);
    ts_expect_none (sub, 50);
    CHECK (zmq_setsockopt (sub, ZMQ_UNSUBSCRIBE, "", 0) == 0);

    /* Only the first frame is matched; the whole message is delivered. */
    ts_send (pub, "Zebra", ZMQ_SNDMORE);
    ts_send (pub, "Apple", 0);
    ts_send (pub, "END", ZMQ_SNDMORE);
    ts_send (pub, "Zebra", ZMQ_SNDMORE);
    ts_send (pub, "Zebra", 0);
    ts_expect (sub, "END", 1);
    ts_expect (sub, "Zebra", 1);
    ts_expect (sub, "Zebra", 0);
    ts_expect_none (sub, 50);

    /* A SUB cannot send. */
    CHECK_ERR (zmq_send (sub, "x", 1, ZMQ_DONTWAIT), ENOTSUP);
    /* A PUB cannot receive. */
    char buf[8];
    CHECK_ERR (zmq_recv (pub, buf, sizeof buf, ZMQ_DONTWAIT), ENOTSUP);

    CHECK (zmq_close (sub) == 0);
    CHECK (zmq_close (pub) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
