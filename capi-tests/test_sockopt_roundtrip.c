/* zmq_setsockopt(3) then zmq_getsockopt(3): each generic option reads back
 * what was set (int, int64, uint64, binary and string options), on several
 * socket types. */
#include "testutil.h"

#include <stdint.h>

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

static int set_get_int (void *s, int option, int value)
{
    if (zmq_setsockopt (s, option, &value, sizeof value) != 0) {
        fprintf (stderr, "setsockopt(%d, %d) failed: errno %d\n", option,
                 value, zmq_errno ());
        return 0;
    }
    int got = ~value;
    size_t size = sizeof got;
    if (zmq_getsockopt (s, option, &got, &size) != 0 || size != sizeof got) {
        fprintf (stderr, "getsockopt(%d) failed: errno %d\n", option,
                 zmq_errno ());
        return 0;
    }
    if (got != value) {
        fprintf (stderr, "option %d: set %d, got %d\n", option, value, got);
        return 0;
    }
    return 1;
}

/* Sets a string option and checks it reads back with its NUL. */
static int set_get_string (void *s, int option, const char *value)
{
    size_t len = strlen (value);
    if (zmq_setsockopt (s, option, value, len) != 0) {
        fprintf (stderr, "setsockopt(%d, \"%s\") failed: errno %d\n", option,
                 value, zmq_errno ());
        return 0;
    }
    char buf[300];
    memset (buf, 'x', sizeof buf);
    size_t size = sizeof buf;
    if (zmq_getsockopt (s, option, buf, &size) != 0) {
        fprintf (stderr, "getsockopt(%d) failed: errno %d\n", option,
                 zmq_errno ());
        return 0;
    }
    if (size != len + 1 || memcmp (buf, value, len + 1) != 0) {
        fprintf (stderr, "option %d: size %zu\n", option, size);
        return 0;
    }
    /* The rest of the caller's buffer is zeroed. */
    for (size_t i = size; i < sizeof buf; i++)
        if (buf[i] != 0)
            return 0;
    return 1;
}

