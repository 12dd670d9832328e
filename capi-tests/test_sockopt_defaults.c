/* zmq_getsockopt(3): every generic option reads back libzmq 4.3's default,
 * on every socket type, with the documented value sizes. SUB and XSUB are the
 * one exception: their ZMQ_LINGER starts at 0. */
#include "testutil.h"

#include <stdint.h>

/* Options from the draft part of zmq.h that the library builds in. */
#ifndef ZMQ_ZAP_ENFORCE_DOMAIN
#define ZMQ_ZAP_ENFORCE_DOMAIN 93
#endif
#ifndef ZMQ_LOOPBACK_FASTPATH
#define ZMQ_LOOPBACK_FASTPATH 94
#endif
#ifndef ZMQ_MULTICAST_LOOP
#define ZMQ_MULTICAST_LOOP 96
#endif
#ifndef ZMQ_SOCKS_USERNAME
#define ZMQ_SOCKS_USERNAME 99
#endif
#ifndef ZMQ_SOCKS_PASSWORD
#define ZMQ_SOCKS_PASSWORD 100
#endif
#ifndef ZMQ_RECONNECT_STOP
#define ZMQ_RECONNECT_STOP 109
#endif

static int get_int (void *s, int option)
{
    int value = 0x5a5a5a5a;
    size_t size = sizeof value;
    int rc = zmq_getsockopt (s, option, &value, &size);
    if (rc != 0 || size != sizeof value) {
        fprintf (stderr, "getsockopt(%d) rc=%d size=%zu errno=%d\n", option,
                 rc, size, zmq_errno ());
        testutil_failures++;
    }
    return value;
}

/* Checks that a string option reads as "" (one NUL byte). */
static void check_empty_string (void *s, int option)
{
    char buf[64];
    memset (buf, 'x', sizeof buf);
    size_t size = sizeof buf;
    int rc = zmq_getsockopt (s, option, buf, &size);
    if (rc != 0 || size != 1 || buf[0] != '\0') {
        fprintf (stderr, "string option %d: rc=%d size=%zu\n", option, rc,
                 size);
        testutil_failures++;
    }
}

