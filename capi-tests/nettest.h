/* Helpers for the tcp/ipc tests: endpoints, a standard set of messages
 * (empty, small, larger than 64 KiB, multipart) and their checks, and an
 * exchange per socket pattern. */
#ifndef CAPI_TESTS_NETTEST_H
#define CAPI_TESTS_NETTEST_H

#include "testsock.h"

#define NT_BIG (100 * 1024 + 7)
#define NT_MSGS 4

/* Binds s to a wildcard endpoint of the transport ("tcp", "ws" or "ipc") and
 * stores the endpoint bound in ep. */
static inline void nt_bind (void *s, const char *transport, char *ep,
                            size_t size)
{
    if (strcmp (transport, "tcp") == 0)
        ts_bind_any (s, "tcp://127.0.0.1:*", ep, size);
    else if (strcmp (transport, "ws") == 0)
        ts_bind_any (s, "ws://127.0.0.1:*", ep, size);
    else
        ts_bind_any (s, "ipc://*", ep, size);
}

/* Binds s to exactly ep, retrying while the address is still held (a
 * closed or unbound socket releases its port from an I/O thread). */
static inline void nt_rebind (void *s, const char *ep)
{
    int64_t deadline = ts_now_ms () + TS_WAIT_MS;
    int rc = zmq_bind (s, ep);
    while (rc != 0 && zmq_errno () == EADDRINUSE && ts_now_ms () < deadline) {
        zmq_poll (NULL, 0, 5);
        rc = zmq_bind (s, ep);
    }
    REQUIRE (rc == 0);
}

/* An endpoint of the transport nobody listens on (yet): tcp binds a
 * wildcard port and lets it go; ipc names a fresh path. */
static inline void nt_free_endpoint (void *ctx, const char *transport,
                                     char *ep, size_t size)
{
    if (strcmp (transport, "tcp") == 0) {
        void *tmp = ts_socket (ctx, ZMQ_PULL);
        ts_bind_any (tmp, "tcp://127.0.0.1:*", ep, size);
        REQUIRE (zmq_unbind (tmp, ep) == 0);
        REQUIRE (zmq_close (tmp) == 0);
    } else {
        static int counter = 0;
        snprintf (ep, size, "ipc:///tmp/capi-test-%d-%d.ipc", (int) getpid (),
                  counter++);
        unlink (ep + 6);
    }
}

/* Binds s so that the same endpoint can be bound again later: tcp to a
 * wildcard port, ipc to an explicit path (the ipc wildcard's directory
 * goes away with the socket). */
static inline void nt_bind_rebindable (void *ctx, void *s,
                                       const char *transport, char *ep,
                                       size_t size)
{
    if (strcmp (transport, "tcp") == 0)
        nt_bind (s, transport, ep, size);
    else {
        nt_free_endpoint (ctx, transport, ep, size);
        REQUIRE (zmq_bind (s, ep) == 0);
    }
}

static inline char *nt_big_body (void)
{
    static char *big = NULL;
    if (!big) {
        big = malloc (NT_BIG);
        REQUIRE (big);
        for (size_t i = 0; i < NT_BIG; i++)
            big[i] = (char) ('a' + i % 23);
    }
    return big;
}

/* Standard message idx: 0 empty, 1 small, 2 big, 3 three frames. */
static inline void nt_send_msg (void *s, int idx)
{
    switch (idx) {
        case 0:
            CHECK (zmq_send (s, "", 0, 0) == 0);
            break;
        case 1:
            CHECK (zmq_send (s, "small", 5, 0) == 5);
            break;
        case 2:
            CHECK (zmq_send (s, nt_big_body (), NT_BIG, 0) == NT_BIG);
            break;
        default:
            CHECK (zmq_send (s, "m1", 2, ZMQ_SNDMORE) == 2);
            CHECK (zmq_send (s, "", 0, ZMQ_SNDMORE) == 0);
            CHECK (zmq_send (s, "m3", 2, 0) == 2);
            break;
    }
}

