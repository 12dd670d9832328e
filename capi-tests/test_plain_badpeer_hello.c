/* Hostile PLAIN clients over raw TCP: HELLO commands cut at every length,
 * with lengths that claim more than is there, trailing bytes, a wrong
 * command name, a 100 KiB HELLO, a HELLO sent twice. Each costs only its
 * own connection: the server hangs up on it, a client that was connected
 * before keeps being served, and a new good client is served after. */
#include "rawpeer.h"
#include "secutil.h"

int main (void)
{
    test_start (60);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    sz_zap_t *zap = sz_zap_admin (ctx, ZMQ_REP);
    void *server = ts_socket (ctx, ZMQ_PULL);
    sz_plain_server (server);
    ts_set_int (server, ZMQ_HANDSHAKE_IVL, 2000);
    char ep[256];
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);
    void *before = sz_good_client (ctx, server, ep, sz_admin_client);

    /* A valid HELLO body: 5 "admin" 6 "secret". */
    const unsigned char valid[] = {5,   'a', 'd', 'm', 'i', 'n', 6,
                                   's', 'e', 'c', 'r', 'e', 't'};
    for (size_t len = 0; len < sizeof valid; len++)
        sz_expect_refused (ep, "PLAIN", "HELLO", valid, len, "truncated HELLO");
    unsigned char longer[sizeof valid + 3];
    memcpy (longer, valid, sizeof valid);
    memcpy (longer + sizeof valid, "xyz", 3);
    sz_expect_refused (ep, "PLAIN", "HELLO", longer, sizeof longer, "trailing bytes");
    const unsigned char claims_more[] = {200, 'a', 'd', 'm', 'i', 'n'};
    sz_expect_refused (ep, "PLAIN", "HELLO", claims_more, sizeof claims_more,
                    "user length past the end");
    const unsigned char pw_claims_more[] = {5, 'a', 'd', 'm', 'i', 'n', 255, 'x'};
    sz_expect_refused (ep, "PLAIN", "HELLO", pw_claims_more, sizeof pw_claims_more,
                    "password length past the end");
    sz_expect_refused (ep, "PLAIN", "HELLX", valid, sizeof valid, "wrong command name");
    sz_expect_refused (ep, "PLAIN", "INITIATE", valid, sizeof valid, "INITIATE first");
    size_t big_size = 100 * 1024;
    unsigned char *big = malloc (big_size);
    REQUIRE (big);
    memset (big, 0xff, big_size);
    sz_expect_refused (ep, "PLAIN", "HELLO", big, big_size, "100 KiB HELLO");
    free (big);

    /* A good HELLO, then HELLO again instead of INITIATE. */
    int fd = sz_raw_greet (ep, "PLAIN");
    REQUIRE (fd >= 0);
    CHECK (sz_raw_plain_hello (fd, "admin", "secret") == 0);
    sz_raw_command (fd, "HELLO", valid, sizeof valid);
    CHECK (rp_wait_closed (fd, TS_WAIT_MS));
    close (fd);

    sz_still_serving (ctx, server, before, ep, sz_admin_client);
    CHECK (zmq_close (server) == 0);
    sz_zap_stop (zap);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
