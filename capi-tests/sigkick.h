/* Interrupting a blocked call with a signal, for the EINTR tests.
 *
 * sigkick_install() sets a SIGUSR1 handler without SA_RESTART, so blocking
 * calls in the thread that receives it return EINTR. sigkick_start() starts
 * a thread that signals the calling thread every 10 ms until sigkick_stop():
 * a signal that lands before the call blocks is harmless, a later one
 * interrupts it. */
#ifndef CAPI_TESTS_SIGKICK_H
#define CAPI_TESTS_SIGKICK_H

#include "testutil.h"
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

static volatile sig_atomic_t sigkick_caught = 0;
static atomic_int sigkick_done;
static pthread_t sigkick_target, sigkick_thread;

static void sigkick_handler (int sig)
{
    (void) sig;
    sigkick_caught++;
}

static inline void sigkick_install (void)
{
    struct sigaction sa;
    memset (&sa, 0, sizeof sa);
    sa.sa_handler = sigkick_handler;
    sigemptyset (&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: blocking calls see EINTR */
    REQUIRE (sigaction (SIGUSR1, &sa, NULL) == 0);
}

static void *sigkick_loop (void *arg)
{
    (void) arg;
    while (!atomic_load (&sigkick_done)) {
        pthread_kill (sigkick_target, SIGUSR1);
        struct timespec pause = {0, 10 * 1000 * 1000};
        nanosleep (&pause, NULL);
    }
    return NULL;
}

static inline void sigkick_start (void)
{
    atomic_store (&sigkick_done, 0);
    sigkick_target = pthread_self ();
    REQUIRE (pthread_create (&sigkick_thread, NULL, sigkick_loop, NULL) == 0);
}

static inline void sigkick_stop (void)
{
    atomic_store (&sigkick_done, 1);
    REQUIRE (pthread_join (sigkick_thread, NULL) == 0);
}

#endif
