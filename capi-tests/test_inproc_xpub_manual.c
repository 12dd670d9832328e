/* ZMQ_XPUB_MANUAL: subscriptions are reported but not applied; the
 * application applies them with ZMQ_SUBSCRIBE / ZMQ_UNSUBSCRIBE on the XPUB,
 * acting on the subscriber whose subscription message it last received. */
#include "testsock.h"

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *xpub = ts_socket (ctx, ZMQ_XPUB);
    ts_set_int (xpub, ZMQ_XPUB_MANUAL, 1);
    void *sub = ts_socket (ctx, ZMQ_SUB);
    REQUIRE (zmq_bind (xpub, "inproc://manual") == 0);
    REQUIRE (zmq_connect (sub, "inproc://manual") == 0);

    /* The subscriber takes everything, so only the XPUB side filters. */
    CHECK (zmq_setsockopt (sub, ZMQ_SUBSCRIBE, "", 0) == 0);
    char buf[64];
    CHECK (ts_recv (xpub, buf, sizeof buf) == 1 && buf[0] == 1);

    /* Not applied: the message goes nowhere. */
    ts_send (xpub, "A-dropped", 0);
    /* Apply a different subscription than the one asked for. */
    ts_set_str (xpub, ZMQ_SUBSCRIBE, "B");
    ts_send (xpub, "A-still-dropped", 0);
    ts_send (xpub, "B-delivered", 0);
    ts_expect (sub, "B-delivered", 0);

    ts_set_str (sub, ZMQ_SUBSCRIBE, "A");
    CHECK (ts_recv (xpub, buf, sizeof buf) == 2 && buf[0] == 1 && buf[1] == 'A');

    /* Unsubscriptions are reported too, and applied by hand. */
    ts_set_str (sub, ZMQ_UNSUBSCRIBE, "A");
    CHECK (ts_recv (xpub, buf, sizeof buf) == 2 && buf[0] == 0 && buf[1] == 'A');
    ts_set_str (xpub, ZMQ_UNSUBSCRIBE, "B");
    ts_send (xpub, "B-dropped", 0);
    ts_set_str (xpub, ZMQ_SUBSCRIBE, "C");
    ts_send (xpub, "C-delivered", 0);
    ts_expect (sub, "C-delivered", 0);
    ts_expect_none (sub, 20);

    CHECK (zmq_close (sub) == 0);
    CHECK (zmq_close (xpub) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
