/* High-water marks over inproc: the pipe holds SNDHWM of the sender plus
 * RCVHWM of the receiver; 0 on either side means no limit; when the
 * receiver drains the pipe the sender gets its full capacity back. */
#include "testsock.h"

/* Sends with DONTWAIT until EAGAIN (at most limit); returns the count. */
static int fill (void *s, int limit)
{
    int n = 0;
    while (n < limit && zmq_send (s, "x", 1, ZMQ_DONTWAIT) == 1)
        n++;
    if (n < limit)
        CHECK (zmq_errno () == EAGAIN);
    return n;
}

static int drain (void *s)
{
    int n = 0;
    while (zmq_recv (s, NULL, 0, ZMQ_DONTWAIT) == 1)
        n++;
    return n;
}

static void run (void *ctx, int sndhwm, int rcvhwm, int bind_first,
                 int expected)
{
    /* A fresh name each time: a closed socket's name is released lazily. */
    static int counter = 0;
    char ep[32];
    snprintf (ep, sizeof ep, "inproc://hwm%d", counter++);
    void *push = ts_socket (ctx, ZMQ_PUSH);
    void *pull = ts_socket (ctx, ZMQ_PULL);
    if (sndhwm >= 0)
        ts_set_int (push, ZMQ_SNDHWM, sndhwm);
    if (rcvhwm >= 0)
        ts_set_int (pull, ZMQ_RCVHWM, rcvhwm);
    if (bind_first) {
        REQUIRE (zmq_bind (pull, ep) == 0);
        REQUIRE (zmq_connect (push, ep) == 0);
    } else {
        REQUIRE (zmq_connect (push, ep) == 0);
        REQUIRE (zmq_bind (pull, ep) == 0);
    }
    int limit = expected ? expected + 1000 : 100000;
    int sent = fill (push, limit);
    if (expected) {
        if (sent != expected)
            fprintf (stderr, "snd %d rcv %d: sent %d, want %d\n", sndhwm,
                     rcvhwm, sent, expected);
        CHECK (sent == expected);
    } else
        CHECK (sent == limit);
    CHECK (drain (pull) == sent);
    if (expected) {
        /* Credit comes back: POLLOUT, then the full capacity again. */
        zmq_pollitem_t item = {push, 0, ZMQ_POLLOUT, 0};
        CHECK (zmq_poll (&item, 1, TS_WAIT_MS) == 1);
        CHECK (fill (push, limit) == expected);
        CHECK (drain (pull) == expected);
    }
    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (pull) == 0);
}

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *s = ts_socket (ctx, ZMQ_PUSH);
    CHECK (ts_get_int (s, ZMQ_SNDHWM) == 1000);
    CHECK (ts_get_int (s, ZMQ_RCVHWM) == 1000);
    CHECK (zmq_close (s) == 0);

    run (ctx, 5, 5, 1, 10);
    run (ctx, 5, 5, 0, 10);
    run (ctx, 1, 1, 1, 2);
    run (ctx, 3, 7, 1, 10);
    run (ctx, 3, 7, 0, 10);
    run (ctx, -1, -1, 1, 2000);
    run (ctx, 5, 0, 1, 0);
    run (ctx, 0, 5, 1, 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
