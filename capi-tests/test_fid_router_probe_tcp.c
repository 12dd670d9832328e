/* ZMQ_PROBE_ROUTER on a ROUTER that connects over tcp or ipc: as soon as the
 * connection is up the peer receives [routing id][""], before this side
 * has said anything (as a DEALER's probe). */
#include "nettest.h"

static void check (const char *transport)
{
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    char ep[256];
    void *server = ts_socket (ctx, ZMQ_ROUTER);
    nt_bind (server, transport, ep, sizeof ep);

    void *client = ts_socket (ctx, ZMQ_ROUTER);
    ts_set_str (client, ZMQ_ROUTING_ID, "R");
    ts_set_int (client, ZMQ_PROBE_ROUTER, 1);
    REQUIRE (zmq_connect (client, ep) == 0);
    ts_expect (server, "R", 1);
    ts_expect (server, "", 0);

    /* The probe told the server who the client is: it can answer, and the
     * client learns the server's (generated) id from the answer. */
    ts_send (server, "R", ZMQ_SNDMORE);
    ts_send (server, "hello", 0);
    char id[256];
    int id_size = ts_recv (client, id, sizeof id);
    CHECK (id_size == 5);
    ts_expect (client, "hello", 0);
    ts_expect_none (server, 50);

    CHECK (zmq_close (client) == 0);
    CHECK (zmq_close (server) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
}

int main (void)
{
    test_start (30);
    check ("tcp");
    check ("ipc");
    return test_end ();
}
