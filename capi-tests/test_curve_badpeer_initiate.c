/* Hostile CURVE clients that get past HELLO/WELCOME with real crypto and
 * then send a bad INITIATE: metadata whose value length claims 4 GiB
 * inside a valid box, a cookie that is not the server's, a vouch for
 * another short-term key, INITIATE commands too short to hold a box. Each
 * gets its connection closed. A valid INITIATE with 20 KB of metadata (the
 * shape of CVE-2019-13132) costs at most its own connection. Throughout, a
 * CURVE client connected before keeps being served and a new one after. */
#include "curvepeer.h"

static sz_keys_t server_keys, client_keys;

static void good_config (void *s)
{
    sz_curve_client (s, server_keys.public_z85, &client_keys);
}

int main (void)
{
    test_start (60);
    cp_require ();
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    sz_keypair (&server_keys);
    sz_keypair (&client_keys);
    void *server = ts_socket (ctx, ZMQ_PULL);
    sz_curve_server (server, &server_keys);
    char ep[256];
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);
    void *before = sz_good_client (ctx, server, ep, good_config);
    unsigned char md[64];
    size_t md_size = sz_push_metadata (md);
    cp_peer_t p;

    /* The raw client is right: a full handshake and one message. */
    REQUIRE (cp_hello (&p, ep, server_keys.public_bin, client_keys.public_bin,
                       client_keys.secret_bin) == 0);
    cp_initiate (&p, md, md_size, p.tpublic, 0);
    CHECK (cp_ready (&p) == 0);
    cp_message (&p, p.nonce++, "raw", 0);
    ts_expect (server, "raw", 0);
    close (p.fd);

    /* Socket-Type's value length claims 4 GiB. */
    unsigned char bad_md[64];
    memcpy (bad_md, md, md_size);
    bad_md[12] = bad_md[13] = bad_md[14] = bad_md[15] = 0xff;
    REQUIRE (cp_hello (&p, ep, server_keys.public_bin, client_keys.public_bin,
                       client_keys.secret_bin) == 0);
    cp_initiate (&p, bad_md, md_size, p.tpublic, 0);
    cp_expect_closed (p.fd, "metadata length of 4 GiB");

    /* A cookie the server did not make. */
    REQUIRE (cp_hello (&p, ep, server_keys.public_bin, client_keys.public_bin,
                       client_keys.secret_bin) == 0);
    cp_initiate (&p, md, md_size, p.tpublic, 1);
    cp_expect_closed (p.fd, "bad cookie");

    /* A vouch for a short-term key that is not C'. */
    REQUIRE (cp_hello (&p, ep, server_keys.public_bin, client_keys.public_bin,
                       client_keys.secret_bin) == 0);
    cp_initiate (&p, md, md_size, server_keys.public_bin, 0);
    cp_expect_closed (p.fd, "vouch for another key");

    /* INITIATE bodies too short for cookie, nonce and box. */
    static const size_t short_sizes[] = {0, 1, 96, 104, 119, 120, 200, 247};
    unsigned char junk[256];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (unsigned char) (i * 29 + 3);
    for (size_t i = 0; i < sizeof short_sizes / sizeof short_sizes[0]; i++) {
        REQUIRE (cp_hello (&p, ep, server_keys.public_bin,
                           client_keys.public_bin, client_keys.secret_bin)
                 == 0);
        sz_raw_command (p.fd, "INITIATE", junk, short_sizes[i]);
        cp_expect_closed (p.fd, "short INITIATE");
    }

    /* 20 KB of valid metadata: accepted or refused, nothing else breaks. */
    size_t big_size = 20 * 1024;
    unsigned char *big = malloc (md_size + 10 + big_size);
    REQUIRE (big);
    memcpy (big, md, md_size);
    size_t n = md_size;
    big[n++] = 5;
    memcpy (big + n, "X-Big", 5);
    n += 5;
    big[n++] = 0;
    big[n++] = 0;
    big[n++] = (unsigned char) (big_size >> 8);
    big[n++] = (unsigned char) big_size;
    memset (big + n, 'v', big_size);
    n += big_size;
    REQUIRE (cp_hello (&p, ep, server_keys.public_bin, client_keys.public_bin,
                       client_keys.secret_bin) == 0);
    cp_initiate (&p, big, n, p.tpublic, 0);
    free (big);

    sz_still_serving (ctx, server, before, ep, good_config);
    close (p.fd);
    CHECK (zmq_close (server) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
