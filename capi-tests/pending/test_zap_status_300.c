/* ZAP status 300 (temporary failure): the server reports
 * HANDSHAKE_FAILED_AUTH with 300 and closes the connection without an
 * ERROR command, so the client sees only a hang-up (NO_DETAIL, EPIPE) and
 * tries again later. */
#include "secutil.h"

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    sz_zap_t *zap = sz_zap (ctx, ZMQ_REP, SZ_DENY_300);
    void *server = ts_socket (ctx, ZMQ_PULL);
    ts_set_int (server, ZMQ_HANDSHAKE_IVL, 500);
    void *client = ts_socket (ctx, ZMQ_PUSH);
    sz_secure_pair (server, client, 1, NULL);
    void *server_mon = mu_monitor (ctx, server, "inproc://server-mon",
                                   SZ_HANDSHAKE_EVENTS);
    void *client_mon = mu_monitor (ctx, client, "inproc://client-mon",
                                   SZ_HANDSHAKE_EVENTS);
    char ep[256];
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);
    REQUIRE (zmq_connect (client, ep) == 0);
    ts_send (client, "never", ZMQ_DONTWAIT);
    sz_expect_event (server_mon, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, 300);
    sz_expect_event (client_mon, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, EPIPE);
    /* It reconnects and is asked about again. */
    sz_expect_event (server_mon, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, 300);
    CHECK (sz_zap_requests (zap) >= 2);
    ts_expect_none (server, 0);

    CHECK (zmq_close (client) == 0);
    CHECK (zmq_close (server) == 0);
    CHECK (zmq_close (server_mon) == 0);
    CHECK (zmq_close (client_mon) == 0);
    sz_zap_stop (zap);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
