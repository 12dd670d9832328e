/* Hostile CURVE clients over raw TCP: HELLO commands of many lengths (none
 * but 200 bytes is valid), a 200-byte HELLO whose box does not open, a
 * wrong major version, an INITIATE or a MESSAGE instead of HELLO, a 70 KB
 * HELLO. Each costs only its own connection: the server hangs up, a CURVE
 * client connected before keeps being served, and a new one after. */
#include "rawpeer.h"
#include "secutil.h"

static sz_keys_t server_keys, client_keys;

static void good_config (void *s)
{
    sz_curve_client (s, server_keys.public_z85, &client_keys);
}

int main (void)
{
    test_start (60);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    sz_keypair (&server_keys);
    sz_keypair (&client_keys);
    void *server = ts_socket (ctx, ZMQ_PULL);
    sz_curve_server (server, &server_keys);
    ts_set_int (server, ZMQ_HANDSHAKE_IVL, 3000);
    char ep[256];
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);
    void *before = sz_good_client (ctx, server, ep, good_config);

    /* HELLO's body after its name: version 1.0, 72 bytes of zeros, C' (32),
     * short nonce (8), box (80): 194 bytes. Random bytes for the rest. */
    size_t big_size = 70000;
    unsigned char *body = malloc (big_size);
    REQUIRE (body);
    for (size_t i = 0; i < big_size; i++)
        body[i] = (unsigned char) (i * 131 + 7);
    body[0] = 1;
    body[1] = 0;
    memset (body + 2, 0, 72);
    static const size_t lengths[] = {0,   1,   2,   3,   10,  73,  74, 100,
                                     150, 193, 195, 199, 200, 250, 255, 1000};
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++)
        sz_expect_refused (ep, "CURVE", "HELLO", body, lengths[i], "HELLO of a bad length");
    sz_expect_refused (ep, "CURVE", "HELLO", body, 194, "HELLO whose box does not open");
    body[0] = 2;
    sz_expect_refused (ep, "CURVE", "HELLO", body, 194, "HELLO of version 2.0");
    body[0] = 1;
    sz_expect_refused (ep, "CURVE", "INITIATE", body, 250, "INITIATE first");
    sz_expect_refused (ep, "CURVE", "MESSAGE", body, 40, "MESSAGE first");
    sz_expect_refused (ep, "CURVE", "HELLO", body, big_size, "70 KB HELLO");
    free (body);

    sz_still_serving (ctx, server, before, ep, good_config);
    CHECK (zmq_close (server) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