static void check_type (void *ctx, int type)
{
    void *s = zmq_socket (ctx, type);
    REQUIRE (s);

    CHECK (set_get_int (s, ZMQ_SNDHWM, 0));
    CHECK (set_get_int (s, ZMQ_SNDHWM, 5));
    CHECK (set_get_int (s, ZMQ_RCVHWM, 123456));
    CHECK (set_get_int (s, ZMQ_RATE, 1));
    CHECK (set_get_int (s, ZMQ_RECOVERY_IVL, 0));
    CHECK (set_get_int (s, ZMQ_SNDBUF, 0));
    CHECK (set_get_int (s, ZMQ_SNDBUF, 8192));
    CHECK (set_get_int (s, ZMQ_SNDBUF, -1));
    CHECK (set_get_int (s, ZMQ_RCVBUF, 65536));
    CHECK (set_get_int (s, ZMQ_LINGER, 0));
    CHECK (set_get_int (s, ZMQ_LINGER, 2500));
    CHECK (set_get_int (s, ZMQ_LINGER, -1));
    CHECK (set_get_int (s, ZMQ_RECONNECT_IVL, -1));
    CHECK (set_get_int (s, ZMQ_RECONNECT_IVL, 250));
    CHECK (set_get_int (s, ZMQ_RECONNECT_IVL_MAX, 5000));
    CHECK (set_get_int (s, ZMQ_BACKLOG, 0));
    CHECK (set_get_int (s, ZMQ_BACKLOG, 500));
    CHECK (set_get_int (s, ZMQ_MULTICAST_HOPS, 16));
    CHECK (set_get_int (s, ZMQ_RCVTIMEO, 0));
    CHECK (set_get_int (s, ZMQ_RCVTIMEO, 1500));
    CHECK (set_get_int (s, ZMQ_SNDTIMEO, -1));
    CHECK (set_get_int (s, ZMQ_SNDTIMEO, 42));
    CHECK (set_get_int (s, ZMQ_IMMEDIATE, 1));
    CHECK (set_get_int (s, ZMQ_TCP_KEEPALIVE, 0));
    CHECK (set_get_int (s, ZMQ_TCP_KEEPALIVE, 1));
    CHECK (set_get_int (s, ZMQ_TCP_KEEPALIVE_CNT, 0));
    CHECK (set_get_int (s, ZMQ_TCP_KEEPALIVE_CNT, 9));
    CHECK (set_get_int (s, ZMQ_TCP_KEEPALIVE_IDLE, 120));
    CHECK (set_get_int (s, ZMQ_TCP_KEEPALIVE_INTVL, 30));
    CHECK (set_get_int (s, ZMQ_CONFLATE, 1));
    CHECK (set_get_int (s, ZMQ_CONFLATE, 0));
    CHECK (set_get_int (s, ZMQ_TOS, 0x28));
    CHECK (set_get_int (s, ZMQ_HANDSHAKE_IVL, 0));
    CHECK (set_get_int (s, ZMQ_HEARTBEAT_IVL, 1000));
    CHECK (set_get_int (s, ZMQ_HEARTBEAT_TIMEOUT, 0));
    CHECK (set_get_int (s, ZMQ_HEARTBEAT_TIMEOUT, 3000));
    CHECK (set_get_int (s, ZMQ_HEARTBEAT_TTL, 2000));
    CHECK (set_get_int (s, ZMQ_CONNECT_TIMEOUT, 700));
    CHECK (set_get_int (s, ZMQ_TCP_MAXRT, 5000));
    CHECK (set_get_int (s, ZMQ_MULTICAST_MAXTPDU, 9000));
    CHECK (set_get_int (s, ZMQ_USE_FD, -1));
    CHECK (set_get_int (s, ZMQ_GSSAPI_PLAINTEXT, 1));
    CHECK (set_get_int (s, ZMQ_GSSAPI_PRINCIPAL_NAMETYPE, ZMQ_GSSAPI_NT_KRB5_PRINCIPAL));
    CHECK (set_get_int (s, ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE, ZMQ_GSSAPI_NT_USER_NAME));
    CHECK (set_get_int (s, ZMQ_RECONNECT_STOP, 3));
    CHECK (set_get_int (s, ZMQ_MULTICAST_LOOP, 0));
    CHECK (set_get_int (s, ZMQ_ZAP_ENFORCE_DOMAIN, 1));
    CHECK (set_get_int (s, ZMQ_LOOPBACK_FASTPATH, 1));
    CHECK (set_get_int (s, ZMQ_INVERT_MATCHING, 1));

    /* Relaxed booleans store any non-zero value as 1. */
    int seven = 7, got = 0;
    size_t size = sizeof got;
    CHECK (zmq_setsockopt (s, ZMQ_ZAP_ENFORCE_DOMAIN, &seven, sizeof seven) == 0);
    CHECK (zmq_getsockopt (s, ZMQ_ZAP_ENFORCE_DOMAIN, &got, &size) == 0);
    CHECK (got == 1);

    /* ZMQ_IPV6 and the deprecated ZMQ_IPV4ONLY are one setting. */
    CHECK (set_get_int (s, ZMQ_IPV6, 1));
    size = sizeof got;
    CHECK (zmq_getsockopt (s, ZMQ_IPV4ONLY, &got, &size) == 0);
    CHECK (got == 0);
    CHECK (set_get_int (s, ZMQ_IPV4ONLY, 1));
    size = sizeof got;
    CHECK (zmq_getsockopt (s, ZMQ_IPV6, &got, &size) == 0);
    CHECK (got == 0);

    uint64_t affinity = 0x8000000000000003ULL, affinity_got = 0;
    CHECK (zmq_setsockopt (s, ZMQ_AFFINITY, &affinity, sizeof affinity) == 0);
    size = sizeof affinity_got;
    CHECK (zmq_getsockopt (s, ZMQ_AFFINITY, &affinity_got, &size) == 0);
    CHECK (affinity_got == affinity && size == 8);

    int64_t maxmsg = 1 << 20, maxmsg_got = 0;
    CHECK (zmq_setsockopt (s, ZMQ_MAXMSGSIZE, &maxmsg, sizeof maxmsg) == 0);
    size = sizeof maxmsg_got;
    CHECK (zmq_getsockopt (s, ZMQ_MAXMSGSIZE, &maxmsg_got, &size) == 0);
    CHECK (maxmsg_got == maxmsg && size == 8);
    maxmsg = -1;
    CHECK (zmq_setsockopt (s, ZMQ_MAXMSGSIZE, &maxmsg, sizeof maxmsg) == 0);

    /* Routing ids are binary, 1..255 bytes, returned without a NUL. */
    const unsigned char id[] = {0, 'a', 0xff, 'b'};
    unsigned char id_got[255];
    CHECK (zmq_setsockopt (s, ZMQ_ROUTING_ID, id, sizeof id) == 0);
    size = sizeof id_got;
    CHECK (zmq_getsockopt (s, ZMQ_ROUTING_ID, id_got, &size) == 0);
    CHECK (size == sizeof id && memcmp (id, id_got, sizeof id) == 0);
    unsigned char long_id[255];
    memset (long_id, 'L', sizeof long_id);
    CHECK (zmq_setsockopt (s, ZMQ_IDENTITY, long_id, sizeof long_id) == 0);
    size = sizeof id_got;
    CHECK (zmq_getsockopt (s, ZMQ_IDENTITY, id_got, &size) == 0);
    CHECK (size == 255 && memcmp (long_id, id_got, 255) == 0);

    CHECK (set_get_string (s, ZMQ_ZAP_DOMAIN, "global"));
    CHECK (set_get_string (s, ZMQ_SOCKS_PROXY, "127.0.0.1:1080"));
    CHECK (set_get_string (s, ZMQ_SOCKS_USERNAME, "someone"));
    CHECK (set_get_string (s, ZMQ_SOCKS_PASSWORD, "secret"));
    CHECK (set_get_string (s, ZMQ_BINDTODEVICE, "lo"));
    CHECK (set_get_string (s, ZMQ_BINDTODEVICE, "0123456789abcdef"));
    CHECK (set_get_string (s, ZMQ_PLAIN_USERNAME, "admin"));
    CHECK (set_get_string (s, ZMQ_PLAIN_PASSWORD, "password"));
    CHECK (set_get_string (s, ZMQ_GSSAPI_PRINCIPAL, "user@EXAMPLE"));
    CHECK (set_get_string (s, ZMQ_GSSAPI_SERVICE_PRINCIPAL, "svc@EXAMPLE"));

    /* A NULL value with length 0 clears the strings that allow it. */
    CHECK (zmq_setsockopt (s, ZMQ_SOCKS_PROXY, NULL, 0) == 0);
    CHECK (set_get_string (s, ZMQ_SOCKS_PROXY, "h:1"));
    CHECK (zmq_setsockopt (s, ZMQ_BINDTODEVICE, NULL, 0) == 0);
    char buf[32];
    size = sizeof buf;
    CHECK (zmq_getsockopt (s, ZMQ_BINDTODEVICE, buf, &size) == 0);
    CHECK (size == 1 && buf[0] == 0);
    CHECK (zmq_setsockopt (s, ZMQ_SOCKS_USERNAME, "", 0) == 0);
    size = sizeof buf;
    CHECK (zmq_getsockopt (s, ZMQ_SOCKS_USERNAME, buf, &size) == 0);
    CHECK (size == 1);

    /* Set-only options accept their values. */
    CHECK (zmq_setsockopt (s, ZMQ_TCP_ACCEPT_FILTER, "127.0.0.1", 9) == 0);
    CHECK (zmq_setsockopt (s, ZMQ_TCP_ACCEPT_FILTER, "10.0.0.0/8", 10) == 0);
    CHECK (zmq_setsockopt (s, ZMQ_TCP_ACCEPT_FILTER, NULL, 0) == 0);
    int id_filter = 1000;
    CHECK (zmq_setsockopt (s, ZMQ_IPC_FILTER_UID, &id_filter, sizeof id_filter) == 0);
    CHECK (zmq_setsockopt (s, ZMQ_IPC_FILTER_GID, &id_filter, sizeof id_filter) == 0);
    CHECK (zmq_setsockopt (s, ZMQ_IPC_FILTER_PID, &id_filter, sizeof id_filter) == 0);
    CHECK (zmq_setsockopt (s, ZMQ_IPC_FILTER_UID, NULL, 0) == 0);

    CHECK (zmq_close (s) == 0);
}

/* ZMQ_STREAM sockets are covered by test_sockopt_stream.c. */
int main (void)
{
    test_start (10);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    const int types[] = {ZMQ_PAIR, ZMQ_PUB,  ZMQ_SUB,    ZMQ_REQ,
                         ZMQ_REP,  ZMQ_DEALER, ZMQ_ROUTER, ZMQ_PULL,
                         ZMQ_PUSH, ZMQ_XPUB, ZMQ_XSUB};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        check_type (ctx, types[i]);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
