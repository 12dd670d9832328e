/* ZMQ_ROUTING_ID on a STREAM socket reads back the routing id the socket
 * last generated for a peer (libzmq stores it in the option), so a client
 * can address the peer it just connected to without waiting for the
 * connect notification; a routing id set by the caller reads back until
 * the next generated one. */
#include "nettest.h"

static int get_id (void *s, unsigned char *id, size_t size)
{
    memset (id, 0xAA, size);
    size_t got = size;
    REQUIRE (zmq_getsockopt (s, ZMQ_ROUTING_ID, id, &got) == 0);
    return (int) got;
}

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    char ep[256];
    void *server = ts_socket (ctx, ZMQ_STREAM);
    nt_bind (server, "tcp", ep, sizeof ep);
    unsigned char id[256];
    CHECK (get_id (server, id, sizeof id) == 0);

    void *client = ts_socket (ctx, ZMQ_STREAM);
    ts_set_str (client, ZMQ_ROUTING_ID, "mine");
    CHECK (get_id (client, id, sizeof id) == 4);
    REQUIRE (zmq_connect (client, ep) == 0);
    /* The connect generated the id of the server peer. */
    unsigned char server_id[256];
    int server_id_size = get_id (client, server_id, sizeof server_id);
    CHECK (server_id_size == 5 && server_id[0] == 0);

    /* The client addresses the server by it at once. */
    CHECK (zmq_send (client, server_id, (size_t) server_id_size, ZMQ_SNDMORE)
           == server_id_size);
    ts_send (client, "hello", 0);

    /* The server's connect notification names the client, and the option
     * now reads as that name. */
    char got[256];
    int client_id_size = ts_recv (server, got, sizeof got);
    CHECK (client_id_size == 5);
    unsigned char client_id[256];
    memcpy (client_id, got, (size_t) (client_id_size > 0 ? client_id_size : 0));
    ts_expect (server, "", 0);
    CHECK (get_id (server, id, sizeof id) == client_id_size);
    CHECK (memcmp (id, client_id, (size_t) client_id_size) == 0);
    /* The rest of the buffer is zeroed. */
    CHECK (id[client_id_size] == 0 && id[sizeof id - 1] == 0);
    CHECK (ts_recv (server, got, sizeof got) == client_id_size);
    ts_expect (server, "hello", 0);

    /* The client's own notification carries the id the option gave. */
    CHECK (ts_recv (client, got, sizeof got) == server_id_size);
    CHECK (memcmp (got, server_id, (size_t) server_id_size) == 0);
    ts_expect (client, "", 0);

    /* Setting the option again replaces the generated value. */
    ts_set_str (server, ZMQ_ROUTING_ID, "set");
    CHECK (get_id (server, id, sizeof id) == 3 && memcmp (id, "set", 3) == 0);

    /* A ZMQ_CONNECT_ROUTING_ID connect generates nothing. */
    void *server2 = ts_socket (ctx, ZMQ_STREAM);
    char ep2[256];
    nt_bind (server2, "tcp", ep2, sizeof ep2);
    ts_set_str (client, ZMQ_CONNECT_ROUTING_ID, "named");
    REQUIRE (zmq_connect (client, ep2) == 0);
    CHECK (get_id (client, id, sizeof id) == server_id_size);
    CHECK (memcmp (id, server_id, (size_t) server_id_size) == 0);

    CHECK (zmq_close (client) == 0);
    CHECK (zmq_close (server) == 0);
    CHECK (zmq_close (server2) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
