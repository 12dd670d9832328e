/* ZMQ_CONFLATE keeps only the last message in the queue. Over inproc the
 * reference applies the option of the connecting side, so the conflating
 * socket connects here. */
#include "testsock.h"

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *pull = ts_socket (ctx, ZMQ_PULL);
    ts_set_int (pull, ZMQ_CONFLATE, 1);
    CHECK (ts_get_int (pull, ZMQ_CONFLATE) == 1);
    void *push = ts_socket (ctx, ZMQ_PUSH);
    REQUIRE (zmq_bind (push, "inproc://conflate") == 0);
    REQUIRE (zmq_connect (pull, "inproc://conflate") == 0);

    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 20; i++) {
            char text[16];
            snprintf (text, sizeof text, "%d-%d", round, i);
            ts_send (push, text, 0);
        }
        char want[16];
        snprintf (want, sizeof want, "%d-19", round);
        ts_expect (pull, want, 0);
        ts_expect_none (pull, 20);
    }

    /* Conflating SUB: only the latest update. */
    void *pub = ts_socket (ctx, ZMQ_PUB);
    void *sub = ts_socket (ctx, ZMQ_SUB);
    ts_set_int (sub, ZMQ_CONFLATE, 1);
    REQUIRE (zmq_bind (pub, "inproc://conflate-pub") == 0);
    REQUIRE (zmq_connect (sub, "inproc://conflate-pub") == 0);
    CHECK (zmq_setsockopt (sub, ZMQ_SUBSCRIBE, "", 0) == 0);
    /* The first update that gets through proves the subscription is in. */
    int64_t deadline = ts_now_ms () + TS_WAIT_MS;
    while (!ts_wait_in (sub, 10) && ts_now_ms () < deadline)
        ts_send (pub, "probe", 0);
    char buf[16];
    CHECK (zmq_recv (sub, buf, sizeof buf, ZMQ_DONTWAIT) == 5);
    for (int i = 0; i < 50; i++) {
        char text[16];
        snprintf (text, sizeof text, "u%d", i);
        ts_send (pub, text, 0);
    }
    ts_expect (sub, "u49", 0);
    ts_expect_none (sub, 20);

    CHECK (zmq_close (sub) == 0);
    CHECK (zmq_close (pub) == 0);
    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (pull) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
