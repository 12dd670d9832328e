/* ZMQ_XPUB_VERBOSE passes every subscribe (duplicates included) but still
 * only the last unsubscribe; ZMQ_XPUB_VERBOSER passes every unsubscribe too. */
#include "testsock.h"

static int expect_sub (void *xpub, char kind, const char *topic)
{
    char buf[64];
    int rc = ts_recv (xpub, buf, sizeof buf);
    size_t len = strlen (topic);
    int ok = rc == (int) len + 1 && buf[0] == kind
             && memcmp (buf + 1, topic, len) == 0;
    if (!ok) {
        fprintf (stderr, "want %d'%s', got rc %d kind %d\n", kind, topic, rc,
                 rc > 0 ? buf[0] : -1);
        testutil_failures++;
    }
    return ok;
}

static void run (void *ctx, int option, const char *ep)
{
    void *xpub = ts_socket (ctx, ZMQ_XPUB);
    ts_set_int (xpub, option, 1);
    void *sub1 = ts_socket (ctx, ZMQ_SUB);
    void *sub2 = ts_socket (ctx, ZMQ_SUB);
    REQUIRE (zmq_bind (xpub, ep) == 0);
    REQUIRE (zmq_connect (sub1, ep) == 0);
    REQUIRE (zmq_connect (sub2, ep) == 0);

    ts_set_str (sub1, ZMQ_SUBSCRIBE, "A");
    expect_sub (xpub, 1, "A");
    ts_set_str (sub2, ZMQ_SUBSCRIBE, "A");
    expect_sub (xpub, 1, "A");

    ts_set_str (sub1, ZMQ_UNSUBSCRIBE, "A");
    ts_set_str (sub1, ZMQ_SUBSCRIBE, "M");
    if (option == ZMQ_XPUB_VERBOSER)
        expect_sub (xpub, 0, "A");
    expect_sub (xpub, 1, "M");
    ts_expect_none (xpub, 0);

    ts_set_str (sub2, ZMQ_UNSUBSCRIBE, "A");
    expect_sub (xpub, 0, "A");
    ts_expect_none (xpub, 20);

    CHECK (zmq_close (sub1) == 0);
    CHECK (zmq_close (sub2) == 0);
    CHECK (zmq_close (xpub) == 0);
}

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    run (ctx, ZMQ_XPUB_VERBOSE, "inproc://verbose");
    run (ctx, ZMQ_XPUB_VERBOSER, "inproc://verboser");
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
