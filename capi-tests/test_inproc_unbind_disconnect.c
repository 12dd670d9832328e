/* zmq_unbind / zmq_disconnect over inproc: the name is released and can be
 * bound again; a disconnected peer no longer gets messages; unknown
 * endpoints give ENOENT. */
#include "testsock.h"

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);

    /* Unbind releases the name. */
    void *a = ts_socket (ctx, ZMQ_PULL);
    REQUIRE (zmq_bind (a, "inproc://name") == 0);
    CHECK_ERR (zmq_unbind (a, "inproc://other"), ENOENT);
    CHECK (zmq_unbind (a, "inproc://name") == 0);
    CHECK_ERR (zmq_unbind (a, "inproc://name"), ENOENT);
    void *b = ts_socket (ctx, ZMQ_PULL);
    CHECK (zmq_bind (b, "inproc://name") == 0);
    void *push = ts_socket (ctx, ZMQ_PUSH);
    REQUIRE (zmq_connect (push, "inproc://name") == 0);
    ts_send (push, "to-b", 0);
    ts_expect (b, "to-b", 0);
    ts_expect_none (a, 20);
    /* The first socket can bind the name again once b lets it go. */
    CHECK_ERR (zmq_bind (a, "inproc://name"), EADDRINUSE);
    CHECK (zmq_unbind (b, "inproc://name") == 0);
    CHECK (zmq_bind (a, "inproc://name") == 0);
    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (a) == 0);
    CHECK (zmq_close (b) == 0);

    /* Disconnect: the PUSH stops feeding that peer. */
    push = ts_socket (ctx, ZMQ_PUSH);
    void *p1 = ts_socket (ctx, ZMQ_PULL);
    void *p2 = ts_socket (ctx, ZMQ_PULL);
    REQUIRE (zmq_bind (p1, "inproc://p1") == 0);
    REQUIRE (zmq_bind (p2, "inproc://p2") == 0);
    REQUIRE (zmq_connect (push, "inproc://p1") == 0);
    REQUIRE (zmq_connect (push, "inproc://p2") == 0);
    ts_send (push, "m1", 0);
    ts_send (push, "m2", 0);
    ts_expect (p1, "m1", 0);
    ts_expect (p2, "m2", 0);
    CHECK_ERR (zmq_disconnect (push, "inproc://p3"), ENOENT);
    CHECK (zmq_disconnect (push, "inproc://p1") == 0);
    CHECK_ERR (zmq_disconnect (push, "inproc://p1"), ENOENT);
    for (int i = 0; i < 4; i++)
        ts_send (push, "only-p2", 0);
    for (int i = 0; i < 4; i++)
        ts_expect (p2, "only-p2", 0);
    ts_expect_none (p1, 20);
    /* Reconnecting works. */
    REQUIRE (zmq_connect (push, "inproc://p1") == 0);
    ts_send (push, "x", 0);
    ts_send (push, "y", 0);
    char buf[8];
    int got1 = ts_wait_in (p1, 1000) && zmq_recv (p1, buf, sizeof buf, 0) == 1;
    int got2 = ts_wait_in (p2, 1000) && zmq_recv (p2, buf, sizeof buf, 0) == 1;
    CHECK (got1 && got2);

    /* Bad arguments. */
    CHECK_ERR (zmq_unbind (push, NULL), EINVAL);
    CHECK_ERR (zmq_disconnect (push, NULL), EINVAL);

    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (p1) == 0);
    CHECK (zmq_close (p2) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
