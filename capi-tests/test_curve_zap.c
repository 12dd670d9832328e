/* CURVE with a ZAP handler deciding by the client's public key (REP and
 * ROUTER handlers): the allowed key is served, another key gets
 * HANDSHAKE_FAILED_AUTH 400 on both monitors and nothing of it arrives,
 * while the allowed client keeps being served. */
#include "secutil.h"

static void run (int handler_type)
{
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    sz_keys_t server_keys, good_keys, bad_keys;
    sz_keypair (&server_keys);
    sz_keypair (&good_keys);
    sz_keypair (&bad_keys);
    sz_zap_t *zap = sz_zap_start (ctx, handler_type, SZ_POLICY);
    memcpy (zap->key, good_keys.public_bin, 32);
    sz_zap_run (zap);

    void *server = ts_socket (ctx, ZMQ_PULL);
    sz_curve_server (server, &server_keys);
    void *server_mon = mu_monitor (ctx, server, "inproc://server-mon",
                                   SZ_HANDSHAKE_EVENTS);
    char ep[256];
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);

    void *good = ts_socket (ctx, ZMQ_PUSH);
    sz_curve_client (good, server_keys.public_z85, &good_keys);
    REQUIRE (zmq_connect (good, ep) == 0);
    sz_expect_event (server_mon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0);
    CHECK (sz_delivered (server, good, "allowed"));

    void *bad = ts_socket (ctx, ZMQ_PUSH);
    sz_curve_client (bad, server_keys.public_z85, &bad_keys);
    void *bad_mon = mu_monitor (ctx, bad, "inproc://bad-mon",
                                SZ_HANDSHAKE_EVENTS);
    REQUIRE (zmq_connect (bad, ep) == 0);
    ts_send (bad, "refused", ZMQ_DONTWAIT);
    sz_expect_event (server_mon, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, 400);
    sz_expect_event (bad_mon, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, 400);
    CHECK (sz_delivered (server, good, "still allowed"));
    ts_expect_none (server, 100);
    CHECK (sz_zap_requests (zap) >= 2);

    CHECK (zmq_close (good) == 0);
    CHECK (zmq_close (bad) == 0);
    CHECK (zmq_close (server) == 0);
    CHECK (zmq_close (server_mon) == 0);
    CHECK (zmq_close (bad_mon) == 0);
    sz_zap_stop (zap);
    CHECK (zmq_ctx_term (ctx) == 0);
}

int main (void)
{
    test_start (30);
    run (ZMQ_REP);
    run (ZMQ_ROUTER);
    return test_end ();
}
