/* zmq_setsockopt(3) / zmq_getsockopt(3) reject what libzmq 4.3 rejects with
 * EINVAL: out-of-range values, unknown options, setting read-only options,
 * reading write-only ones, malformed ZMQ_METADATA and accept filters. A
 * rejected value leaves the option unchanged. */
#include "testutil.h"

#include <stdint.h>

#ifndef ZMQ_METADATA
#define ZMQ_METADATA 95
#endif

static void check_rejected (void *s, int option, int value)
{
    int before = 0, after = 0;
    size_t size = sizeof before;
    CHECK (zmq_getsockopt (s, option, &before, &size) == 0);
    CHECK_ERR (zmq_setsockopt (s, option, &value, sizeof value), EINVAL);
    size = sizeof after;
    CHECK (zmq_getsockopt (s, option, &after, &size) == 0);
    if (before != after) {
        fprintf (stderr, "option %d changed from %d to %d by a rejected %d\n",
                 option, before, after, value);
        testutil_failures++;
    }
}

static void check_accepted (void *s, int option, int value)
{
    if (zmq_setsockopt (s, option, &value, sizeof value) != 0) {
        fprintf (stderr, "option %d = %d rejected: errno %d\n", option, value,
                 zmq_errno ());
        testutil_failures++;
    }
}

static int get_int (void *s, int option)
{
    int value = 0;
    size_t size = sizeof value;
    CHECK (zmq_getsockopt (s, option, &value, &size) == 0);
    return value;
}