#define nt_expect_msg(s, idx) nt_expect_msg_at (__FILE__, __LINE__, s, idx)
static inline void nt_expect_msg_at (const char *file, int line, void *s,
                                     int idx)
{
    if (idx == 2) {
        char *buf = malloc (NT_BIG + 16);
        REQUIRE (buf);
        int rc = -1;
        if (ts_wait_in (s, TS_WAIT_MS))
            rc = zmq_recv (s, buf, NT_BIG + 16, ZMQ_DONTWAIT);
        if (rc != NT_BIG || memcmp (buf, nt_big_body (), NT_BIG) != 0) {
            fprintf (stderr, "%s:%d: big message: got %d bytes\n", file,
                     line, rc);
            testutil_failures++;
        }
        CHECK (ts_get_int (s, ZMQ_RCVMORE) == 0);
        free (buf);
        return;
    }
    if (idx == 0)
        ts_expect_at (file, line, s, "", 0);
    else if (idx == 1)
        ts_expect_at (file, line, s, "small", 0);
    else {
        ts_expect_at (file, line, s, "m1", 1);
        ts_expect_at (file, line, s, "", 1);
        ts_expect_at (file, line, s, "m3", 0);
    }
}

/* Receives a ROUTER's routing-id frame into id; returns its length. */
static inline int nt_recv_id (void *router, char *id, size_t size)
{
    int len = ts_recv (router, id, size);
    CHECK (len > 0);
    CHECK (ts_get_int (router, ZMQ_RCVMORE) == 1);
    return len;
}

/* Creates a (type_a) and b (type_b), binds one over the transport and
 * connects the other, then exchanges the standard messages in every
 * direction the pattern allows. */
