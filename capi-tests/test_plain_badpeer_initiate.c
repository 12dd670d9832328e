/* Hostile PLAIN clients that pass HELLO and then send a bad INITIATE:
 * metadata whose value length claims 4 GiB or 2 GiB (the class of
 * CVE-2019-13132: nothing may be sized by it), a name length past the end,
 * an incompatible Socket-Type: each gets the connection closed. Every
 * truncation of a valid property list is sent too (libzmq 4.3.4 lets a few
 * of them through, so only the outcome for others is checked there).
 * Throughout, a client connected before keeps being served and a
 * new one is served after; a valid but large (200 KiB) INITIATE costs at
 * most its own connection too. */
#include "rawpeer.h"
#include "secutil.h"

/* Returns whether the server hung up within a second. */
static int bad_initiate (const char *ep, const unsigned char *md, size_t size)
{
    int fd = sz_raw_greet (ep, "PLAIN");
    REQUIRE (fd >= 0);
    CHECK (sz_raw_plain_hello (fd, "admin", "secret") == 0);
    sz_raw_command (fd, "INITIATE", md, size);
    int closed = rp_wait_closed (fd, 1000);
    close (fd);
    return closed;
}

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

    unsigned char md[64];
    size_t n = sz_push_metadata (md);
    /* Socket-Type's value length claims 4 GiB, then 2 GiB. */
    md[12] = md[13] = md[14] = md[15] = 0xff;
    CHECK (bad_initiate (ep, md, n));
    md[12] = 0x7f;
    CHECK (bad_initiate (ep, md, n));
    /* A name length past the end. */
    const unsigned char long_name[] = {200, 'S', 'o', 'c', 'k'};
    CHECK (bad_initiate (ep, long_name, sizeof long_name));
    /* Every truncation of a valid property list. */
    n = sz_push_metadata (md);
    for (size_t len = 1; len < n; len++)
        bad_initiate (ep, md, len);
    /* PULL cannot talk to PULL. */
    memcpy (md + n - 4, "PULL", 4);
    CHECK (bad_initiate (ep, md, n));

    /* A valid INITIATE with a 200 KiB property: accepted or refused, it
     * must cost nothing else. */
    size_t big_size = 200 * 1024;
    unsigned char *big = malloc (big_size + 64);
    REQUIRE (big);
    n = sz_push_metadata (big);
    const char *name = "X-Big";
    big[n++] = 5;
    memcpy (big + n, name, 5);
    n += 5;
    uint32_t value_len = (uint32_t) big_size;
    big[n++] = (unsigned char) (value_len >> 24);
    big[n++] = (unsigned char) (value_len >> 16);
    big[n++] = (unsigned char) (value_len >> 8);
    big[n++] = (unsigned char) value_len;
    memset (big + n, 'v', big_size);
    n += big_size;
    int fd = sz_raw_greet (ep, "PLAIN");
    REQUIRE (fd >= 0);
    CHECK (sz_raw_plain_hello (fd, "admin", "secret") == 0);
    sz_raw_command (fd, "INITIATE", big, n);
    free (big);

    sz_still_serving (ctx, server, before, ep, sz_admin_client);
    close (fd);
    CHECK (zmq_close (server) == 0);
    sz_zap_stop (zap);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
