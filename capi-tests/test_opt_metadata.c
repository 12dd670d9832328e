/* ZMQ_METADATA: application metadata set on one socket is sent in its
 * handshake and shows up through zmq_msg_gets on messages the peer
 * receives from it (tcp and ipc), next to the standard properties. */
#include "nettest.h"

/* A draft option in 4.3's zmq.h, but the library takes it. */
#ifndef ZMQ_METADATA
#define ZMQ_METADATA 95
#endif

static void run (void *ctx, const char *transport)
{
    char ep[256];
    void *router = ts_socket (ctx, ZMQ_ROUTER);
    ts_set_str (router, ZMQ_METADATA, "X-Side:server");
    nt_bind (router, transport, ep, sizeof ep);
    void *dealer = ts_socket (ctx, ZMQ_DEALER);
    ts_set_str (dealer, ZMQ_METADATA, "X-Color:blue");
    ts_set_str (dealer, ZMQ_METADATA, "X-Shape:round");
    ts_set_str (dealer, ZMQ_ROUTING_ID, "dealer-1");
    REQUIRE (zmq_connect (dealer, ep) == 0);
    ts_send (dealer, "hello", 0);

    zmq_msg_t id, body;
    zmq_msg_init (&id);
    zmq_msg_init (&body);
    REQUIRE (ts_wait_in (router, TS_WAIT_MS));
    REQUIRE (zmq_msg_recv (&id, router, 0) == 8);
    CHECK (memcmp (zmq_msg_data (&id), "dealer-1", 8) == 0);
    REQUIRE (zmq_msg_recv (&body, router, 0) == 5);
    const char *v = zmq_msg_gets (&body, "X-Color");
    CHECK (v && strcmp (v, "blue") == 0);
    v = zmq_msg_gets (&body, "X-Shape");
    CHECK (v && strcmp (v, "round") == 0);
    v = zmq_msg_gets (&body, "Socket-Type");
    CHECK (v && strcmp (v, "DEALER") == 0);
    /* 4.3 names the peer's routing id "Identity". */
    v = zmq_msg_gets (&body, "Identity");
    CHECK (v && strcmp (v, "dealer-1") == 0);
    CHECK (zmq_msg_gets (&body, "X-Side") == NULL);

    /* And the other way round. */
    CHECK (zmq_msg_send (&id, router, ZMQ_SNDMORE) == 8);
    ts_send (router, "back", 0);
    zmq_msg_t reply;
    zmq_msg_init (&reply);
    REQUIRE (ts_wait_in (dealer, TS_WAIT_MS));
    REQUIRE (zmq_msg_recv (&reply, dealer, 0) == 4);
    v = zmq_msg_gets (&reply, "X-Side");
    CHECK (v && strcmp (v, "server") == 0);
    v = zmq_msg_gets (&reply, "Socket-Type");
    CHECK (v && strcmp (v, "ROUTER") == 0);
    CHECK (zmq_msg_gets (&reply, "X-Color") == NULL);

    zmq_msg_close (&reply);
    zmq_msg_close (&body);
    zmq_msg_close (&id);
    CHECK (zmq_close (dealer) == 0);
    CHECK (zmq_close (router) == 0);
}

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    run (ctx, "tcp");
    run (ctx, "ipc");
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
