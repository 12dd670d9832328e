/* PAIR is exclusive: a bound PAIR talks to the first peer that connected;
 * a second connecting PAIR is never served. Both directions work. */
#include "testsock.h"

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *server = ts_socket (ctx, ZMQ_PAIR);
    void *first = ts_socket (ctx, ZMQ_PAIR);
    void *second = ts_socket (ctx, ZMQ_PAIR);
    REQUIRE (zmq_bind (server, "inproc://pair") == 0);
    REQUIRE (zmq_connect (first, "inproc://pair") == 0);

    ts_send (first, "hello", 0);
    ts_expect (server, "hello", 0);
    ts_send (server, "world", 0);
    ts_expect (first, "world", 0);

    /* The second peer connects (zmq_connect itself succeeds) but is refused. */
    REQUIRE (zmq_connect (second, "inproc://pair") == 0);
    zmq_send (second, "intruder", 8, ZMQ_DONTWAIT);
    for (int i = 0; i < 10; i++) {
        char text[16];
        snprintf (text, sizeof text, "to-first-%d", i);
        ts_send (server, text, 0);
        ts_expect (first, text, 0);
    }
    ts_expect_none (second, 100);
    ts_expect_none (server, 100);

    /* Multipart in both directions. */
    ts_send (first, "a", ZMQ_SNDMORE);
    ts_send (first, "b", 0);
    ts_expect (server, "a", 1);
    ts_expect (server, "b", 0);

    CHECK (zmq_close (second) == 0);
    CHECK (zmq_close (first) == 0);
    CHECK (zmq_close (server) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