static inline void nt_exchange (void *ctx, int type_a, int type_b,
                                const char *transport, int a_binds)
{
    void *a = ts_socket (ctx, type_a);
    void *b = ts_socket (ctx, type_b);
    char ep[256];
    if (a_binds) {
        nt_bind (a, transport, ep, sizeof ep);
        REQUIRE (zmq_connect (b, ep) == 0);
    } else {
        nt_bind (b, transport, ep, sizeof ep);
        REQUIRE (zmq_connect (a, ep) == 0);
    }
    char id[256];
    int idlen;
    if (type_a == ZMQ_PAIR || (type_a == ZMQ_DEALER && type_b == ZMQ_DEALER)) {
        for (int i = 0; i < NT_MSGS; i++) {
            nt_send_msg (a, i);
            nt_expect_msg (b, i);
            nt_send_msg (b, i);
            nt_expect_msg (a, i);
        }
    } else if (type_a == ZMQ_PUSH) {
        for (int i = 0; i < NT_MSGS; i++)
            nt_send_msg (a, i);
        for (int i = 0; i < NT_MSGS; i++)
            nt_expect_msg (b, i);
    } else if (type_a == ZMQ_REQ && type_b == ZMQ_REP) {
        for (int i = 0; i < NT_MSGS; i++) {
            nt_send_msg (a, i);
            nt_expect_msg (b, i);
            nt_send_msg (b, (i + 1) % NT_MSGS);
            nt_expect_msg (a, (i + 1) % NT_MSGS);
        }
    } else if (type_a == ZMQ_REQ && type_b == ZMQ_ROUTER) {
        for (int i = 0; i < NT_MSGS; i++) {
            nt_send_msg (a, i);
            idlen = nt_recv_id (b, id, sizeof id);
            ts_expect (b, "", 1);
            nt_expect_msg (b, i);
            CHECK (zmq_send (b, id, (size_t) idlen, ZMQ_SNDMORE) == idlen);
            CHECK (zmq_send (b, "", 0, ZMQ_SNDMORE) == 0);
            nt_send_msg (b, i);
            nt_expect_msg (a, i);
        }
    } else if (type_a == ZMQ_DEALER && type_b == ZMQ_REP) {
        for (int i = 0; i < NT_MSGS; i++) {
            CHECK (zmq_send (a, "", 0, ZMQ_SNDMORE) == 0);
            nt_send_msg (a, i);
            nt_expect_msg (b, i);
            nt_send_msg (b, i);
            ts_expect (a, "", 1);
            nt_expect_msg (a, i);
        }
    } else if (type_a == ZMQ_DEALER && type_b == ZMQ_ROUTER) {
        for (int i = 0; i < NT_MSGS; i++) {
            nt_send_msg (a, i);
            idlen = nt_recv_id (b, id, sizeof id);
            nt_expect_msg (b, i);
            CHECK (zmq_send (b, id, (size_t) idlen, ZMQ_SNDMORE) == idlen);
            nt_send_msg (b, i);
            nt_expect_msg (a, i);
        }
    } else if ((type_a == ZMQ_PUB || type_a == ZMQ_XPUB)
               && (type_b == ZMQ_SUB || type_b == ZMQ_XSUB)) {
        if (type_b == ZMQ_SUB)
            CHECK (zmq_setsockopt (b, ZMQ_SUBSCRIBE, "", 0) == 0);
        else
            CHECK (zmq_send (b, "\x01", 1, 0) == 1);
        if (type_a == ZMQ_XPUB) {
            /* The subscription arrives as a message. A bound subscriber
             * sends it once it handles the new connection, which happens
             * when it is used: keep polling it meanwhile. */
            int64_t deadline = ts_now_ms () + TS_WAIT_MS;
            while (!ts_wait_in (a, 10) && ts_now_ms () < deadline)
                ts_wait_in (b, 0);
            char sub[8];
            CHECK (zmq_recv (a, sub, sizeof sub, ZMQ_DONTWAIT) == 1
                   && sub[0] == 1);
        }
        /* Publish a probe until the subscription is in effect. */
        int64_t deadline = ts_now_ms () + TS_WAIT_MS;
        int got = 0;
        while (!got && ts_now_ms () < deadline) {
            ts_send (a, "probe", 0);
            got = ts_wait_in (b, 10);
        }
        REQUIRE (got);
        char buf[16];
        while (ts_wait_in (b, 0))
            CHECK (zmq_recv (b, buf, sizeof buf, 0) == 5);
        for (int i = 0; i < NT_MSGS; i++)
            nt_send_msg (a, i);
        for (int i = 0; i < NT_MSGS; i++)
            nt_expect_msg (b, i);
        if (type_a == ZMQ_XPUB && type_b == ZMQ_XSUB) {
            /* Plain messages flow upstream too. */
            ts_send (b, "upstream", 0);
            ts_expect (a, "upstream", 0);
        }
    } else {
        fprintf (stderr, "no exchange for types %d/%d\n", type_a, type_b);
        testutil_failures++;
    }
    ts_expect_none (a, 0);
    ts_expect_none (b, 0);
    CHECK (zmq_close (a) == 0);
    CHECK (zmq_close (b) == 0);
}

/* Every pattern, each side binding in turn. */
static inline void nt_all_patterns (void *ctx, const char *transport)
{
    static const int pairs[][2] = {
      {ZMQ_PAIR, ZMQ_PAIR},     {ZMQ_PUSH, ZMQ_PULL},
      {ZMQ_REQ, ZMQ_REP},       {ZMQ_REQ, ZMQ_ROUTER},
      {ZMQ_DEALER, ZMQ_REP},    {ZMQ_DEALER, ZMQ_ROUTER},
      {ZMQ_DEALER, ZMQ_DEALER}, {ZMQ_PUB, ZMQ_SUB},
      {ZMQ_PUB, ZMQ_XSUB},      {ZMQ_XPUB, ZMQ_SUB},
      {ZMQ_XPUB, ZMQ_XSUB},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        for (int a_binds = 0; a_binds < 2; a_binds++) {
            int before = testutil_failures;
            nt_exchange (ctx, pairs[i][0], pairs[i][1], transport, a_binds);
            if (testutil_failures != before)
                fprintf (stderr, "  ^ %s: types %d/%d, %s binds\n",
                         transport, pairs[i][0], pairs[i][1],
                         a_binds ? "first" : "second");
        }
}

#endif
