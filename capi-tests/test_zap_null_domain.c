/* NULL asks ZAP only when the server has a ZMQ_ZAP_DOMAIN: without one a
 * bound handler is not asked and the client is served; with one it is
 * asked (and a 400 refuses the client); with a domain but no handler the
 * client is served; with a domain, ZMQ_ZAP_ENFORCE_DOMAIN and no handler
 * the handshake fails with NO_DETAIL: EFAULT (libzmq 4.3.4 sometimes
 * reports it only when ZMQ_HANDSHAKE_IVL runs out, as EAGAIN: whether it
 * hangs up at once depends on a stale errno there). */
#include "secutil.h"


/* handler: -1 none, else the mode. Returns whether a message arrived. */
static int run (int handler, const char *domain, int enforce,
                int expect_event, uint32_t expect_value, int expect_requests)
{
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    sz_zap_t *zap = handler >= 0
                      ? sz_zap (ctx, ZMQ_REP, (enum sz_zap_mode) handler)
                      : NULL;
    void *server = ts_socket (ctx, ZMQ_PULL);
    ts_set_int (server, ZMQ_HANDSHAKE_IVL, 300);
    if (domain)
        ts_set_str (server, ZMQ_ZAP_DOMAIN, domain);
    if (enforce)
        ts_set_int (server, ZMQ_ZAP_ENFORCE_DOMAIN, 1);
    void *server_mon = mu_monitor (ctx, server, "inproc://server-mon",
                                   SZ_HANDSHAKE_EVENTS);
    char ep[256];
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);
    void *client = ts_socket (ctx, ZMQ_PUSH);
    REQUIRE (zmq_connect (client, ep) == 0);
    ts_send (client, "hello", ZMQ_DONTWAIT);
    if (expect_value == EFAULT) {
        uint32_t value = mu_expect (server_mon, expect_event, NULL);
        CHECK (value == EFAULT || (value == EAGAIN && sz_reference ()));
    } else
        sz_expect_event (server_mon, expect_event, expect_value);
    char buf[16];
    int delivered = 0;
    if (expect_event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED)
        delivered = ts_recv (server, buf, sizeof buf) == 5;
    else
        ts_expect_none (server, 0);
    if (zap) {
        CHECK (sz_zap_requests (zap) == expect_requests);
    }
    CHECK (zmq_close (client) == 0);
    CHECK (zmq_close (server) == 0);
    CHECK (zmq_close (server_mon) == 0);
    if (zap)
        sz_zap_stop (zap);
    CHECK (zmq_ctx_term (ctx) == 0);
    return delivered;
}

int main (void)
{
    test_start (30);
    /* A handler that would refuse, but no domain: not asked. */
    CHECK (run (SZ_DENY_400, NULL, 0, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0, 0));
    /* A domain: asked, allowed. */
    CHECK (run (SZ_ALLOW, "global", 0, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0, 1));
    /* A domain: asked, refused. */
    run (SZ_DENY_400, "global", 0, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, 400, 1);
    /* A domain and no handler: served. */
    CHECK (run (-1, "global", 0, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0, 0));
    /* ... unless the domain is enforced. */
    run (-1, "global", 1, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, EFAULT, 0);
    return test_end ();
}
