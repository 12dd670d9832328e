/* A client that sends garbage instead of a greeting costs only its own
 * connection: the server keeps serving good clients, during and after. */
#include "rawpeer.h"

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    char ep[256];
    void *server = rp_server (ctx, ep, sizeof ep);

    /* Text instead of a signature. */
    int fd = rp_connect (ep);
    const char junk[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
    rp_send (fd, junk, sizeof junk - 1);
    rp_check_good_client (ctx, server, ep);
    close (fd);

    /* A valid first byte, then noise; a lot of it. */
    fd = rp_connect (ep);
    unsigned char noise[8192];
    noise[0] = 0xff;
    for (size_t i = 1; i < sizeof noise; i++)
        noise[i] = (unsigned char) (i * 131 + 7);
    for (int i = 0; i < 16; i++)
        rp_send (fd, noise, sizeof noise);
    rp_check_good_client (ctx, server, ep);
    close (fd);

    /* Bytes of all values, then an abrupt close. */
    fd = rp_connect (ep);
    unsigned char all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (unsigned char) (255 - i);
    rp_send (fd, all, sizeof all);
    close (fd);
    rp_check_good_client (ctx, server, ep);

    CHECK (zmq_close (server) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
