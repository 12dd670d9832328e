/* A PUB notices subscriptions that arrived while it was idle on its very
 * first send, as libzmq does (it processes pending commands before a send
 * when they have waited), rather than after some number of sends. */
#include "testutil.h"

int main (void)
{
    test_start (10);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *pub = zmq_socket (ctx, ZMQ_PUB);
    void *sub = zmq_socket (ctx, ZMQ_SUB);
    REQUIRE (pub && sub);
    REQUIRE (zmq_bind (pub, "inproc://pub-new-subscribers") == 0);
    REQUIRE (zmq_setsockopt (sub, ZMQ_SUBSCRIBE, "A", 1) == 0);
    REQUIRE (zmq_connect (sub, "inproc://pub-new-subscribers") == 0);

    /* Let the subscription reach the publisher's pipe and its mailbox:
     * a receive with a timeout on the SUB gives the other side time without
     * touching the PUB (nothing can arrive yet). */
    int timeout = 100;
    REQUIRE (zmq_setsockopt (sub, ZMQ_RCVTIMEO, &timeout, sizeof timeout) == 0);
    char buf[16];
    CHECK_ERR (zmq_recv (sub, buf, sizeof buf, 0), EAGAIN);

    for (int i = 0; i < 4; i++)
        CHECK (zmq_send (pub, "A", 1, 0) == 1);
    timeout = 2000;
    REQUIRE (zmq_setsockopt (sub, ZMQ_RCVTIMEO, &timeout, sizeof timeout) == 0);
    for (int i = 0; i < 4; i++)
        CHECK (zmq_recv (sub, buf, sizeof buf, 0) == 1);

    CHECK (zmq_close (sub) == 0);
    CHECK (zmq_close (pub) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
