/* Hostile PLAIN clients over raw TCP: HELLO commands cut at every length,
 * with lengths that claim more than is there, trailing bytes, a wrong
 * command name, a 100 KiB HELLO, a HELLO sent twice. Each costs only its
 * own connection: the server hangs up on it, a client that was connected
 * before keeps being served, and a new good client is served after. */
#include "rawpeer.h"
#include "secutil.h"

static void good_config (void *s)
{
    sz_plain_client (s, "admin", "secret");
}

/* Sends the greeting and then bytes as HELLO's body; the server must hang
 * up. */
static void expect_refused (const char *ep, const char *name,
                            const unsigned char *body, size_t size,
                            const char *what)
{
    int fd = sz_raw_greet (ep, "PLAIN");
    REQUIRE (fd >= 0);
    sz_raw_command (fd, name, body, size);
    if (!rp_wait_closed (fd, TS_WAIT_MS)) {
        fprintf (stderr, "%s (%zu bytes): connection not closed\n", what,
                 size);
        testutil_failures++;
    }
    close (fd);
}

int main (void)
{
    test_start (60);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    sz_zap_t *zap = sz_zap_start (ctx, ZMQ_REP, SZ_POLICY);
    zap->user = "admin";
    zap->password = "secret";
    sz_zap_run (zap);
    void *server = ts_socket (ctx, ZMQ_PULL);
    sz_plain_server (server);
    ts_set_int (server, ZMQ_HANDSHAKE_IVL, 2000);
    char ep[256];
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);
    void *before = sz_good_client (ctx, server, ep, good_config);

    /* A valid HELLO body: 5 "admin" 6 "secret". */
    const unsigned char valid[] = {5,   'a', 'd', 'm', 'i', 'n', 6,
                                   's', 'e', 'c', 'r', 'e', 't'};
    for (size_t len = 0; len < sizeof valid; len++)
        expect_refused (ep, "HELLO", valid, len, "truncated HELLO");
    unsigned char longer[sizeof valid + 3];
    memcpy (longer, valid, sizeof valid);
    memcpy (longer + sizeof valid, "xyz", 3);
    expect_refused (ep, "HELLO", longer, sizeof longer, "trailing bytes");
    const unsigned char claims_more[] = {200, 'a', 'd', 'm', 'i', 'n'};
    expect_refused (ep, "HELLO", claims_more, sizeof claims_more,
                    "user length past the end");
    const unsigned char pw_claims_more[] = {5, 'a', 'd', 'm', 'i', 'n', 255, 'x'};
    expect_refused (ep, "HELLO", pw_claims_more, sizeof pw_claims_more,
                    "password length past the end");
    expect_refused (ep, "HELLX", valid, sizeof valid, "wrong command name");
    expect_refused (ep, "INITIATE", valid, sizeof valid, "INITIATE first");
    size_t big_size = 100 * 1024;
    unsigned char *big = malloc (big_size);
    REQUIRE (big);
    memset (big, 0xff, big_size);
    expect_refused (ep, "HELLO", big, big_size, "100 KiB HELLO");
    free (big);

    /* A good HELLO, then HELLO again instead of INITIATE. */
    int fd = sz_raw_greet (ep, "PLAIN");
    REQUIRE (fd >= 0);
    CHECK (sz_raw_plain_hello (fd, "admin", "secret") == 0);
    sz_raw_command (fd, "HELLO", valid, sizeof valid);
    CHECK (rp_wait_closed (fd, TS_WAIT_MS));
    close (fd);

    CHECK (sz_delivered (server, before, "still here"));
    void *after = sz_good_client (ctx, server, ep, good_config);
    ts_expect_none (server, 0);

    CHECK (zmq_close (before) == 0);
    CHECK (zmq_close (after) == 0);
    CHECK (zmq_close (server) == 0);
    sz_zap_stop (zap);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
