/* ZAP status 400 and 500: the server sends ERROR and both monitors report
 * HANDSHAKE_FAILED_AUTH with the status code; nothing is delivered. For
 * PLAIN, CURVE and NULL with a ZAP domain. */
#include "secutil.h"

static void run (int status, int mechanism)
{
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    sz_zap_t *zap = sz_zap (ctx, ZMQ_REP,
                            status == 400 ? SZ_DENY_400 : SZ_DENY_500);
    void *server = ts_socket (ctx, ZMQ_PULL);
    void *client = ts_socket (ctx, ZMQ_PUSH);
    ts_set_int (server, ZMQ_HANDSHAKE_IVL, 500);
    sz_secure_pair (server, client, mechanism, NULL);
    void *server_mon = mu_monitor (ctx, server, "inproc://server-mon",
                                   SZ_HANDSHAKE_EVENTS);
    void *client_mon = mu_monitor (ctx, client, "inproc://client-mon",
                                   SZ_HANDSHAKE_EVENTS);
    char ep[256];
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);
    REQUIRE (zmq_connect (client, ep) == 0);
    ts_send (client, "never", ZMQ_DONTWAIT);
    sz_expect_event (server_mon, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, status);
    sz_expect_event (client_mon, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, status);
    ts_expect_none (server, 100);

    CHECK (zmq_close (client) == 0);
    CHECK (zmq_close (server) == 0);
    CHECK (zmq_close (server_mon) == 0);
    CHECK (zmq_close (client_mon) == 0);
    sz_zap_stop (zap);
    CHECK (zmq_ctx_term (ctx) == 0);
}

int main (void)
{
    test_start (40);
    for (int mechanism = 0; mechanism < 3; mechanism++)
        for (int status = 400; status <= 500; status += 100) {
            int before = testutil_failures;
            run (status, mechanism);
            if (testutil_failures != before)
                fprintf (stderr, "  ^ status %d, mechanism %d\n", status,
                         mechanism);
        }
    return test_end ();
}
