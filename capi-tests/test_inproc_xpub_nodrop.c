/* At the high-water mark a (X)PUB drops messages and send never blocks;
 * with ZMQ_XPUB_NODROP it returns EAGAIN instead and nothing is lost. */
#include "testsock.h"

static void run (void *ctx, int nodrop, const char *ep)
{
    void *xpub = ts_socket (ctx, ZMQ_XPUB);
    ts_set_int (xpub, ZMQ_XPUB_NODROP, nodrop);
    ts_set_int (xpub, ZMQ_SNDHWM, 10);
    void *sub = ts_socket (ctx, ZMQ_SUB);
    ts_set_int (sub, ZMQ_RCVHWM, 10);
    REQUIRE (zmq_bind (xpub, ep) == 0);
    REQUIRE (zmq_connect (sub, ep) == 0);
    CHECK (zmq_setsockopt (sub, ZMQ_SUBSCRIBE, "", 0) == 0);
    char buf[64];
    CHECK (ts_recv (xpub, buf, sizeof buf) == 1 && buf[0] == 1);

    int sent = 0;
    int eagain = 0;
    for (int i = 0; i < 10000; i++) {
        char text[16];
        snprintf (text, sizeof text, "%d", i);
        int rc = zmq_send (xpub, text, strlen (text), ZMQ_DONTWAIT);
        if (rc < 0) {
            CHECK (zmq_errno () == EAGAIN);
            eagain = 1;
            break;
        }
        sent++;
    }
    int received = 0;
    while (ts_wait_in (sub, 50)) {
        int rc = zmq_recv (sub, buf, sizeof buf - 1, 0);
        REQUIRE (rc > 0);
        buf[rc] = 0;
        CHECK (atoi (buf) == received);
        received++;
    }
    if (nodrop) {
        CHECK (eagain);
        CHECK (received == sent);
        CHECK (sent >= 10 && sent <= 100);
        /* Blocking send also returns EAGAIN when full with NODROP. */
        int rc = 0;
        while (rc >= 0)
            rc = zmq_send (xpub, "x", 1, ZMQ_DONTWAIT);
        CHECK (zmq_errno () == EAGAIN);
    } else {
        CHECK (!eagain);
        CHECK (sent == 10000);
        CHECK (received >= 10 && received < 10000);
    }
    CHECK (zmq_close (sub) == 0);
    CHECK (zmq_close (xpub) == 0);
}

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    run (ctx, 0, "inproc://drop");
    run (ctx, 1, "inproc://nodrop");
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
