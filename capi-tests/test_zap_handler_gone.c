/* A ZAP handler that never answers, or closes its socket without
 * answering: the waiting handshake fails when ZMQ_HANDSHAKE_IVL runs out
 * (HANDSHAKE_FAILED_NO_DETAIL), the process and the server socket live on,
 * and once the handler is gone a new PLAIN client fails at once as with no
 * handler (EFAULT). The timeout's value is not pinned: libzmq 4.3.4 reports
 * whatever errno was left over (EAGAIN from its last non-blocking read),
 * this library ETIMEDOUT. */
#include "secutil.h"

static void run (enum sz_zap_mode mode)
{
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    sz_zap_t *zap = sz_zap (ctx, ZMQ_REP, mode);
    void *server = ts_socket (ctx, ZMQ_PULL);
    ts_set_int (server, ZMQ_HANDSHAKE_IVL, 300);
    sz_plain_server (server);
    void *server_mon = mu_monitor (ctx, server, "inproc://server-mon",
                                   SZ_HANDSHAKE_EVENTS);
    char ep[256];
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);

    void *client = ts_socket (ctx, ZMQ_PUSH);
    sz_admin_client (client);
    REQUIRE (zmq_connect (client, ep) == 0);
    ts_send (client, "never", ZMQ_DONTWAIT);
    uint32_t value = mu_expect (server_mon, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL,
                                NULL);
    CHECK (value == EAGAIN || value == ETIMEDOUT);
    CHECK (sz_zap_requests (zap) >= 1);
    CHECK (zmq_close (client) == 0);

    if (mode == SZ_CLOSE) {
        client = ts_socket (ctx, ZMQ_PUSH);
        sz_admin_client (client);
        REQUIRE (zmq_connect (client, ep) == 0);
        sz_expect_event (server_mon, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL,
                         EFAULT);
        CHECK (zmq_close (client) == 0);
    }
    ts_expect_none (server, 0);
    CHECK (zmq_close (server) == 0);
    CHECK (zmq_close (server_mon) == 0);
    sz_zap_stop (zap);
    CHECK (zmq_ctx_term (ctx) == 0);
}

int main (void)
{
    test_start (30);
    run (SZ_SILENT);
    run (SZ_CLOSE);
    return test_end ();
}
