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
    sz_link_t l;
    sz_link_sockets (ctx, &l);
    sz_secure_pair (l.server, l.client, 2, NULL);
    if (domain)
        ts_set_str (l.server, ZMQ_ZAP_DOMAIN, domain);
    if (enforce)
        ts_set_int (l.server, ZMQ_ZAP_ENFORCE_DOMAIN, 1);
    sz_link_connect (ctx, &l);
    if (expect_ok) {
        sz_expect_event (l.server_mon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0);
        sz_expect_event (l.client_mon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0);
        CHECK (sz_delivered (l.server, l.client, "encrypted"));
    } else {
        ts_send (l.client, "never", ZMQ_DONTWAIT);
        sz_expect_event (l.server_mon, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL,
                         EFAULT);
        sz_expect_event (l.client_mon, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL,
                         EPIPE);
        ts_expect_none (l.server, 0);
    }
    sz_link_close (&l);
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