static void check_socket (void *s)
{
    /* Ranges. */
    check_rejected (s, ZMQ_SNDHWM, -1);
    check_rejected (s, ZMQ_RCVHWM, -1000);
    check_rejected (s, ZMQ_RATE, 0);
    check_rejected (s, ZMQ_RATE, -5);
    check_rejected (s, ZMQ_RECOVERY_IVL, -1);
    check_rejected (s, ZMQ_SNDBUF, -2);
    check_rejected (s, ZMQ_RCVBUF, -2);
    check_rejected (s, ZMQ_TOS, -1);
    check_rejected (s, ZMQ_LINGER, -2);
    check_rejected (s, ZMQ_RECONNECT_IVL, -2);
    check_rejected (s, ZMQ_RECONNECT_IVL_MAX, -1);
    check_rejected (s, ZMQ_BACKLOG, -1);
    check_rejected (s, ZMQ_MULTICAST_HOPS, 0);
    check_rejected (s, ZMQ_MULTICAST_MAXTPDU, 0);
    check_rejected (s, ZMQ_RCVTIMEO, -2);
    check_rejected (s, ZMQ_SNDTIMEO, -2);
    check_rejected (s, ZMQ_IPV6, 2);
    check_rejected (s, ZMQ_IPV6, -1);
    check_rejected (s, ZMQ_IPV4ONLY, 2);
    check_rejected (s, ZMQ_IMMEDIATE, 2);
    check_rejected (s, ZMQ_CONFLATE, 2);
    check_rejected (s, ZMQ_TCP_KEEPALIVE, 2);
    check_rejected (s, ZMQ_TCP_KEEPALIVE, -2);
    check_rejected (s, ZMQ_TCP_KEEPALIVE_CNT, -2);
    check_rejected (s, ZMQ_TCP_KEEPALIVE_IDLE, -2);
    check_rejected (s, ZMQ_TCP_KEEPALIVE_INTVL, -2);
    check_rejected (s, ZMQ_PLAIN_SERVER, 2);
    check_rejected (s, ZMQ_CURVE_SERVER, -1);
    check_rejected (s, ZMQ_GSSAPI_SERVER, 2);
    check_rejected (s, ZMQ_GSSAPI_PLAINTEXT, 2);
    check_rejected (s, ZMQ_GSSAPI_PRINCIPAL_NAMETYPE, 3);
    check_rejected (s, ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE, -1);
    check_rejected (s, ZMQ_HANDSHAKE_IVL, -1);
    check_rejected (s, ZMQ_HEARTBEAT_IVL, -1);
    check_rejected (s, ZMQ_HEARTBEAT_TIMEOUT, -1);
    check_rejected (s, ZMQ_CONNECT_TIMEOUT, -1);
    check_rejected (s, ZMQ_TCP_MAXRT, -1);
    check_rejected (s, ZMQ_USE_FD, -2);

    /* ZMQ_HEARTBEAT_TTL is kept in deciseconds (truncated), 0..6553500 ms. */
    check_accepted (s, ZMQ_HEARTBEAT_TTL, 1234);
    CHECK (get_int (s, ZMQ_HEARTBEAT_TTL) == 1200);
    check_accepted (s, ZMQ_HEARTBEAT_TTL, 99);
    CHECK (get_int (s, ZMQ_HEARTBEAT_TTL) == 0);
    check_accepted (s, ZMQ_HEARTBEAT_TTL, 6553599);
    CHECK (get_int (s, ZMQ_HEARTBEAT_TTL) == 6553500);
    check_rejected (s, ZMQ_HEARTBEAT_TTL, 6553600);
    check_rejected (s, ZMQ_HEARTBEAT_TTL, -100);

    /* Unknown options, both ways. */
    const int unknown[] = {0, 1, 2, 3, 10, 20, 26, 29, 30, 67, 82, 83,
                           1000, -1};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        int value = 1;
        size_t size = sizeof value;
        CHECK_ERR (zmq_setsockopt (s, unknown[i], &value, sizeof value), EINVAL);
        CHECK_ERR (zmq_getsockopt (s, unknown[i], &value, &size), EINVAL);
    }

    /* Read-only options cannot be set. */
    const int read_only[] = {ZMQ_TYPE, ZMQ_RCVMORE, ZMQ_FD, ZMQ_EVENTS,
                             ZMQ_MECHANISM, ZMQ_THREAD_SAFE};
    for (size_t i = 0; i < sizeof read_only / sizeof read_only[0]; i++) {
        int value = 1;
        CHECK_ERR (zmq_setsockopt (s, read_only[i], &value, sizeof value), EINVAL);
    }
    CHECK_ERR (zmq_setsockopt (s, ZMQ_LAST_ENDPOINT, "tcp://x:1", 9), EINVAL);

    /* Write-only options cannot be read. */
    const int write_only[] = {ZMQ_TCP_ACCEPT_FILTER, ZMQ_IPC_FILTER_PID,
                              ZMQ_IPC_FILTER_UID, ZMQ_IPC_FILTER_GID,
                              ZMQ_METADATA};
    for (size_t i = 0; i < sizeof write_only / sizeof write_only[0]; i++) {
        char buf[256];
        size_t size = sizeof buf;
        CHECK_ERR (zmq_getsockopt (s, write_only[i], buf, &size), EINVAL);
    }

    /* ZMQ_METADATA is "X-name:value" with a non-empty value. */
    CHECK (zmq_setsockopt (s, ZMQ_METADATA, "X-color:blue", 12) == 0);
    CHECK (zmq_setsockopt (s, ZMQ_METADATA, "X-a:b", 5) == 0);
    CHECK_ERR (zmq_setsockopt (s, ZMQ_METADATA, "color:blue", 10), EINVAL);
    CHECK_ERR (zmq_setsockopt (s, ZMQ_METADATA, "x-color:blue", 12), EINVAL);
    CHECK_ERR (zmq_setsockopt (s, ZMQ_METADATA, "X-color:", 8), EINVAL);
    CHECK_ERR (zmq_setsockopt (s, ZMQ_METADATA, ":X-color", 8), EINVAL);
    CHECK_ERR (zmq_setsockopt (s, ZMQ_METADATA, "X-color", 7), EINVAL);
    CHECK_ERR (zmq_setsockopt (s, ZMQ_METADATA, "", 0), EINVAL);

    /* Accept filters are numeric addresses with an optional prefix. */
    CHECK_ERR (zmq_setsockopt (s, ZMQ_TCP_ACCEPT_FILTER, "not-an-ip", 9), EINVAL);
    CHECK_ERR (zmq_setsockopt (s, ZMQ_TCP_ACCEPT_FILTER, "localhost", 9), EINVAL);
    CHECK_ERR (zmq_setsockopt (s, ZMQ_TCP_ACCEPT_FILTER, "10.0.0.0/33", 11), EINVAL);
    CHECK_ERR (zmq_setsockopt (s, ZMQ_TCP_ACCEPT_FILTER, "::1", 3), EINVAL);
    int on = 1;
    CHECK (zmq_setsockopt (s, ZMQ_IPV6, &on, sizeof on) == 0);
    CHECK (zmq_setsockopt (s, ZMQ_TCP_ACCEPT_FILTER, "::1", 3) == 0);
    CHECK (zmq_setsockopt (s, ZMQ_TCP_ACCEPT_FILTER, NULL, 0) == 0);

    /* Routing ids cannot be empty. */
    CHECK_ERR (zmq_setsockopt (s, ZMQ_ROUTING_ID, NULL, 0), EINVAL);
}

int main (void)
{
    test_start (10);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    const int types[] = {ZMQ_PAIR, ZMQ_DEALER, ZMQ_ROUTER, ZMQ_SUB, ZMQ_PUB,
                         ZMQ_REQ, ZMQ_PULL};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        void *s = zmq_socket (ctx, types[i]);
        REQUIRE (s);
        check_socket (s);
        CHECK (zmq_close (s) == 0);
    }
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
