/* PUSH load-balances round-robin over its connected PULL peers. */
#include "testsock.h"

#define PEERS 3
#define ROUNDS 20

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *push = ts_socket (ctx, ZMQ_PUSH);
    void *pulls[PEERS];
    for (int i = 0; i < PEERS; i++) {
        char ep[32];
        snprintf (ep, sizeof ep, "inproc://lb%d", i);
        pulls[i] = ts_socket (ctx, ZMQ_PULL);
        REQUIRE (zmq_bind (pulls[i], ep) == 0);
        /* Connecting to a bound inproc endpoint attaches the pipe at once. */
        REQUIRE (zmq_connect (push, ep) == 0);
    }

    for (int i = 0; i < PEERS * ROUNDS; i++) {
        char text[16];
        snprintf (text, sizeof text, "%d", i);
        /* A multipart message goes to one peer as a whole. */
        ts_send (push, "part", ZMQ_SNDMORE);
        ts_send (push, text, 0);
    }
    /* Each peer gets exactly its share, in order, whole messages only. */
    for (int p = 0; p < PEERS; p++) {
        int count = 0;
        int last = -1;
        char buf[32];
        while (ts_wait_in (pulls[p], 200)) {
            CHECK (zmq_recv (pulls[p], buf, sizeof buf, 0) == 4);
            CHECK (ts_get_int (pulls[p], ZMQ_RCVMORE) == 1);
            int rc = zmq_recv (pulls[p], buf, sizeof buf - 1, 0);
            REQUIRE (rc > 0);
            buf[rc] = 0;
            CHECK (ts_get_int (pulls[p], ZMQ_RCVMORE) == 0);
            int n = atoi (buf);
            CHECK (n > last);
            last = n;
            count++;
        }
        CHECK (count == ROUNDS);
    }

    for (int i = 0; i < PEERS; i++)
        CHECK (zmq_close (pulls[i]) == 0);
    CHECK (zmq_close (push) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
