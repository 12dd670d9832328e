/* A client asking for a security mechanism the server does not use (CURVE,
 * PLAIN, or a made-up one, against NULL) is disconnected; the server keeps
 * serving good clients. */
#include "rawpeer.h"

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    char ep[256];
    void *server = rp_server (ctx, ep, sizeof ep);

    static const char *mechanisms[] = {"CURVE", "PLAIN", "BOGUS"};
    for (size_t i = 0; i < sizeof mechanisms / sizeof mechanisms[0]; i++) {
        int fd = rp_connect (ep);
        unsigned char greeting[64];
        rp_greeting (greeting, 3, 0, mechanisms[i]);
        rp_send (fd, greeting, sizeof greeting);
        if (!rp_wait_closed (fd, TS_WAIT_MS)) {
            fprintf (stderr, "mechanism %s: connection not closed\n",
                     mechanisms[i]);
            testutil_failures++;
        }
        close (fd);
        rp_check_good_client (ctx, server, ep);
    }

    CHECK (zmq_close (server) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
