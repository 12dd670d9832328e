/* Clients announcing other protocol versions (older, unknown, newer) do not
 * disturb the server; a newer 3.x minor version still gets a 3.0 greeting
 * back (ZMTP: the lower version wins). */
#include "rawpeer.h"

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    char ep[256];
    void *server = rp_server (ctx, ep, sizeof ep);

    static const int versions[][2] = {{0, 0}, {1, 0}, {2, 0}, {255, 255}};
    for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++) {
        int fd = rp_connect (ep);
        unsigned char greeting[64];
        rp_greeting (greeting, versions[i][0], versions[i][1], "NULL");
        rp_send (fd, greeting, sizeof greeting);
        rp_check_good_client (ctx, server, ep);
        close (fd);
        rp_check_good_client (ctx, server, ep);
    }

    /* A 3.1 client is served like a 3.0 one. */
    int fd = rp_connect (ep);
    unsigned char greeting[64];
    rp_greeting (greeting, 3, 1, "NULL");
    rp_send (fd, greeting, sizeof greeting);
    unsigned char peer[64];
    CHECK (rp_read (fd, peer, sizeof peer, TS_WAIT_MS) == 0);
    CHECK (peer[0] == 0xff && peer[9] == 0x7f && peer[10] == 3);
    close (fd);
    rp_check_good_client (ctx, server, ep);

    CHECK (zmq_close (server) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
