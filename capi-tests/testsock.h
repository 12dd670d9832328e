/* Socket helpers shared by the socket-behaviour tests (on top of testutil.h).
 * Every receive is bounded by a timeout so a missing message fails the test
 * instead of hanging it. */
#ifndef CAPI_TESTS_TESTSOCK_H
#define CAPI_TESTS_TESTSOCK_H

#include "testutil.h"

#include <stdint.h>
#include <time.h>

/* How long a test waits for a message that must arrive. */
#define TS_WAIT_MS 5000

static inline int64_t ts_now_ms (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline void *ts_socket (void *ctx, int type)
{
    void *s = zmq_socket (ctx, type);
    REQUIRE (s != NULL);
    int linger = 0;
    REQUIRE (zmq_setsockopt (s, ZMQ_LINGER, &linger, sizeof linger) == 0);
    return s;
}

static inline void ts_set_int (void *s, int option, int value)
{
    REQUIRE (zmq_setsockopt (s, option, &value, sizeof value) == 0);
}

static inline int ts_get_int (void *s, int option)
{
    int value = -12345;
    size_t size = sizeof value;
    REQUIRE (zmq_getsockopt (s, option, &value, &size) == 0);
    REQUIRE (size == sizeof value);
    return value;
}

static inline void ts_set_str (void *s, int option, const char *value)
{
    REQUIRE (zmq_setsockopt (s, option, value, strlen (value)) == 0);
}

/* Binds to tcp://127.0.0.1:* (or another wildcard endpoint) and stores the
 * endpoint actually bound in out. */
static inline void ts_bind_any (void *s, const char *wildcard, char *out,
                                size_t out_size)
{
    REQUIRE (zmq_bind (s, wildcard) == 0);
    size_t size = out_size;
    REQUIRE (zmq_getsockopt (s, ZMQ_LAST_ENDPOINT, out, &size) == 0);
}

static inline void ts_send (void *s, const char *text, int flags)
{
    int len = (int) strlen (text);
    int rc = zmq_send (s, text, (size_t) len, flags);
    if (rc != len) {
        fprintf (stderr, "send '%s' returned %d errno %d (%s)\n", text, rc,
                 zmq_errno (), zmq_strerror (zmq_errno ()));
        testutil_failures++;
    }
}

/* Waits up to timeout_ms for s to become readable; returns 1 if it did. */
static inline int ts_wait_in (void *s, long timeout_ms)
{
    zmq_pollitem_t item = {s, 0, ZMQ_POLLIN, 0};
    int rc = zmq_poll (&item, 1, timeout_ms);
    return rc == 1 && (item.revents & ZMQ_POLLIN);
}

/* Receives one frame (waiting up to TS_WAIT_MS) into buf as a C string.
 * Returns the frame size, or -1 when nothing arrived. */
static inline int ts_recv (void *s, char *buf, size_t size)
{
    if (!ts_wait_in (s, TS_WAIT_MS))
        return -1;
    int rc = zmq_recv (s, buf, size - 1, ZMQ_DONTWAIT);
    if (rc >= 0)
        buf[(size_t) rc < size - 1 ? (size_t) rc : size - 1] = 0;
    return rc;
}

/* Receives one frame and checks its text and its more flag. */
#define ts_expect(s, text, more) ts_expect_at (__FILE__, __LINE__, s, text, more)
static inline void ts_expect_at (const char *file, int line, void *s,
                                 const char *text, int more)
{
    char buf[256];
    int rc = ts_recv (s, buf, sizeof buf);
    if (rc < 0) {
        fprintf (stderr, "%s:%d: expected '%s', got nothing (errno %d: %s)\n",
                 file, line, text, zmq_errno (), zmq_strerror (zmq_errno ()));
        testutil_failures++;
        return;
    }
    if ((size_t) rc != strlen (text) || memcmp (buf, text, (size_t) rc) != 0) {
        fprintf (stderr, "%s:%d: expected '%s', got '%s' (%d bytes)\n", file,
                 line, text, buf, rc);
        testutil_failures++;
    }
    int got_more = ts_get_int (s, ZMQ_RCVMORE);
    if (got_more != more) {
        fprintf (stderr, "%s:%d: '%s': RCVMORE %d, want %d\n", file, line,
                 text, got_more, more);
        testutil_failures++;
    }
}

/* Checks that nothing is waiting to be received (after everything sent
 * before has had time to arrive: waits wait_ms). */
#define ts_expect_none(s, wait_ms) ts_expect_none_at (__FILE__, __LINE__, s, wait_ms)
static inline void ts_expect_none_at (const char *file, int line, void *s,
                                      long wait_ms)
{
    if (ts_wait_in (s, wait_ms)) {
        char buf[256];
        int rc = zmq_recv (s, buf, sizeof buf - 1, ZMQ_DONTWAIT);
        if (rc >= 0)
            buf[rc < 255 ? rc : 255] = 0;
        fprintf (stderr, "%s:%d: expected no message, got '%s'\n", file, line,
                 rc >= 0 ? buf : "?");
        testutil_failures++;
    }
}

/* Makes sure every subscription sub has issued so far is in effect at pub:
 * subscribes to a fresh sync topic and publishes it until it comes back.
 * Subscriptions travel in order, so the earlier ones are then active too.
 * For XPUB publishers pass xpub=1: subscription messages are drained. */
static inline void ts_sync_sub (void *pub, void *sub, int xpub)
{
    static int counter = 0;
    char topic[32];
    snprintf (topic, sizeof topic, "\xff" "sync%d", counter++);
    REQUIRE (zmq_setsockopt (sub, ZMQ_SUBSCRIBE, topic, strlen (topic)) == 0);
    int64_t deadline = ts_now_ms () + TS_WAIT_MS;
    int got = 0;
    while (!got && ts_now_ms () < deadline) {
        if (xpub) {
            char buf[256];
            while (zmq_recv (pub, buf, sizeof buf, ZMQ_DONTWAIT) >= 0)
                ;
        }
        REQUIRE (zmq_send (pub, topic, strlen (topic), 0)
                 == (int) strlen (topic));
        if (ts_wait_in (sub, 10)) {
            char buf[256];
            int rc = zmq_recv (sub, buf, sizeof buf, ZMQ_DONTWAIT);
            got = rc == (int) strlen (topic) && memcmp (buf, topic, rc) == 0;
        }
    }
    REQUIRE (got);
    char buf[256];
    /* Drain the extra copies of the sync topic already queued. */
    while (ts_wait_in (sub, 0)) {
        int rc = zmq_recv (sub, buf, sizeof buf, ZMQ_DONTWAIT);
        REQUIRE (rc == (int) strlen (topic) && memcmp (buf, topic, rc) == 0);
    }
}

#endif
