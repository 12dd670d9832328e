/* ZMQ_SNDHWM/ZMQ_RCVHWM changed after an inproc connect apply to the pipe
 * that exists (libzmq's update_pipe_options): the socket's end takes its
 * new value plus the other side's value of when the two were joined (the
 * hwm boost), and the other end is told the new values, which it adds to
 * this side's old ones. A change made before the socket has taken the pipe
 * in (a binder that has not processed the connect yet) does not reach it,
 * and a bind completing an earlier connect resets the marks to the sums of
 * the values at connect and bind time. The expected counts are what libzmq
 * 4.3.4 does. */
#include "testsock.h"

/* Processes pending commands (ZMQ_EVENTS does, without delay). */
static void settle (void *s)
{
    ts_get_int (s, ZMQ_EVENTS);
}

/* How many messages the sender queues before it would block. */
static int fill (void *sender, void *receiver)
{
    int n = 0;
    while (n < 100000) {
        settle (receiver);
        settle (sender);
        if (zmq_send (sender, "x", 1, ZMQ_DONTWAIT) != 1)
            break;
        n++;
    }
    CHECK (zmq_errno () == EAGAIN);
    return n;
}

enum { BINDER = 0, CONNECTER = 1, NOBODY = 2 };

/* binder: PULL (connecter sends) or PUSH (binder sends); SNDHWM 3, RCVHWM
 * 4 on the binder, 2 and 5 on the connecter; then `who` sets option to
 * value. */
static void check (const char *what, int bind_first, int connecter_sends,
                   int who, int option, int value, int want)
{
    static int counter = 0;
    char ep[64];
    snprintf (ep, sizeof ep, "inproc://hwm-update-%d", counter++);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *b = ts_socket (ctx, connecter_sends ? ZMQ_PULL : ZMQ_PUSH);
    void *c = ts_socket (ctx, connecter_sends ? ZMQ_PUSH : ZMQ_PULL);
    ts_set_int (b, ZMQ_SNDHWM, 3);
    ts_set_int (b, ZMQ_RCVHWM, 4);
    ts_set_int (c, ZMQ_SNDHWM, 2);
    ts_set_int (c, ZMQ_RCVHWM, 5);
    if (bind_first)
        REQUIRE (zmq_bind (b, ep) == 0);
    REQUIRE (zmq_connect (c, ep) == 0);
    if (who != NOBODY)
        ts_set_int (who == BINDER ? b : c, option, value);
    if (!bind_first)
        REQUIRE (zmq_bind (b, ep) == 0);
    int got = connecter_sends ? fill (c, b) : fill (b, c);
    if (got != want) {
        fprintf (stderr, "%s: %d messages queued, want %d\n", what, got,
                 want);
        testutil_failures++;
    }
    CHECK (zmq_close (b) == 0);
    CHECK (zmq_close (c) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
}

int main (void)
{
    test_start (30);
    check ("connecter sends, as set", 1, 1, NOBODY, 0, 0, 2 + 4);
    check ("connecter raises SNDHWM", 1, 1, CONNECTER, ZMQ_SNDHWM, 10,
           10 + 4);
    check ("connecter lifts SNDHWM", 1, 1, CONNECTER, ZMQ_SNDHWM, 0, 100000);
    check ("connecter's RCVHWM", 1, 1, CONNECTER, ZMQ_RCVHWM, 10, 2 + 4);
    check ("binder's RCVHWM before it took the pipe", 1, 1, BINDER,
           ZMQ_RCVHWM, 10, 2 + 4);
    check ("binder sends, as set", 1, 0, NOBODY, 0, 0, 3 + 5);
    check ("connecter raises RCVHWM", 1, 0, CONNECTER, ZMQ_RCVHWM, 10,
           10 + 5);
    check ("connecter lifts RCVHWM", 1, 0, CONNECTER, ZMQ_RCVHWM, 0, 100000);
    /* The binder's end takes the connecter's new RCVHWM plus its old one:
     * its own SNDHWM plays no part any more. */
    check ("connecter's SNDHWM", 1, 0, CONNECTER, ZMQ_SNDHWM, 10, 5 + 5);
    check ("binder's SNDHWM before it took the pipe", 1, 0, BINDER,
           ZMQ_SNDHWM, 10, 3 + 5);
    check ("before bind: connecter raises SNDHWM", 0, 1, CONNECTER,
           ZMQ_SNDHWM, 10, 2 + 4);
    check ("before bind: connecter raises RCVHWM", 0, 0, CONNECTER,
           ZMQ_RCVHWM, 10, 10 + 5);

    /* A binder that has taken the pipe in applies its change too. */
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *pull = ts_socket (ctx, ZMQ_PULL);
    void *push = ts_socket (ctx, ZMQ_PUSH);
    ts_set_int (pull, ZMQ_RCVHWM, 4);
    ts_set_int (push, ZMQ_SNDHWM, 2);
    REQUIRE (zmq_bind (pull, "inproc://hwm-update-taken") == 0);
    REQUIRE (zmq_connect (push, "inproc://hwm-update-taken") == 0);
    settle (pull);
    ts_set_int (pull, ZMQ_RCVHWM, 10);
    /* The pusher's end: the binder's new RCVHWM plus its old one. */
    CHECK (fill (push, pull) == 10 + 4);
    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (pull) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
