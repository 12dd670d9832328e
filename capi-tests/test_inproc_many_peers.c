/* One ROUTER serving many DEALERs over inproc: every peer is told apart and
 * gets its own replies. */
#include "testsock.h"

#define PEERS 100

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *router = ts_socket (ctx, ZMQ_ROUTER);
    REQUIRE (zmq_bind (router, "inproc://many") == 0);
    void *dealers[PEERS];
    for (int i = 0; i < PEERS; i++) {
        dealers[i] = ts_socket (ctx, ZMQ_DEALER);
        char id[16];
        snprintf (id, sizeof id, "peer%d", i);
        ts_set_str (dealers[i], ZMQ_ROUTING_ID, id);
        REQUIRE (zmq_connect (dealers[i], "inproc://many") == 0);
        ts_send (dealers[i], id, 0);
    }
    int seen[PEERS] = {0};
    for (int i = 0; i < PEERS; i++) {
        char id[32], body[32];
        int idlen = ts_recv (router, id, sizeof id);
        REQUIRE (idlen > 4);
        CHECK (ts_recv (router, body, sizeof body) == idlen);
        CHECK (strcmp (id, body) == 0);
        int n = atoi (id + 4);
        REQUIRE (n >= 0 && n < PEERS);
        CHECK (!seen[n]);
        seen[n] = 1;
        /* Reply at once. */
        CHECK (zmq_send (router, id, (size_t) idlen, ZMQ_SNDMORE) == idlen);
        ts_send (router, "reply", 0);
    }
    for (int i = 0; i < PEERS; i++) {
        ts_expect (dealers[i], "reply", 0);
        CHECK (zmq_close (dealers[i]) == 0);
    }
    CHECK (zmq_close (router) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
