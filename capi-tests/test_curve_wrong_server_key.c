/* A CURVE client holding the wrong server public key cannot complete the
 * handshake: the server cannot open its HELLO and reports
 * HANDSHAKE_FAILED_PROTOCOL (ZMTP_CRYPTOGRAPHIC), the client sees the
 * hang-up, nothing is delivered, and a client with the right key on the
 * same server is served. */
#include "secutil.h"

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    sz_keys_t server_keys, other_keys, client_keys;
    sz_keypair (&server_keys);
    sz_keypair (&other_keys);
    sz_keypair (&client_keys);
    void *server = ts_socket (ctx, ZMQ_PULL);
    ts_set_int (server, ZMQ_HANDSHAKE_IVL, 500);
    sz_curve_server (server, &server_keys);
    void *server_mon = mu_monitor (ctx, server, "inproc://server-mon",
                                   SZ_HANDSHAKE_EVENTS);
    char ep[256];
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);

    void *wrong = ts_socket (ctx, ZMQ_PUSH);
    sz_curve_client (wrong, other_keys.public_z85, &client_keys);
    void *wrong_mon = mu_monitor (ctx, wrong, "inproc://wrong-mon",
                                  SZ_HANDSHAKE_EVENTS);
    REQUIRE (zmq_connect (wrong, ep) == 0);
    ts_send (wrong, "never", ZMQ_DONTWAIT);
    sz_expect_event (server_mon, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL,
                     ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC);
    sz_expect_event (wrong_mon, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, EPIPE);
    ts_expect_none (server, 0);

    void *good = ts_socket (ctx, ZMQ_PUSH);
    sz_curve_client (good, server_keys.public_z85, &client_keys);
    REQUIRE (zmq_connect (good, ep) == 0);
    CHECK (sz_delivered (server, good, "right key"));

    CHECK (zmq_close (good) == 0);
    CHECK (zmq_close (wrong) == 0);
    CHECK (zmq_close (server) == 0);
    CHECK (zmq_close (server_mon) == 0);
    CHECK (zmq_close (wrong_mon) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