static void check_type (int type)
{
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *s = zmq_socket (ctx, type);
    REQUIRE (s);

    CHECK (get_int (s, ZMQ_TYPE) == type);
    CHECK (get_int (s, ZMQ_SNDHWM) == 1000);
    CHECK (get_int (s, ZMQ_RCVHWM) == 1000);
    CHECK (get_int (s, ZMQ_RATE) == 100);
    CHECK (get_int (s, ZMQ_RECOVERY_IVL) == 10000);
    CHECK (get_int (s, ZMQ_SNDBUF) == -1);
    CHECK (get_int (s, ZMQ_RCVBUF) == -1);
    /* SUB and XSUB drop unsent subscriptions at close: linger 0. */
    int linger = (type == ZMQ_SUB || type == ZMQ_XSUB) ? 0 : -1;
    CHECK (get_int (s, ZMQ_LINGER) == linger);
    CHECK (get_int (s, ZMQ_RECONNECT_IVL) == 100);
    CHECK (get_int (s, ZMQ_RECONNECT_IVL_MAX) == 0);
    CHECK (get_int (s, ZMQ_BACKLOG) == 100);
    CHECK (get_int (s, ZMQ_MULTICAST_HOPS) == 1);
    CHECK (get_int (s, ZMQ_RCVTIMEO) == -1);
    CHECK (get_int (s, ZMQ_SNDTIMEO) == -1);
    CHECK (get_int (s, ZMQ_IPV6) == 0);
    CHECK (get_int (s, ZMQ_IPV4ONLY) == 1);
    CHECK (get_int (s, ZMQ_IMMEDIATE) == 0);
    CHECK (get_int (s, ZMQ_TCP_KEEPALIVE) == -1);
    CHECK (get_int (s, ZMQ_TCP_KEEPALIVE_CNT) == -1);
    CHECK (get_int (s, ZMQ_TCP_KEEPALIVE_IDLE) == -1);
    CHECK (get_int (s, ZMQ_TCP_KEEPALIVE_INTVL) == -1);
    CHECK (get_int (s, ZMQ_MECHANISM) == ZMQ_NULL);
    CHECK (get_int (s, ZMQ_PLAIN_SERVER) == 0);
    CHECK (get_int (s, ZMQ_CURVE_SERVER) == 0);
    CHECK (get_int (s, ZMQ_GSSAPI_SERVER) == 0);
    CHECK (get_int (s, ZMQ_GSSAPI_PLAINTEXT) == 0);
    CHECK (get_int (s, ZMQ_GSSAPI_PRINCIPAL_NAMETYPE) == ZMQ_GSSAPI_NT_HOSTBASED);
    CHECK (get_int (s, ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE) == ZMQ_GSSAPI_NT_HOSTBASED);
    CHECK (get_int (s, ZMQ_CONFLATE) == 0);
    CHECK (get_int (s, ZMQ_TOS) == 0);
    CHECK (get_int (s, ZMQ_HANDSHAKE_IVL) == 30000);
    CHECK (get_int (s, ZMQ_INVERT_MATCHING) == 0);
    CHECK (get_int (s, ZMQ_HEARTBEAT_IVL) == 0);
    CHECK (get_int (s, ZMQ_HEARTBEAT_TTL) == 0);
    CHECK (get_int (s, ZMQ_HEARTBEAT_TIMEOUT) == -1);
    CHECK (get_int (s, ZMQ_CONNECT_TIMEOUT) == 0);
    CHECK (get_int (s, ZMQ_TCP_MAXRT) == 0);
    CHECK (get_int (s, ZMQ_MULTICAST_MAXTPDU) == 1500);
    CHECK (get_int (s, ZMQ_USE_FD) == -1);
    CHECK (get_int (s, ZMQ_ZAP_ENFORCE_DOMAIN) == 0);
    CHECK (get_int (s, ZMQ_LOOPBACK_FASTPATH) == 0);
    CHECK (get_int (s, ZMQ_MULTICAST_LOOP) == 1);
    CHECK (get_int (s, ZMQ_RECONNECT_STOP) == 0);

    uint64_t affinity = 99;
    size_t size = sizeof affinity;
    CHECK (zmq_getsockopt (s, ZMQ_AFFINITY, &affinity, &size) == 0);
    CHECK (affinity == 0 && size == sizeof affinity);

    int64_t maxmsgsize = 99;
    size = sizeof maxmsgsize;
    CHECK (zmq_getsockopt (s, ZMQ_MAXMSGSIZE, &maxmsgsize, &size) == 0);
    CHECK (maxmsgsize == -1 && size == sizeof maxmsgsize);

    unsigned char id[256];
    size = sizeof id;
    CHECK (zmq_getsockopt (s, ZMQ_ROUTING_ID, id, &size) == 0);
    CHECK (size == 0);

    check_empty_string (s, ZMQ_LAST_ENDPOINT);
    check_empty_string (s, ZMQ_PLAIN_USERNAME);
    check_empty_string (s, ZMQ_PLAIN_PASSWORD);
    check_empty_string (s, ZMQ_ZAP_DOMAIN);
    check_empty_string (s, ZMQ_SOCKS_PROXY);
    check_empty_string (s, ZMQ_SOCKS_USERNAME);
    check_empty_string (s, ZMQ_SOCKS_PASSWORD);
    check_empty_string (s, ZMQ_GSSAPI_PRINCIPAL);
    check_empty_string (s, ZMQ_GSSAPI_SERVICE_PRINCIPAL);
    check_empty_string (s, ZMQ_BINDTODEVICE);

    /* CURVE keys start all zero: 32 binary bytes or 40 Z85 '0's + NUL. */
    unsigned char key[32];
    memset (key, 0xff, sizeof key);
    size = sizeof key;
    CHECK (zmq_getsockopt (s, ZMQ_CURVE_PUBLICKEY, key, &size) == 0);
    CHECK (size == 32);
    for (int i = 0; i < 32; i++)
        CHECK (key[i] == 0);
    char z85[41];
    size = sizeof z85;
    CHECK (zmq_getsockopt (s, ZMQ_CURVE_SERVERKEY, z85, &size) == 0);
    CHECK (size == 41);
    CHECK (strcmp (z85, "0000000000000000000000000000000000000000") == 0);

    CHECK (zmq_close (s) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
}

/* ZMQ_STREAM sockets are covered by test_sockopt_stream.c. */
int main (void)
{
    test_start (10);
    const int types[] = {ZMQ_PAIR,   ZMQ_PUB,  ZMQ_SUB,  ZMQ_REQ,
                         ZMQ_REP,    ZMQ_DEALER, ZMQ_ROUTER, ZMQ_PULL,
                         ZMQ_PUSH,   ZMQ_XPUB, ZMQ_XSUB};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        check_type (types[i]);
    return test_end ();
}
