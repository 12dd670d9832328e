/* ZMQ_RECONNECT_IVL -1 (libzmq's test_reconnect_ivl): a PAIR whose peer
 * unbinds does not reconnect when the peer binds again, but an explicit
 * new zmq_connect does, and messages pass again. In libzmq the session
 * that will never reconnect removes its endpoint from the socket, pipe
 * and all, so the new connect is the PAIR's only pipe. The sockets keep
 * the default ZMQ_LINGER, and zmq_ctx_term returns. */
#include "nettest.h"

static void bounce (void *server, void *client)
{
    ts_send (client, "ping", ZMQ_SNDMORE);
    ts_send (client, "ping2", 0);
    ts_expect (server, "ping", 1);
    ts_expect (server, "ping2", 0);
    ts_send (server, "pong", 0);
    ts_expect (client, "pong", 0);
}

/* Nothing passes either way (a send may queue or say EAGAIN). */
static void bounce_fails (void *server, void *client)
{
    zmq_send (client, "lost", 4, ZMQ_DONTWAIT);
    ts_expect_none (server, 250);
    zmq_send (server, "lost", 4, ZMQ_DONTWAIT);
    ts_expect_none (client, 250);
}

static void run (const char *transport)
{
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    char ep[256];
    void *server = zmq_socket (ctx, ZMQ_PAIR);
    REQUIRE (server);
    nt_bind_rebindable (ctx, server, transport, ep, sizeof ep);
    void *client = zmq_socket (ctx, ZMQ_PAIR);
    REQUIRE (client);
    ts_set_int (client, ZMQ_RECONNECT_IVL, -1);
    REQUIRE (zmq_connect (client, ep) == 0);
    bounce (server, client);

    REQUIRE (zmq_unbind (server, ep) == 0);
    bounce_fails (server, client);
    nt_rebind (server, ep);
    bounce_fails (server, client);
    REQUIRE (zmq_connect (client, ep) == 0);
    bounce (server, client);

    CHECK (zmq_close (client) == 0);
    CHECK (zmq_close (server) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
}

int main (void)
{
    test_start (40);
    run ("ipc");
    run ("tcp");
    return test_end ();
}
