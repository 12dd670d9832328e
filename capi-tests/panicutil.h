/* Helpers of the panic tests (test_panic_*.c): they use the library's
 * test-only hook ZMQ_RS_TEST_PANIC (docs/architecture.md, "Panics"), which
 * libzmq does not have, so they skip on the reference. */
#ifndef CAPI_TESTS_PANICUTIL_H
#define CAPI_TESTS_PANICUTIL_H

#include "testsock.h"

#include <fcntl.h>

/* Exits 77 on the reference; otherwise arms the injection points `points`
 * for the contexts created from now on. */
static inline void pu_arm (const char *points)
{
    const char *reference = getenv ("ZMQ_REFERENCE");
    if (reference && strcmp (reference, "1") == 0) {
        fprintf (stderr, "skip: injects panics through ZMQ_RS_TEST_PANIC, a "
                         "test hook of this library that libzmq does not have\n");
        exit (77);
    }
    REQUIRE (setenv ("ZMQ_RS_TEST_PANIC", points, 1) == 0);
}

/* Sends stderr to a fresh temporary file until pu_stderr_end; returns the
 * descriptor of the saved stderr. */
static inline int pu_stderr_begin (FILE **capture)
{
    fflush (stderr);
    *capture = tmpfile ();
    REQUIRE (*capture != NULL);
    int saved = dup (2);
    REQUIRE (saved >= 0);
    REQUIRE (dup2 (fileno (*capture), 2) == 2);
    return saved;
}

/* Restores stderr and reads what was written meanwhile into buf. */
static inline void pu_stderr_end (FILE *capture, int saved, char *buf,
                                  size_t size)
{
    REQUIRE (dup2 (saved, 2) == 2);
    close (saved);
    rewind (capture);
    size_t n = fread (buf, 1, size - 1, capture);
    buf[n] = 0;
    fclose (capture);
}

/* The number of lines in text. */
static inline int pu_lines (const char *text)
{
    int n = 0;
    for (; *text; text++)
        n += *text == '\n';
    return n;
}

/* A PAIR pair over `transport` ("inproc" or "tcp") exchanges a message
 * both ways. */
static inline void pu_pair_works (void *ctx, const char *transport)
{
    char ep[256];
    void *a = ts_socket (ctx, ZMQ_PAIR);
    void *b = ts_socket (ctx, ZMQ_PAIR);
    if (strcmp (transport, "tcp") == 0)
        ts_bind_any (a, "tcp://127.0.0.1:*", ep, sizeof ep);
    else {
        static int counter = 0;
        snprintf (ep, sizeof ep, "inproc://pu-pair-%d", counter++);
        REQUIRE (zmq_bind (a, ep) == 0);
    }
    REQUIRE (zmq_connect (b, ep) == 0);
    ts_send (b, "ping", 0);
    ts_expect (a, "ping", 0);
    ts_send (a, "pong", 0);
    ts_expect (b, "pong", 0);
    CHECK (zmq_close (a) == 0);
    CHECK (zmq_close (b) == 0);
}

#endif
