/* ZMQ_LINGER: default -1, settable to 0 or a positive time, -2 rejected;
 * zmq_close returns at once; messages already delivered never make
 * zmq_ctx_term wait. (The timing of lingering over tcp: test_tcp_linger.c.) */
#include "testsock.h"

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *s = zmq_socket (ctx, ZMQ_PUSH);
    REQUIRE (s);
    CHECK (ts_get_int (s, ZMQ_LINGER) == -1);
    ts_set_int (s, ZMQ_LINGER, 0);
    CHECK (ts_get_int (s, ZMQ_LINGER) == 0);
    ts_set_int (s, ZMQ_LINGER, 2500);
    CHECK (ts_get_int (s, ZMQ_LINGER) == 2500);
    ts_set_int (s, ZMQ_LINGER, -1);
    CHECK (ts_get_int (s, ZMQ_LINGER) == -1);
    int bad = -2;
    CHECK_ERR (zmq_setsockopt (s, ZMQ_LINGER, &bad, sizeof bad), EINVAL);
    CHECK (ts_get_int (s, ZMQ_LINGER) == -1);
    CHECK (zmq_close (s) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);

    /* Delivered messages do not make term wait, even with infinite linger. */
    ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *push = zmq_socket (ctx, ZMQ_PUSH);
    void *pull = zmq_socket (ctx, ZMQ_PULL);
    REQUIRE (push && pull);
    REQUIRE (zmq_bind (pull, "inproc://linger") == 0);
    REQUIRE (zmq_connect (push, "inproc://linger") == 0);
    ts_send (push, "m", 0);
    ts_expect (pull, "m", 0);
    int64_t start = ts_now_ms ();
    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (pull) == 0);
    CHECK (ts_now_ms () - start < 1000);
    CHECK (zmq_ctx_term (ctx) == 0);
    CHECK (ts_now_ms () - start < 1000);
    return test_end ();
}
