/* Shared helpers for the C tests. Each test is one program: exit status 0 is a
 * pass. Every test arms a watchdog so a hang fails instead of blocking CI. */
#ifndef CAPI_TESTS_TESTUTIL_H
#define CAPI_TESTS_TESTUTIL_H

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

static int testutil_failures = 0;

/* Fails the test (but keeps running) when cond is false. */
#define CHECK(cond)                                                          \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf (stderr, "%s:%d: CHECK failed: %s (errno %d: %s)\n",     \
                     __FILE__, __LINE__, #cond, zmq_errno (),                \
                     zmq_strerror (zmq_errno ()));                           \
            testutil_failures++;                                             \
        }                                                                    \
    } while (0)

/* Checks that call returns -1 with errno err. */
#define CHECK_ERR(call, err)                                                 \
    do {                                                                     \
        errno = 0;                                                           \
        int check_err_rc_ = (int) (call);                                    \
        int check_err_errno_ = zmq_errno ();                                 \
        if (check_err_rc_ != -1 || check_err_errno_ != (err)) {              \
            fprintf (stderr, "%s:%d: %s returned %d errno %d, want -1 errno %d\n", \
                     __FILE__, __LINE__, #call, check_err_rc_,               \
                     check_err_errno_, (int) (err));                         \
            testutil_failures++;                                             \
        }                                                                    \
    } while (0)

/* Aborts the test at once when cond is false (for setup steps). */
#define REQUIRE(cond)                                                        \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf (stderr, "%s:%d: REQUIRE failed: %s (errno %d: %s)\n",   \
                     __FILE__, __LINE__, #cond, zmq_errno (),                \
                     zmq_strerror (zmq_errno ()));                           \
            exit (1);                                                        \
        }                                                                    \
    } while (0)

static void testutil_watchdog (int sig)
{
    (void) sig;
    static const char text[] = "test timed out\n";
    ssize_t rc = write (2, text, sizeof text - 1);
    (void) rc;
    _exit (2);
}

/* Fails the test if it runs longer than seconds. */
static inline void test_start (unsigned seconds)
{
    signal (SIGALRM, testutil_watchdog);
    alarm (seconds);
}

/* The exit status of the test. */
static inline int test_end (void)
{
    if (testutil_failures)
        fprintf (stderr, "%d check(s) failed\n", testutil_failures);
    return testutil_failures ? 1 : 0;
}

#endif
