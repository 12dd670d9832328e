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
    sz_link_t l;
    sz_link_sockets (ctx, &l);
    sz_secure_pair (l.server, l.client, 1, NULL);
    sz_link_connect (ctx, &l);
    ts_send (l.client, "never", ZMQ_DONTWAIT);
    sz_expect_event (l.server_mon, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, 300);
    sz_expect_event (l.client_mon, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, EPIPE);
    /* It reconnects and is asked about again. */
    sz_expect_event (l.server_mon, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, 300);
    CHECK (sz_zap_requests (zap) >= 2);
    ts_expect_none (l.server, 0);

    sz_link_close (&l);
    sz_zap_stop (zap);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
