/* ZMQ_REQ_RELAXED: a REQ may send again before the reply; the new request
 * goes to the next peer and only the reply to the latest request is
 * delivered (the reply from a peer whose request was abandoned is dropped). */
#include "testsock.h"

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *req = ts_socket (ctx, ZMQ_REQ);
    ts_set_int (req, ZMQ_REQ_RELAXED, 1);
    void *reps[2];
    for (int i = 0; i < 2; i++) {
        char ep[32];
        snprintf (ep, sizeof ep, "inproc://relaxed%d", i);
        reps[i] = ts_socket (ctx, ZMQ_REP);
        REQUIRE (zmq_bind (reps[i], ep) == 0);
        REQUIRE (zmq_connect (req, ep) == 0);
    }
    /* Even a relaxed REQ cannot receive before its first request. */
    char buf[16];
    CHECK_ERR (zmq_recv (req, buf, sizeof buf, 0), EFSM);

    ts_send (req, "A", 0);
    ts_expect (reps[0], "A", 0);
    ts_send (req, "B", 0);
    ts_expect (reps[1], "B", 0);
    ts_send (reps[0], "reply-A", 0);
    ts_send (reps[1], "reply-B", 0);
    ts_expect (req, "reply-B", 0);
    ts_expect_none (req, 20);

    /* Normal alternation still works afterwards. */
    ts_send (req, "C", 0);
    ts_expect (reps[0], "C", 0);
    ts_send (reps[0], "reply-C", 0);
    ts_expect (req, "reply-C", 0);

    for (int i = 0; i < 2; i++)
        CHECK (zmq_close (reps[i]) == 0);
    CHECK (zmq_close (req) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
