/* Clients that connect and say nothing (or stop halfway through the
 * greeting) do not block anyone else; with ZMQ_HANDSHAKE_IVL the server
 * drops them when the handshake does not complete in time. */
#include "rawpeer.h"

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    char ep[256];
    void *server = ts_socket (ctx, ZMQ_PULL);
    ts_set_int (server, ZMQ_HANDSHAKE_IVL, 300);
    CHECK (ts_get_int (server, ZMQ_HANDSHAKE_IVL) == 300);
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);

    int silent[5];
    for (int i = 0; i < 5; i++)
        silent[i] = rp_connect (ep);
    int half = rp_connect (ep);
    unsigned char greeting[64];
    rp_greeting (greeting, 3, 0, "NULL");
    rp_send (half, greeting, 11);

    /* Good clients are served while the silent ones hang around. */
    rp_check_good_client (ctx, server, ep);

    /* The handshake interval runs out: the server hangs up on them. */
    for (int i = 0; i < 5; i++) {
        CHECK (rp_wait_closed (silent[i], TS_WAIT_MS));
        close (silent[i]);
    }
    CHECK (rp_wait_closed (half, TS_WAIT_MS));
    close (half);
    rp_check_good_client (ctx, server, ep);

    /* Default interval (30 s): a silent client is still not in the way. */
    void *server2 = rp_server (ctx, ep, sizeof ep);
    int fd = rp_connect (ep);
    rp_check_good_client (ctx, server2, ep);
    close (fd);

    CHECK (zmq_close (server2) == 0);
    CHECK (zmq_close (server) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
