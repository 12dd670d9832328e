/* zmq_setsockopt(3) / zmq_getsockopt(3) value sizes: an int option takes
 * exactly sizeof(int) both ways, ZMQ_AFFINITY and ZMQ_MAXMSGSIZE exactly 8
 * bytes, strings need room for their NUL, routing ids for their bytes, and
 * CURVE keys 32 (binary) or 41 (Z85 + NUL) bytes. Anything else is EINVAL
 * and changes nothing. */
#include "testutil.h"

#include <stdint.h>

int main (void)
{
    test_start (10);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *s = zmq_socket (ctx, ZMQ_DEALER);
    REQUIRE (s);

    /* Set: int options with the wrong size. */
    int64_t wide = 5;
    short narrow = 5;
    char one = 5;
    const int int_options[] = {ZMQ_SNDHWM, ZMQ_RCVHWM, ZMQ_RATE,
                               ZMQ_LINGER, ZMQ_RCVTIMEO, ZMQ_SNDTIMEO,
                               ZMQ_IPV6, ZMQ_TCP_KEEPALIVE, ZMQ_CONFLATE,
                               ZMQ_HEARTBEAT_TTL, ZMQ_HEARTBEAT_IVL,
                               ZMQ_PLAIN_SERVER, ZMQ_CURVE_SERVER,
                               ZMQ_RECONNECT_IVL, ZMQ_BACKLOG, ZMQ_TOS};
    for (size_t i = 0; i < sizeof int_options / sizeof int_options[0]; i++) {
        CHECK_ERR (zmq_setsockopt (s, int_options[i], &wide, sizeof wide), EINVAL);
        CHECK_ERR (zmq_setsockopt (s, int_options[i], &narrow, sizeof narrow), EINVAL);
        CHECK_ERR (zmq_setsockopt (s, int_options[i], &one, sizeof one), EINVAL);
    }
    int hwm = 0;
    size_t size = sizeof hwm;
    CHECK (zmq_getsockopt (s, ZMQ_SNDHWM, &hwm, &size) == 0);
    CHECK (hwm == 1000);

    /* Set: 64-bit options with an int. */
    int small = 3;
    CHECK_ERR (zmq_setsockopt (s, ZMQ_AFFINITY, &small, sizeof small), EINVAL);
    CHECK_ERR (zmq_setsockopt (s, ZMQ_MAXMSGSIZE, &small, sizeof small), EINVAL);

    /* Get: int options need exactly sizeof(int). */
    int64_t big = 0;
    size = sizeof big;
    CHECK_ERR (zmq_getsockopt (s, ZMQ_SNDHWM, &big, &size), EINVAL);
    size = sizeof narrow;
    CHECK_ERR (zmq_getsockopt (s, ZMQ_LINGER, &narrow, &size), EINVAL);
    size = 0;
    CHECK_ERR (zmq_getsockopt (s, ZMQ_TYPE, &big, &size), EINVAL);

    /* Get: 64-bit options need exactly 8 bytes. */
    int i32 = 0;
    size = sizeof i32;
    CHECK_ERR (zmq_getsockopt (s, ZMQ_AFFINITY, &i32, &size), EINVAL);
    size = sizeof i32;
    CHECK_ERR (zmq_getsockopt (s, ZMQ_MAXMSGSIZE, &i32, &size), EINVAL);
    char sixteen[16];
    size = sizeof sixteen;
    CHECK_ERR (zmq_getsockopt (s, ZMQ_MAXMSGSIZE, sixteen, &size), EINVAL);

    /* Get: a string needs len + 1 bytes; any larger buffer is fine. */
    CHECK (zmq_setsockopt (s, ZMQ_ZAP_DOMAIN, "domain", 6) == 0);
    char buf[64];
    size = 6;
    CHECK_ERR (zmq_getsockopt (s, ZMQ_ZAP_DOMAIN, buf, &size), EINVAL);
    size = 7;
    CHECK (zmq_getsockopt (s, ZMQ_ZAP_DOMAIN, buf, &size) == 0);
    CHECK (size == 7 && strcmp (buf, "domain") == 0);
    size = sizeof buf;
    CHECK (zmq_getsockopt (s, ZMQ_ZAP_DOMAIN, buf, &size) == 0);
    CHECK (size == 7);
    size = 0;
    CHECK_ERR (zmq_getsockopt (s, ZMQ_LAST_ENDPOINT, buf, &size), EINVAL);

    /* Routing id: 1..255 bytes to set; the buffer must hold all of it. */
    unsigned char id[256];
    memset (id, 'i', sizeof id);
    CHECK_ERR (zmq_setsockopt (s, ZMQ_ROUTING_ID, id, 0), EINVAL);
    CHECK_ERR (zmq_setsockopt (s, ZMQ_ROUTING_ID, id, 256), EINVAL);
    CHECK (zmq_setsockopt (s, ZMQ_ROUTING_ID, id, 10) == 0);
    size = 9;
    CHECK_ERR (zmq_getsockopt (s, ZMQ_ROUTING_ID, id, &size), EINVAL);
    size = 10;
    CHECK (zmq_getsockopt (s, ZMQ_ROUTING_ID, id, &size) == 0);
    CHECK (size == 10);

    /* String length limits. */
    char long_text[300];
    memset (long_text, 'x', sizeof long_text);
    CHECK_ERR (zmq_setsockopt (s, ZMQ_ZAP_DOMAIN, long_text, 256), EINVAL);
    CHECK (zmq_setsockopt (s, ZMQ_ZAP_DOMAIN, long_text, 255) == 0);
    CHECK_ERR (zmq_setsockopt (s, ZMQ_PLAIN_USERNAME, long_text, 256), EINVAL);
    CHECK_ERR (zmq_setsockopt (s, ZMQ_PLAIN_PASSWORD, long_text, 256), EINVAL);
    CHECK_ERR (zmq_setsockopt (s, ZMQ_BINDTODEVICE, long_text, 17), EINVAL);
    CHECK (zmq_setsockopt (s, ZMQ_SOCKS_PROXY, long_text, 300) == 0);
    size = 300;
    CHECK_ERR (zmq_getsockopt (s, ZMQ_SOCKS_PROXY, long_text, &size), EINVAL);

    /* Empty non-NULL values where a value is required. */
    CHECK_ERR (zmq_setsockopt (s, ZMQ_ZAP_DOMAIN, "", 0), EINVAL);
    CHECK_ERR (zmq_setsockopt (s, ZMQ_SOCKS_PROXY, "", 0), EINVAL);
    CHECK_ERR (zmq_setsockopt (s, ZMQ_BINDTODEVICE, "", 0), EINVAL);
    CHECK_ERR (zmq_setsockopt (s, ZMQ_PLAIN_USERNAME, "", 0), EINVAL);
    CHECK_ERR (zmq_setsockopt (s, ZMQ_GSSAPI_PRINCIPAL, "", 0), EINVAL);
    CHECK_ERR (zmq_setsockopt (s, ZMQ_TCP_ACCEPT_FILTER, "", 0), EINVAL);

    /* IPC filters take exactly one id. */
    int64_t id64 = 1;
    CHECK_ERR (zmq_setsockopt (s, ZMQ_IPC_FILTER_UID, &id64, sizeof id64), EINVAL);

    /* CURVE keys: 32, 40 or 41 bytes to set; 32 or 41 to get. */
    unsigned char key[64];
    memset (key, 1, sizeof key);
    CHECK_ERR (zmq_setsockopt (s, ZMQ_CURVE_PUBLICKEY, key, 31), EINVAL);
    CHECK_ERR (zmq_setsockopt (s, ZMQ_CURVE_PUBLICKEY, key, 33), EINVAL);
    CHECK_ERR (zmq_setsockopt (s, ZMQ_CURVE_SECRETKEY, key, 0), EINVAL);
    size = 40;
    CHECK_ERR (zmq_getsockopt (s, ZMQ_CURVE_PUBLICKEY, key, &size), EINVAL);
    size = 42;
    CHECK_ERR (zmq_getsockopt (s, ZMQ_CURVE_SERVERKEY, key, &size), EINVAL);
    size = 64;
    CHECK_ERR (zmq_getsockopt (s, ZMQ_CURVE_SECRETKEY, key, &size), EINVAL);

    CHECK (zmq_close (s) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
