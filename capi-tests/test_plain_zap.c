/* PLAIN authenticated by a ZAP handler, REP and ROUTER variants: the right
 * password is served (HANDSHAKE_SUCCEEDED, messages flow); a wrong one gets
 * HANDSHAKE_FAILED_AUTH with status 400 on the monitors of both sides and
 * none of its messages arrive. */
#include "secutil.h"

static void run (int handler_type)
{
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    sz_zap_t *zap = sz_zap_admin (ctx, handler_type);

    void *server = ts_socket (ctx, ZMQ_PULL);
    sz_plain_server (server);
    void *server_mon = mu_monitor (ctx, server, "inproc://plain-server-mon",
                                   SZ_HANDSHAKE_EVENTS);
    char ep[256];
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);

    void *good = ts_socket (ctx, ZMQ_PUSH);
    sz_admin_client (good);
    void *good_mon = mu_monitor (ctx, good, "inproc://plain-good-mon",
                                 SZ_HANDSHAKE_EVENTS);
    REQUIRE (zmq_connect (good, ep) == 0);
    sz_expect_event (server_mon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0);
    sz_expect_event (good_mon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0);
    CHECK (sz_delivered (server, good, "from good"));
    CHECK (sz_zap_requests (zap) == 1);

    void *bad = ts_socket (ctx, ZMQ_PUSH);
    sz_plain_client (bad, "admin", "wrong");
    void *bad_mon = mu_monitor (ctx, bad, "inproc://plain-bad-mon",
                                SZ_HANDSHAKE_EVENTS);
    REQUIRE (zmq_connect (bad, ep) == 0);
    sz_expect_event (server_mon, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, 400);
    sz_expect_event (bad_mon, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, 400);
    ts_send (bad, "from bad", ZMQ_DONTWAIT);
    /* The good client is still served; the bad one's message never comes. */
    CHECK (sz_delivered (server, good, "good again"));
    ts_expect_none (server, 200);

    CHECK (zmq_close (bad) == 0);
    CHECK (zmq_close (good) == 0);
    CHECK (zmq_close (server) == 0);
    CHECK (zmq_close (server_mon) == 0);
    CHECK (zmq_close (good_mon) == 0);
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
