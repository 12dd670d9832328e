/* CURVE key options: each of ZMQ_CURVE_PUBLICKEY / _SECRETKEY / _SERVERKEY
 * is set as 32 binary bytes or 40-character Z85 (41 with its NUL) and read
 * back in both sizes (32: binary, 41: Z85 with NUL); any other size is
 * EINVAL both ways; ZMQ_MECHANISM reads ZMQ_CURVE; and keys given in binary
 * on one side and Z85 on the other make a working handshake. */
#include "secutil.h"

static void check_key (void *s, int option, const sz_keys_t *k, int public)
{
    const unsigned char *bin = public ? k->public_bin : k->secret_bin;
    const char *z85 = public ? k->public_z85 : k->secret_z85;
    unsigned char out_bin[64];
    size_t size = 32;
    CHECK (zmq_getsockopt (s, option, out_bin, &size) == 0);
    CHECK (size == 32 && memcmp (out_bin, bin, 32) == 0);
    char out_z85[64];
    size = 41;
    CHECK (zmq_getsockopt (s, option, out_z85, &size) == 0);
    CHECK (size == 41 && strcmp (out_z85, z85) == 0);
    size = 40;
    CHECK_ERR (zmq_getsockopt (s, option, out_z85, &size), EINVAL);
    size = 31;
    CHECK_ERR (zmq_getsockopt (s, option, out_bin, &size), EINVAL);
}

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    sz_keys_t server_keys, client_keys;
    sz_keypair (&server_keys);
    sz_keypair (&client_keys);

    /* The client in binary form. */
    void *client = ts_socket (ctx, ZMQ_PUSH);
    CHECK (zmq_setsockopt (client, ZMQ_CURVE_SERVERKEY, server_keys.public_bin,
                           32) == 0);
    CHECK (zmq_setsockopt (client, ZMQ_CURVE_PUBLICKEY, client_keys.public_bin,
                           32) == 0);
    CHECK (zmq_setsockopt (client, ZMQ_CURVE_SECRETKEY, client_keys.secret_bin,
                           32) == 0);
    CHECK (ts_get_int (client, ZMQ_MECHANISM) == ZMQ_CURVE);
    CHECK (ts_get_int (client, ZMQ_CURVE_SERVER) == 0);
    check_key (client, ZMQ_CURVE_SERVERKEY, &server_keys, 1);
    check_key (client, ZMQ_CURVE_PUBLICKEY, &client_keys, 1);
    check_key (client, ZMQ_CURVE_SECRETKEY, &client_keys, 0);
    /* Wrong sizes are refused and change nothing. */
    CHECK_ERR (zmq_setsockopt (client, ZMQ_CURVE_SERVERKEY,
                               client_keys.public_bin, 31), EINVAL);
    CHECK_ERR (zmq_setsockopt (client, ZMQ_CURVE_SERVERKEY,
                               client_keys.public_z85, 39), EINVAL);
    CHECK_ERR (zmq_setsockopt (client, ZMQ_CURVE_PUBLICKEY,
                               client_keys.public_bin, 33), EINVAL);
    check_key (client, ZMQ_CURVE_SERVERKEY, &server_keys, 1);

    /* The server in Z85 form, the public key with its NUL. */
    void *server = ts_socket (ctx, ZMQ_PULL);
    ts_set_int (server, ZMQ_CURVE_SERVER, 1);
    CHECK (zmq_setsockopt (server, ZMQ_CURVE_SECRETKEY, server_keys.secret_z85,
                           40) == 0);
    CHECK (zmq_setsockopt (server, ZMQ_CURVE_PUBLICKEY, server_keys.public_z85,
                           41) == 0);
    CHECK (ts_get_int (server, ZMQ_MECHANISM) == ZMQ_CURVE);
    CHECK (ts_get_int (server, ZMQ_CURVE_SERVER) == 1);
    check_key (server, ZMQ_CURVE_SECRETKEY, &server_keys, 0);
    check_key (server, ZMQ_CURVE_PUBLICKEY, &server_keys, 1);

    char ep[256];
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);
    REQUIRE (zmq_connect (client, ep) == 0);
    CHECK (sz_delivered (server, client, "binary meets z85"));

    CHECK (zmq_close (client) == 0);
    CHECK (zmq_close (server) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
