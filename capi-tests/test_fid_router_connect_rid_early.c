/* ZMQ_CONNECT_ROUTING_ID on a ROUTER that connects over tcp or ipc: the
 * pipe to the peer exists from zmq_connect on under that routing id, so a
 * message sent to it at once is queued and delivered once the connection
 * is up (no waiting for the handshake), also with ZMQ_ROUTER_MANDATORY. */
#include "nettest.h"

static void check (const char *transport, int mandatory)
{
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    char ep[256];
    void *server = ts_socket (ctx, ZMQ_ROUTER);
    ts_set_str (server, ZMQ_ROUTING_ID, "server");
    nt_bind (server, transport, ep, sizeof ep);

    void *client = ts_socket (ctx, ZMQ_ROUTER);
    ts_set_str (client, ZMQ_ROUTING_ID, "client");
    ts_set_int (client, ZMQ_ROUTER_MANDATORY, mandatory);
    ts_set_str (client, ZMQ_CONNECT_ROUTING_ID, "srv");
    REQUIRE (zmq_connect (client, ep) == 0);
    ts_send (client, "srv", ZMQ_SNDMORE);
    ts_send (client, "early", 0);

    ts_expect (server, "client", 1);
    ts_expect (server, "early", 0);
    ts_send (server, "client", ZMQ_SNDMORE);
    ts_send (server, "reply", 0);
    /* The client knows the server by the connect routing id, not by the
     * id the server announced. */
    ts_expect (client, "srv", 1);
    ts_expect (client, "reply", 0);

    /* A second connect without the option is anonymous until its
     * handshake; with it, it is named at once too. */
    ts_set_str (client, ZMQ_CONNECT_ROUTING_ID, "srv2");
    void *server2 = ts_socket (ctx, ZMQ_ROUTER);
    char ep2[256];
    nt_bind (server2, transport, ep2, sizeof ep2);
    REQUIRE (zmq_connect (client, ep2) == 0);
    ts_send (client, "srv2", ZMQ_SNDMORE);
    ts_send (client, "second", 0);
    ts_expect (server2, "client", 1);
    ts_expect (server2, "second", 0);
    ts_expect_none (server, 20);

    CHECK (zmq_close (client) == 0);
    CHECK (zmq_close (server) == 0);
    CHECK (zmq_close (server2) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
}

int main (void)
{
    test_start (40);
    check ("tcp", 0);
    check ("tcp", 1);
    check ("ipc", 0);
    check ("ipc", 1);
    return test_end ();
}
