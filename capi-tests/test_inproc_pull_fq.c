/* PULL fair-queues: with several senders all having messages queued, each
 * run of N receives takes one message from each of the N senders. */
#include "testsock.h"

#define PEERS 3
#define EACH 5

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *pull = ts_socket (ctx, ZMQ_PULL);
    void *pushes[PEERS];
    for (int i = 0; i < PEERS; i++) {
        char ep[32];
        snprintf (ep, sizeof ep, "inproc://fq%d", i);
        pushes[i] = ts_socket (ctx, ZMQ_PUSH);
        REQUIRE (zmq_bind (pushes[i], ep) == 0);
        REQUIRE (zmq_connect (pull, ep) == 0);
    }
    for (int m = 0; m < EACH; m++)
        for (int i = 0; i < PEERS; i++) {
            char text[16];
            snprintf (text, sizeof text, "%d-%d", i, m);
            ts_send (pushes[i], text, ZMQ_SNDMORE);
            ts_send (pushes[i], "tail", 0);
        }

    int next[PEERS] = {0};
    for (int round = 0; round < EACH; round++) {
        int seen[PEERS] = {0};
        for (int k = 0; k < PEERS; k++) {
            char buf[32];
            int rc = ts_recv (pull, buf, sizeof buf);
            REQUIRE (rc > 0);
            int peer = buf[0] - '0';
            int m = atoi (buf + 2);
            REQUIRE (peer >= 0 && peer < PEERS);
            CHECK (!seen[peer]);
            seen[peer] = 1;
            CHECK (m == next[peer]);
            next[peer] = m + 1;
            /* The rest of the message follows at once. */
            CHECK (ts_get_int (pull, ZMQ_RCVMORE) == 1);
            ts_expect (pull, "tail", 0);
        }
    }
    ts_expect_none (pull, 50);

    for (int i = 0; i < PEERS; i++)
        CHECK (zmq_close (pushes[i]) == 0);
    CHECK (zmq_close (pull) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
