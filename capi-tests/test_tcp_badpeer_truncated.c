/* A peer that completes the handshake, sends part of a frame (or part of a
 * multipart message) and closes delivers nothing; the server keeps serving
 * good clients. */
#include "rawpeer.h"

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    char ep[256];
    void *server = rp_server (ctx, ep, sizeof ep);

    /* Half a frame body. */
    int fd = rp_connect (ep);
    REQUIRE (rp_handshake (fd, "PUSH") == 0);
    rp_frame_header (fd, 200, 0);
    char body[200];
    memset (body, 'x', sizeof body);
    rp_send (fd, body, 50);
    close (fd);
    ts_expect_none (server, 100);
    rp_check_good_client (ctx, server, ep);

    /* Half a frame header (long form, 3 of 8 size bytes). */
    fd = rp_connect (ep);
    REQUIRE (rp_handshake (fd, "PUSH") == 0);
    const unsigned char partial[4] = {0x02, 0, 0, 0};
    rp_send (fd, partial, sizeof partial);
    close (fd);
    ts_expect_none (server, 100);
    rp_check_good_client (ctx, server, ep);

    /* A complete first frame with MORE, then close: the message is
     * incomplete and must not be delivered. */
    fd = rp_connect (ep);
    REQUIRE (rp_handshake (fd, "PUSH") == 0);
    rp_frame_header (fd, 5, 1);
    rp_send (fd, "first", 5);
    close (fd);
    ts_expect_none (server, 100);
    rp_check_good_client (ctx, server, ep);

    /* Half a greeting. */
    fd = rp_connect (ep);
    unsigned char greeting[64];
    rp_greeting (greeting, 3, 0, "NULL");
    rp_send (fd, greeting, 20);
    close (fd);
    rp_check_good_client (ctx, server, ep);

    CHECK (zmq_close (server) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
