/* zmq_has ("curve") answers 1 (libzmq 4.3.4 with libsodium does, and so
 * must this library once CURVE is in), and the keys of zmq_curve_keypair
 * really work: a handshake with them succeeds. */
#include "secutil.h"

int main (void)
{
    test_start (20);
    CHECK (zmq_has ("curve") == 1);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    sz_keys_t server_keys, client_keys;
    sz_keypair (&server_keys);
    sz_keypair (&client_keys);
    char derived[41];
    CHECK (zmq_curve_public (derived, server_keys.secret_z85) == 0);
    CHECK (strcmp (derived, server_keys.public_z85) == 0);
    void *server = ts_socket (ctx, ZMQ_PULL);
    sz_curve_server (server, &server_keys);
    void *client = ts_socket (ctx, ZMQ_PUSH);
    sz_curve_client (client, server_keys.public_z85, &client_keys);
    char ep[256];
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);
    REQUIRE (zmq_connect (client, ep) == 0);
    CHECK (sz_delivered (server, client, "curve works"));
    CHECK (zmq_close (client) == 0);
    CHECK (zmq_close (server) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
