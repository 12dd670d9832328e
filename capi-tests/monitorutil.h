/* Reading zmq_socket_monitor events in the C tests: each event is two
 * frames, 6 bytes (uint16 event, uint32 value, native byte order) and the
 * endpoint. */
#ifndef CAPI_TESTS_MONITORUTIL_H
#define CAPI_TESTS_MONITORUTIL_H

#include "testsock.h"

#include <stdint.h>

/* A PAIR connected to the monitor of s at addr (after starting it). */
static inline void *mu_monitor (void *ctx, void *s, const char *addr,
                                int events)
{
    REQUIRE (zmq_socket_monitor (s, addr, events) == 0);
    void *mon = ts_socket (ctx, ZMQ_PAIR);
    REQUIRE (zmq_connect (mon, addr) == 0);
    return mon;
}

/* Reads one event within wait_ms; returns its id, or -1 when none came. */
static inline int mu_read (void *mon, long wait_ms, uint32_t *value,
                           char *ep, size_t ep_size)
{
    if (!ts_wait_in (mon, wait_ms))
        return -1;
    zmq_msg_t msg;
    zmq_msg_init (&msg);
    if (zmq_msg_recv (&msg, mon, 0) != 6) {
        fprintf (stderr, "event frame of %zu bytes\n", zmq_msg_size (&msg));
        testutil_failures++;
        zmq_msg_close (&msg);
        return -1;
    }
    const uint8_t *data = (const uint8_t *) zmq_msg_data (&msg);
    uint16_t event;
    uint32_t v;
    memcpy (&event, data, 2);
    memcpy (&v, data + 2, 4);
    if (value)
        *value = v;
    CHECK (zmq_msg_more (&msg));
    zmq_msg_close (&msg);
    char buf[256];
    int rc = zmq_recv (mon, buf, sizeof buf - 1, 0);
    CHECK (rc >= 0);
    buf[rc < 0 ? 0 : (rc > (int) sizeof buf - 1 ? (int) sizeof buf - 1 : rc)] = 0;
    CHECK (ts_get_int (mon, ZMQ_RCVMORE) == 0);
    if (ep)
        snprintf (ep, ep_size, "%s", buf);
    return event;
}

/* Checks that the next event is want, with endpoint want_ep (unless NULL);
 * returns its value. */
#define mu_expect(mon, want, want_ep) \
    mu_expect_at (__FILE__, __LINE__, mon, want, want_ep)
static inline uint32_t mu_expect_at (const char *file, int line, void *mon,
                                     int want, const char *want_ep)
{
    uint32_t value = 0;
    char ep[256];
    int event = mu_read (mon, TS_WAIT_MS, &value, ep, sizeof ep);
    if (event != want) {
        fprintf (stderr, "%s:%d: wanted event 0x%x, got 0x%x\n", file, line,
                 want, event);
        testutil_failures++;
    } else if (want_ep && strcmp (ep, want_ep) != 0) {
        fprintf (stderr, "%s:%d: event 0x%x for '%s', wanted '%s'\n", file,
                 line, want, ep, want_ep);
        testutil_failures++;
    }
    return value;
}

/* Checks that no event comes within wait_ms. */
#define mu_expect_none(mon, wait_ms) \
    mu_expect_none_at (__FILE__, __LINE__, mon, wait_ms)
static inline void mu_expect_none_at (const char *file, int line, void *mon,
                                      long wait_ms)
{
    int event = mu_read (mon, wait_ms, NULL, NULL, 0);
    if (event != -1) {
        fprintf (stderr, "%s:%d: unexpected event 0x%x\n", file, line, event);
        testutil_failures++;
    }
}

#endif
