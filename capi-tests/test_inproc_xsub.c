/* XSUB sends subscriptions upstream as messages (\x01topic / \x00topic);
 * other messages it sends reach the XPUB as ordinary messages. */
#include "testsock.h"

/* Subscribes via xsub to a marker topic and publishes it until it arrives:
 * afterwards all earlier subscriptions are in effect at pub. */
static void sync_xsub (void *pub, void *xsub, const char *marker)
{
    char sub[32];
    sub[0] = 1;
    strcpy (sub + 1, marker);
    REQUIRE (zmq_send (xsub, sub, strlen (marker) + 1, 0)
             == (int) strlen (marker) + 1);
    int64_t deadline = ts_now_ms () + TS_WAIT_MS;
    int got = 0;
    while (!got && ts_now_ms () < deadline) {
        ts_send (pub, marker, 0);
        got = ts_wait_in (xsub, 10);
    }
    REQUIRE (got);
    char buf[64];
    while (ts_wait_in (xsub, 0)) {
        int rc = zmq_recv (xsub, buf, sizeof buf, 0);
        REQUIRE (rc == (int) strlen (marker));
    }
}

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);

    /* XSUB -> PUB: subscribe and unsubscribe by message. */
    void *pub = ts_socket (ctx, ZMQ_PUB);
    void *xsub = ts_socket (ctx, ZMQ_XSUB);
    REQUIRE (zmq_bind (pub, "inproc://xsub-pub") == 0);
    REQUIRE (zmq_connect (xsub, "inproc://xsub-pub") == 0);
    ts_expect_none (xsub, 0);
    CHECK (zmq_send (xsub, "\x01" "A", 2, 0) == 2);
    sync_xsub (pub, xsub, "M1");
    ts_send (pub, "Apple", 0);
    ts_send (pub, "Banana", 0);
    ts_expect (xsub, "Apple", 0);
    ts_expect_none (xsub, 20);
    CHECK (zmq_send (xsub, "\x00" "A", 2, 0) == 2);
    sync_xsub (pub, xsub, "M2");
    ts_send (pub, "Apple", 0);
    ts_send (pub, "M2", 0);
    ts_expect (xsub, "M2", 0);
    CHECK (zmq_close (xsub) == 0);
    CHECK (zmq_close (pub) == 0);

    /* XSUB -> XPUB: the subscription messages arrive verbatim, and so does
     * any other message. */
    void *xpub = ts_socket (ctx, ZMQ_XPUB);
    xsub = ts_socket (ctx, ZMQ_XSUB);
    REQUIRE (zmq_bind (xpub, "inproc://xsub-xpub") == 0);
    REQUIRE (zmq_connect (xsub, "inproc://xsub-xpub") == 0);
    CHECK (zmq_send (xsub, "\x01" "topic", 6, 0) == 6);
    char buf[64];
    CHECK (ts_recv (xpub, buf, sizeof buf) == 6 && memcmp (buf, "\x01" "topic", 6) == 0);
    ts_send (xsub, "hello", 0);
    ts_expect (xpub, "hello", 0);
    ts_send (xpub, "topic-1", 0);
    ts_expect (xsub, "topic-1", 0);
    CHECK (zmq_send (xsub, "\x00" "topic", 6, 0) == 6);
    CHECK (ts_recv (xpub, buf, sizeof buf) == 6 && memcmp (buf, "\x00" "topic", 6) == 0);

    CHECK (zmq_close (xsub) == 0);
    CHECK (zmq_close (xpub) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
