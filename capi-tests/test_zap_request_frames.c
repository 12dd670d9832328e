/* The ZAP request exactly as libzmq 4.3.4 sends it: version "1.0", request
 * id "1", the server's ZMQ_ZAP_DOMAIN, the peer's address without port,
 * the server socket's own ZMQ_ROUTING_ID, the mechanism name, then the
 * credentials: none for NULL, user name and password for PLAIN, the
 * client's 32-byte public key for CURVE. */
#include "secutil.h"

static void check_common (sz_zap_t *zap, const char *mechanism, int nframes)
{
    CHECK (zap->nframes == nframes);
    CHECK (sz_frame_is (zap, 0, "1.0"));
    CHECK (sz_frame_is (zap, 1, "1"));
    CHECK (sz_frame_is (zap, 2, "test-domain"));
    CHECK (sz_frame_is (zap, 3, "127.0.0.1"));
    CHECK (sz_frame_is (zap, 4, "server-rid"));
    CHECK (sz_frame_is (zap, 5, mechanism));
}

/* mechanism: 0 NULL, 1 PLAIN, 2 CURVE. */
static void run (int mechanism)
{
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    sz_zap_t *zap = sz_zap (ctx, ZMQ_REP, SZ_ALLOW);
    void *server = ts_socket (ctx, ZMQ_PULL);
    void *client = ts_socket (ctx, ZMQ_PUSH);
    sz_keys_t server_keys, client_keys;
    sz_keypair (&server_keys);
    sz_keypair (&client_keys);
    if (mechanism == 1) {
        sz_plain_server (server);
        sz_plain_client (client, "some-user", "some-password");
    } else if (mechanism == 2) {
        sz_curve_server (server, &server_keys);
        sz_curve_client (client, server_keys.public_z85, &client_keys);
    }
    ts_set_str (server, ZMQ_ZAP_DOMAIN, "test-domain");
    ts_set_str (server, ZMQ_ROUTING_ID, "server-rid");
    char ep[256];
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);
    REQUIRE (zmq_connect (client, ep) == 0);
    CHECK (sz_delivered (server, client, "hello"));

    CHECK (zmq_close (client) == 0);
    CHECK (zmq_close (server) == 0);
    /* The handler has answered, so its record is complete. */
    pthread_mutex_lock (&zap->lock);
    CHECK (zap->requests == 1);
    if (mechanism == 0)
        check_common (zap, "NULL", 6);
    else if (mechanism == 1) {
        check_common (zap, "PLAIN", 8);
        CHECK (sz_frame_is (zap, 6, "some-user"));
        CHECK (sz_frame_is (zap, 7, "some-password"));
    } else {
        check_common (zap, "CURVE", 7);
        CHECK (zap->sizes[6] == 32
               && memcmp (zap->frames[6], client_keys.public_bin, 32) == 0);
    }
    pthread_mutex_unlock (&zap->lock);
    sz_zap_stop (zap);
    CHECK (zmq_ctx_term (ctx) == 0);
}

int main (void)
{
    test_start (30);
    for (int mechanism = 0; mechanism < 3; mechanism++) {
        int before = testutil_failures;
        run (mechanism);
        if (testutil_failures != before)
            fprintf (stderr, "  ^ mechanism %d\n", mechanism);
    }
    return test_end ();
}
