/* ZMQ_RCVTIMEO / ZMQ_SNDTIMEO: a blocking call gives up with EAGAIN after
 * the timeout; 0 means "don't wait"; -1 (the default) waits forever. */
#include "testsock.h"

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *pull = ts_socket (ctx, ZMQ_PULL);
    void *push = ts_socket (ctx, ZMQ_PUSH);
    CHECK (ts_get_int (pull, ZMQ_RCVTIMEO) == -1);
    CHECK (ts_get_int (push, ZMQ_SNDTIMEO) == -1);
    char buf[16];

    ts_set_int (pull, ZMQ_RCVTIMEO, 100);
    CHECK (ts_get_int (pull, ZMQ_RCVTIMEO) == 100);
    int64_t start = ts_now_ms ();
    CHECK_ERR (zmq_recv (pull, buf, sizeof buf, 0), EAGAIN);
    int64_t elapsed = ts_now_ms () - start;
    CHECK (elapsed >= 90);
    CHECK (elapsed < 5000);

    ts_set_int (push, ZMQ_SNDTIMEO, 100);
    start = ts_now_ms ();
    CHECK_ERR (zmq_send (push, "x", 1, 0), EAGAIN);
    elapsed = ts_now_ms () - start;
    CHECK (elapsed >= 90);
    CHECK (elapsed < 5000);

    /* zmq_msg_recv honours it too. */
    zmq_msg_t msg;
    REQUIRE (zmq_msg_init (&msg) == 0);
    start = ts_now_ms ();
    CHECK_ERR (zmq_msg_recv (&msg, pull, 0), EAGAIN);
    CHECK (ts_now_ms () - start >= 90);
    CHECK (zmq_msg_close (&msg) == 0);

    /* 0: immediate. */
    ts_set_int (pull, ZMQ_RCVTIMEO, 0);
    start = ts_now_ms ();
    CHECK_ERR (zmq_recv (pull, buf, sizeof buf, 0), EAGAIN);
    CHECK (ts_now_ms () - start < 1000);

    /* A message arriving within the timeout is received. */
    ts_set_int (pull, ZMQ_RCVTIMEO, 2000);
    REQUIRE (zmq_bind (pull, "inproc://timeo") == 0);
    REQUIRE (zmq_connect (push, "inproc://timeo") == 0);
    CHECK (zmq_send (push, "hi", 2, 0) == 2);
    CHECK (zmq_recv (pull, buf, sizeof buf, 0) == 2);

    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (pull) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
