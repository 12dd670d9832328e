/* A raw TCP peer for the bad-peer tests: plain sockets speaking (or
 * mangling) ZMTP 3.0 by hand, and the check that a zmq socket still serves a
 * well-behaved client afterwards. */
#ifndef CAPI_TESTS_RAWPEER_H
#define CAPI_TESTS_RAWPEER_H

#include "nettest.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

/* Connects a plain TCP socket to "tcp://127.0.0.1:port". */
static inline int rp_connect (const char *ep)
{
    const char *colon = strrchr (ep, ':');
    REQUIRE (colon);
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    REQUIRE (fd >= 0);
    struct sockaddr_in addr;
    memset (&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons ((uint16_t) atoi (colon + 1));
    addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    REQUIRE (connect (fd, (struct sockaddr *) &addr, sizeof addr) == 0);
    return fd;
}

/* A plain TCP listener on 127.0.0.1:0; writes its endpoint into ep. */
static inline int rp_listen (char *ep, size_t size)
{
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    REQUIRE (fd >= 0);
    struct sockaddr_in addr;
    memset (&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    REQUIRE (bind (fd, (struct sockaddr *) &addr, sizeof addr) == 0);
    REQUIRE (listen (fd, 8) == 0);
    socklen_t len = sizeof addr;
    REQUIRE (getsockname (fd, (struct sockaddr *) &addr, &len) == 0);
    snprintf (ep, size, "tcp://127.0.0.1:%d", ntohs (addr.sin_port));
    return fd;
}

static inline void rp_send (int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t n = send (fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return; /* the server may already have hung up: fine */
        p += n;
        len -= (size_t) n;
    }
}

/* Reads exactly len bytes within timeout_ms; 0 on success, -1 otherwise. */
static inline int rp_read (int fd, void *buf, size_t len, int timeout_ms)
{
    char *p = buf;
    int64_t deadline = ts_now_ms () + timeout_ms;
    while (len > 0) {
        int64_t left = deadline - ts_now_ms ();
        if (left <= 0)
            return -1;
        struct pollfd pfd = {fd, POLLIN, 0};
        if (poll (&pfd, 1, (int) left) <= 0)
            continue;
        ssize_t n = recv (fd, p, len, 0);
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t) n;
    }
    return 0;
}

/* Waits until the server closes the connection (EOF or reset); returns 1 if
 * it did within timeout_ms. Data the server sends meanwhile is skipped. */
static inline int rp_wait_closed (int fd, int timeout_ms)
{
    int64_t deadline = ts_now_ms () + timeout_ms;
    char buf[4096];
    while (ts_now_ms () < deadline) {
        struct pollfd pfd = {fd, POLLIN, 0};
        int rc = poll (&pfd, 1, 50);
        if (rc <= 0)
            continue;
        ssize_t n = recv (fd, buf, sizeof buf, 0);
        if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
            return 1;
    }
    return 0;
}

/* A ZMTP 3.0 greeting: signature, version, mechanism, as-server, filler. */
static inline void rp_greeting (unsigned char out[64], int major, int minor,
                                const char *mechanism)
{
    memset (out, 0, 64);
    out[0] = 0xff;
    out[9] = 0x7f;
    out[10] = (unsigned char) major;
    out[11] = (unsigned char) minor;
    memcpy (out + 12, mechanism, strlen (mechanism));
}

/* Reads one frame within TS_WAIT_MS into buf (at most cap bytes); returns
 * its size (and its flags in *flags unless NULL), or -1. */
static inline int rp_read_frame (int fd, unsigned char *buf, size_t cap,
                                 unsigned char *flags)
{
    unsigned char f;
    if (rp_read (fd, &f, 1, TS_WAIT_MS) != 0)
        return -1;
    if (flags)
        *flags = f;
    uint64_t size = 0;
    if (f & 0x02) {
        unsigned char s8[8];
        if (rp_read (fd, s8, 8, TS_WAIT_MS) != 0)
            return -1;
        for (int i = 0; i < 8; i++)
            size = size << 8 | s8[i];
    } else {
        unsigned char s1;
        if (rp_read (fd, &s1, 1, TS_WAIT_MS) != 0)
            return -1;
        size = s1;
    }
    if (size > cap || rp_read (fd, buf, (size_t) size, TS_WAIT_MS) != 0)
        return -1;
    return (int) size;
}

/* Does the NULL handshake as a client of the given socket type; returns 0
 * when the server's greeting and READY came back. */
static inline int rp_handshake (int fd, const char *socket_type)
{
    unsigned char greeting[64];
    rp_greeting (greeting, 3, 0, "NULL");
    rp_send (fd, greeting, sizeof greeting);
    unsigned char peer[64];
    if (rp_read (fd, peer, sizeof peer, TS_WAIT_MS) != 0)
        return -1;
    if (peer[0] != 0xff || peer[10] != 3 || memcmp (peer + 12, "NULL", 4) != 0)
        return -1;
    /* READY with Socket-Type. */
    unsigned char ready[64];
    size_t type_len = strlen (socket_type);
    size_t n = 0;
    ready[n++] = 0x04;
    ready[n++] = 0; /* size, filled in below */
    ready[n++] = 5;
    memcpy (ready + n, "READY", 5);
    n += 5;
    ready[n++] = 11;
    memcpy (ready + n, "Socket-Type", 11);
    n += 11;
    ready[n++] = 0;
    ready[n++] = 0;
    ready[n++] = 0;
    ready[n++] = (unsigned char) type_len;
    memcpy (ready + n, socket_type, type_len);
    n += type_len;
    ready[1] = (unsigned char) (n - 2);
    rp_send (fd, ready, n);
    /* The server's READY. */
    unsigned char body[4096], flags = 0;
    int size = rp_read_frame (fd, body, sizeof body, &flags);
    return size >= 6 && (flags & 0x04) && memcmp (body, "\x05READY", 6) == 0
             ? 0
             : -1;
}

/* Sends a message frame header (short or long form) for a body of size. */
static inline void rp_frame_header (int fd, uint64_t size, int more)
{
    unsigned char h[9];
    if (size < 256) {
        h[0] = more ? 0x01 : 0x00;
        h[1] = (unsigned char) size;
        rp_send (fd, h, 2);
    } else {
        h[0] = (unsigned char) (0x02 | (more ? 0x01 : 0x00));
        for (int i = 0; i < 8; i++)
            h[1 + i] = (unsigned char) (size >> (56 - 8 * i));
        rp_send (fd, h, 9);
    }
}

/* The server (a bound PULL) still serves a well-behaved zmq client. */
static inline void rp_check_good_client (void *ctx, void *server,
                                         const char *ep)
{
    void *good = ts_socket (ctx, ZMQ_PUSH);
    REQUIRE (zmq_connect (good, ep) == 0);
    ts_send (good, "good", 0);
    char buf[64];
    int rc;
    /* Anything a bad peer managed to get delivered comes first; skip it. */
    while ((rc = ts_recv (server, buf, sizeof buf)) >= 0
           && !(rc == 4 && memcmp (buf, "good", 4) == 0))
        ;
    CHECK (rc == 4);
    for (int i = 0; i < NT_MSGS; i++)
        nt_send_msg (good, i);
    for (int i = 0; i < NT_MSGS; i++)
        nt_expect_msg (server, i);
    CHECK (zmq_close (good) == 0);
}

/* A PULL server on tcp://127.0.0.1:* for the bad peers to abuse. */
static inline void *rp_server (void *ctx, char *ep, size_t size)
{
    void *server = ts_socket (ctx, ZMQ_PULL);
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, size);
    return server;
}

#endif
