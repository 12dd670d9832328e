/* PUB delivers each message to every matching subscriber; a PUB with no
 * subscribers drops messages without blocking. */
#include "testsock.h"

#define SUBS 4

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *pub = ts_socket (ctx, ZMQ_PUB);
    REQUIRE (zmq_bind (pub, "inproc://fanout") == 0);
    /* Nobody listening: sends succeed at once and go nowhere. */
    for (int i = 0; i < 1000; i++)
        CHECK (zmq_send (pub, "lost", 4, ZMQ_DONTWAIT) == 4);

    void *subs[SUBS];
    for (int i = 0; i < SUBS; i++) {
        subs[i] = ts_socket (ctx, ZMQ_SUB);
        REQUIRE (zmq_connect (subs[i], "inproc://fanout") == 0);
        ts_set_str (subs[i], ZMQ_SUBSCRIBE, i % 2 ? "odd" : "even");
        ts_sync_sub (pub, subs[i], 0);
    }
    ts_send (pub, "even-1", 0);
    ts_send (pub, "odd-1", 0);
    ts_send (pub, "other", 0);
    ts_send (pub, "even-2", 0);
    for (int i = 0; i < SUBS; i++) {
        if (i % 2)
            ts_expect (subs[i], "odd-1", 0);
        else {
            ts_expect (subs[i], "even-1", 0);
            ts_expect (subs[i], "even-2", 0);
        }
        ts_expect_none (subs[i], 20);
    }
    for (int i = 0; i < SUBS; i++)
        CHECK (zmq_close (subs[i]) == 0);
    CHECK (zmq_close (pub) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
