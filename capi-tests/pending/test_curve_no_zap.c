/* CURVE with no ZAP handler bound: any client that knows the server's
 * public key is served (encryption without authentication), also with
 * ZMQ_ZAP_ENFORCE_DOMAIN alone; with a ZMQ_ZAP_DOMAIN and
 * ZMQ_ZAP_ENFORCE_DOMAIN the handshake fails (NO_DETAIL, EFAULT) and the
 * client sees the server hang up. */
#include "secutil.h"

static void run (const char *domain, int enforce, int expect_ok)
{
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    sz_keys_t server_keys, client_keys;
    sz_keypair (&server_keys);
    sz_keypair (&client_keys);
    void *server = ts_socket (ctx, ZMQ_PULL);
    ts_set_int (server, ZMQ_HANDSHAKE_IVL, 500);
    sz_curve_server (server, &server_keys);
    if (domain)
        ts_set_str (server, ZMQ_ZAP_DOMAIN, domain);
    if (enforce)
        ts_set_int (server, ZMQ_ZAP_ENFORCE_DOMAIN, 1);
    void *client = ts_socket (ctx, ZMQ_PUSH);
    sz_curve_client (client, server_keys.public_z85, &client_keys);
    void *server_mon = mu_monitor (ctx, server, "inproc://server-mon",
                                   SZ_HANDSHAKE_EVENTS);
    void *client_mon = mu_monitor (ctx, client, "inproc://client-mon",
                                   SZ_HANDSHAKE_EVENTS);
    char ep[256];
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);
    REQUIRE (zmq_connect (client, ep) == 0);
    if (expect_ok) {
        sz_expect_event (server_mon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0);
        sz_expect_event (client_mon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0);
        CHECK (sz_delivered (server, client, "encrypted"));
    } else {
        ts_send (client, "never", ZMQ_DONTWAIT);
        sz_expect_event (server_mon, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL,
                         EFAULT);
        sz_expect_event (client_mon, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL,
                         EPIPE);
        ts_expect_none (server, 0);
    }
    CHECK (zmq_close (client) == 0);
    CHECK (zmq_close (server) == 0);
    CHECK (zmq_close (server_mon) == 0);
    CHECK (zmq_close (client_mon) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
}

int main (void)
{
    test_start (30);
    run (NULL, 0, 1);
    run ("global", 0, 1);
    run (NULL, 1, 1);
    run ("global", 1, 0);
    return test_end ();
}
