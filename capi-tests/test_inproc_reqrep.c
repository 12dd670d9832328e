/* REQ/REP: the send/receive state machine (EFSM), strict alternation,
 * request envelopes as seen by ROUTER and DEALER, and REQ load balancing. */
#include "testsock.h"

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    char buf[64];

    /* REQ <-> REP. */
    void *rep = ts_socket (ctx, ZMQ_REP);
    void *req = ts_socket (ctx, ZMQ_REQ);
    REQUIRE (zmq_bind (rep, "inproc://rep") == 0);
    REQUIRE (zmq_connect (req, "inproc://rep") == 0);
    CHECK_ERR (zmq_recv (req, buf, sizeof buf, 0), EFSM);
    CHECK_ERR (zmq_send (rep, "x", 1, 0), EFSM);
    for (int i = 0; i < 3; i++) {
        ts_send (req, "hello", ZMQ_SNDMORE);
        ts_send (req, "again", 0);
        CHECK_ERR (zmq_send (req, "x", 1, 0), EFSM);
        ts_expect (rep, "hello", 1);
        ts_expect (rep, "again", 0);
        CHECK_ERR (zmq_recv (rep, buf, sizeof buf, ZMQ_DONTWAIT), EFSM);
        ts_send (rep, "world", ZMQ_SNDMORE);
        ts_send (rep, "too", 0);
        CHECK_ERR (zmq_send (rep, "x", 1, 0), EFSM);
        ts_expect (req, "world", 1);
        ts_expect (req, "too", 0);
        CHECK_ERR (zmq_recv (req, buf, sizeof buf, 0), EFSM);
    }
    CHECK (zmq_close (req) == 0);
    CHECK (zmq_close (rep) == 0);

    /* REQ -> ROUTER: the router sees [routing id, "", body]. A reply without
     * the empty delimiter is discarded by the REQ. */
    void *router = ts_socket (ctx, ZMQ_ROUTER);
    req = ts_socket (ctx, ZMQ_REQ);
    ts_set_str (req, ZMQ_ROUTING_ID, "R1");
    REQUIRE (zmq_bind (router, "inproc://router") == 0);
    REQUIRE (zmq_connect (req, "inproc://router") == 0);
    ts_send (req, "request", 0);
    ts_expect (router, "R1", 1);
    ts_expect (router, "", 1);
    ts_expect (router, "request", 0);
    ts_send (router, "R1", ZMQ_SNDMORE);
    ts_send (router, "bogus", 0);
    ts_send (router, "R1", ZMQ_SNDMORE);
    ts_send (router, "", ZMQ_SNDMORE);
    ts_send (router, "reply", 0);
    ts_expect (req, "reply", 0);
    CHECK (zmq_close (req) == 0);
    CHECK (zmq_close (router) == 0);

    /* DEALER -> REP: the REP strips and restores the whole envelope. */
    rep = ts_socket (ctx, ZMQ_REP);
    void *dealer = ts_socket (ctx, ZMQ_DEALER);
    REQUIRE (zmq_bind (rep, "inproc://rep2") == 0);
    REQUIRE (zmq_connect (dealer, "inproc://rep2") == 0);
    ts_send (dealer, "hop1", ZMQ_SNDMORE);
    ts_send (dealer, "hop2", ZMQ_SNDMORE);
    ts_send (dealer, "", ZMQ_SNDMORE);
    ts_send (dealer, "body", 0);
    ts_expect (rep, "body", 0);
    ts_send (rep, "answer", 0);
    ts_expect (dealer, "hop1", 1);
    ts_expect (dealer, "hop2", 1);
    ts_expect (dealer, "", 1);
    ts_expect (dealer, "answer", 0);
    CHECK (zmq_close (dealer) == 0);
    CHECK (zmq_close (rep) == 0);

    /* A REQ round-robins its requests over several REPs. */
    void *reps[2];
    req = ts_socket (ctx, ZMQ_REQ);
    for (int i = 0; i < 2; i++) {
        char ep[32];
        snprintf (ep, sizeof ep, "inproc://rr%d", i);
        reps[i] = ts_socket (ctx, ZMQ_REP);
        REQUIRE (zmq_bind (reps[i], ep) == 0);
        REQUIRE (zmq_connect (req, ep) == 0);
    }
    for (int i = 0; i < 4; i++) {
        ts_send (req, "ping", 0);
        ts_expect (reps[i % 2], "ping", 0);
        ts_send (reps[i % 2], i % 2 ? "one" : "zero", 0);
        ts_expect (req, i % 2 ? "one" : "zero", 0);
    }
    CHECK (zmq_close (req) == 0);
    CHECK (zmq_close (reps[0]) == 0);
    CHECK (zmq_close (reps[1]) == 0);

    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
