/* ZMQ_IMMEDIATE: messages are queued only on completed connections, so a
 * socket whose peers are not there cannot send (EAGAIN), and a dead peer
 * among live ones gets nothing. */
#include "nettest.h"

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    char dead[256];
    nt_free_endpoint (ctx, "tcp", dead, sizeof dead);

    void *push = ts_socket (ctx, ZMQ_PUSH);
    ts_set_int (push, ZMQ_IMMEDIATE, 1);
    CHECK (ts_get_int (push, ZMQ_IMMEDIATE) == 1);
    ts_set_int (push, ZMQ_RECONNECT_IVL, 10);
    REQUIRE (zmq_connect (push, dead) == 0);
    CHECK_ERR (zmq_send (push, "x", 1, ZMQ_DONTWAIT), EAGAIN);
    ts_set_int (push, ZMQ_SNDTIMEO, 100);
    CHECK_ERR (zmq_send (push, "x", 1, 0), EAGAIN);
    zmq_pollitem_t item = {push, 0, ZMQ_POLLOUT, 0};
    CHECK (zmq_poll (&item, 1, 0) == 0);

    /* A live peer: sending becomes possible once connected, and everything
     * goes to it, none to the dead endpoint. */
    void *live = ts_socket (ctx, ZMQ_PULL);
    char ep[256];
    nt_bind (live, "tcp", ep, sizeof ep);
    REQUIRE (zmq_connect (push, ep) == 0);
    CHECK (zmq_poll (&item, 1, TS_WAIT_MS) == 1);
    ts_set_int (push, ZMQ_SNDTIMEO, TS_WAIT_MS);
    for (int i = 0; i < 10; i++)
        ts_send (push, "to-live", 0);
    for (int i = 0; i < 10; i++)
        ts_expect (live, "to-live", 0);

    /* The dead peer comes to life: from then on it is served too. */
    void *late = ts_socket (ctx, ZMQ_PULL);
    nt_rebind (late, dead);
    int64_t deadline = ts_now_ms () + TS_WAIT_MS;
    int got = 0;
    while (!got && ts_now_ms () < deadline) {
        ts_send (push, "probe", 0);
        got = ts_wait_in (late, 20);
    }
    CHECK (got);

    CHECK (zmq_close (late) == 0);
    CHECK (zmq_close (live) == 0);
    CHECK (zmq_close (push) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
