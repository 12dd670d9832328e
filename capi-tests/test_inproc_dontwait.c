/* ZMQ_DONTWAIT: an operation that cannot complete at once fails with
 * EAGAIN instead of blocking. */
#include "testsock.h"

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    char buf[16];
    /* No peer at all. */
    void *push = ts_socket (ctx, ZMQ_PUSH);
    void *pull = ts_socket (ctx, ZMQ_PULL);
    void *dealer = ts_socket (ctx, ZMQ_DEALER);
    void *req = ts_socket (ctx, ZMQ_REQ);
    void *pair = ts_socket (ctx, ZMQ_PAIR);
    CHECK_ERR (zmq_send (push, "x", 1, ZMQ_DONTWAIT), EAGAIN);
    CHECK_ERR (zmq_send (dealer, "x", 1, ZMQ_DONTWAIT), EAGAIN);
    CHECK_ERR (zmq_send (req, "x", 1, ZMQ_DONTWAIT), EAGAIN);
    CHECK_ERR (zmq_send (pair, "x", 1, ZMQ_DONTWAIT), EAGAIN);
    CHECK_ERR (zmq_recv (pull, buf, sizeof buf, ZMQ_DONTWAIT), EAGAIN);
    CHECK_ERR (zmq_recv (dealer, buf, sizeof buf, ZMQ_DONTWAIT), EAGAIN);
    CHECK_ERR (zmq_recv (pair, buf, sizeof buf, ZMQ_DONTWAIT), EAGAIN);
    /* A REQ whose send failed is still ready to send. */
    CHECK_ERR (zmq_recv (req, buf, sizeof buf, ZMQ_DONTWAIT), EFSM);

    /* Connected, queue empty. */
    REQUIRE (zmq_bind (pull, "inproc://dontwait") == 0);
    REQUIRE (zmq_connect (push, "inproc://dontwait") == 0);
    CHECK_ERR (zmq_recv (pull, buf, sizeof buf, ZMQ_DONTWAIT), EAGAIN);
    CHECK (zmq_send (push, "x", 1, ZMQ_DONTWAIT) == 1);
    CHECK (zmq_recv (pull, buf, sizeof buf, ZMQ_DONTWAIT) == 1);
    CHECK_ERR (zmq_recv (pull, buf, sizeof buf, ZMQ_DONTWAIT), EAGAIN);

    /* ZMQ_NOBLOCK is the old name of the same flag. */
    CHECK (ZMQ_NOBLOCK == ZMQ_DONTWAIT);

    CHECK (zmq_close (pair) == 0);
    CHECK (zmq_close (req) == 0);
    CHECK (zmq_close (dealer) == 0);
    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (pull) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
