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
    sz_link_t l;
    sz_link_sockets (ctx, &l);
    sz_secure_pair (l.server, l.client, mechanism, NULL);
    sz_link_connect (ctx, &l);
    ts_send (l.client, "never", ZMQ_DONTWAIT);
    sz_expect_event (l.server_mon, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, status);
    sz_expect_event (l.client_mon, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, status);
    ts_expect_none (l.server, 100);

    sz_link_close (&l);
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
