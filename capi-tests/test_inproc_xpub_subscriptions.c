/* XPUB receives subscriptions as messages: \x01+topic to subscribe and
 * \x00+topic to unsubscribe. By default a topic is reported only when the
 * first subscriber takes it and when the last one drops it. */
#include "testsock.h"

/* Receives a subscription message from xpub and checks it. */
#define expect_sub(xpub, kind, topic) expect_sub_at (__LINE__, xpub, kind, topic)
static void expect_sub_at (int line, void *xpub, char kind, const char *topic)
{
    char buf[64];
    int rc = ts_recv (xpub, buf, sizeof buf);
    size_t len = strlen (topic);
    if (rc != (int) len + 1 || buf[0] != kind
        || memcmp (buf + 1, topic, len) != 0) {
        fprintf (stderr, "line %d: want %d'%s', got rc %d '%.*s'\n", line,
                 kind, topic, rc, rc > 1 ? rc - 1 : 0, buf + 1);
        testutil_failures++;
    }
    CHECK (ts_get_int (xpub, ZMQ_RCVMORE) == 0);
}

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *xpub = ts_socket (ctx, ZMQ_XPUB);
    void *sub1 = ts_socket (ctx, ZMQ_SUB);
    void *sub2 = ts_socket (ctx, ZMQ_SUB);
    REQUIRE (zmq_bind (xpub, "inproc://xpub") == 0);
    REQUIRE (zmq_connect (sub1, "inproc://xpub") == 0);
    REQUIRE (zmq_connect (sub2, "inproc://xpub") == 0);

    ts_set_str (sub1, ZMQ_SUBSCRIBE, "A");
    expect_sub (xpub, 1, "A");

    /* The second subscriber to the same topic is not reported; the marker
     * subscription behind it proves it was processed. */
    ts_set_str (sub2, ZMQ_SUBSCRIBE, "A");
    ts_set_str (sub2, ZMQ_SUBSCRIBE, "M1");
    expect_sub (xpub, 1, "M1");
    ts_expect_none (xpub, 0);

    /* Both receive what matches. */
    ts_send (xpub, "A-msg", 0);
    ts_send (xpub, "B-msg", 0);
    ts_expect (sub1, "A-msg", 0);
    ts_expect (sub2, "A-msg", 0);
    ts_expect_none (sub1, 20);

    /* Dropping it is reported only when the last subscriber drops it. */
    ts_set_str (sub1, ZMQ_UNSUBSCRIBE, "A");
    ts_set_str (sub1, ZMQ_SUBSCRIBE, "M2");
    expect_sub (xpub, 1, "M2");
    ts_expect_none (xpub, 0);
    ts_set_str (sub2, ZMQ_UNSUBSCRIBE, "A");
    expect_sub (xpub, 0, "A");

    /* The empty topic is a subscription like any other. */
    CHECK (zmq_setsockopt (sub1, ZMQ_SUBSCRIBE, "", 0) == 0);
    expect_sub (xpub, 1, "");

    /* A closing subscriber's subscriptions are dropped for it. */
    CHECK (zmq_close (sub1) == 0);
    char buf[64];
    int seen_empty = 0, seen_m2 = 0;
    for (int i = 0; i < 2; i++) {
        int rc = ts_recv (xpub, buf, sizeof buf);
        REQUIRE (rc >= 1);
        CHECK (buf[0] == 0);
        if (rc == 1)
            seen_empty++;
        else if (rc == 3 && memcmp (buf + 1, "M2", 2) == 0)
            seen_m2++;
    }
    CHECK (seen_empty == 1 && seen_m2 == 1);

    /* sub2 still holds M1 but nothing else was reported. */
    ts_expect_none (xpub, 20);

    CHECK (zmq_close (sub2) == 0);
    CHECK (zmq_close (xpub) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
