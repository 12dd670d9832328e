/* A signal interrupting a blocking zmq_recv (handler installed without
 * SA_RESTART) makes it return -1 with EINTR; the socket stays usable. */
#include "testsock.h"

#include <pthread.h>
#include <stdatomic.h>

static volatile sig_atomic_t signals = 0;
static atomic_int done = 0;
static pthread_t main_thread;

static void on_signal (int sig)
{
    (void) sig;
    signals++;
}

/* Signals the main thread every 20 ms until it has seen EINTR: a signal
 * that lands before the recv blocks is harmless, the next one interrupts. */
static void *kicker (void *arg)
{
    (void) arg;
    while (!atomic_load (&done)) {
        struct timespec ts = {0, 20 * 1000 * 1000};
        nanosleep (&ts, NULL);
        if (!atomic_load (&done))
            pthread_kill (main_thread, SIGUSR1);
    }
    return NULL;
}

int main (void)
{
    test_start (20);
    struct sigaction sa;
    memset (&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset (&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART */
    REQUIRE (sigaction (SIGUSR1, &sa, NULL) == 0);

    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *pull = ts_socket (ctx, ZMQ_PULL);
    void *push = ts_socket (ctx, ZMQ_PUSH);
    REQUIRE (zmq_bind (pull, "inproc://eintr") == 0);
    REQUIRE (zmq_connect (push, "inproc://eintr") == 0);

    main_thread = pthread_self ();
    pthread_t thread;
    REQUIRE (pthread_create (&thread, NULL, kicker, NULL) == 0);
    char buf[16];
    int rc;
    do {
        rc = zmq_recv (pull, buf, sizeof buf, 0);
    } while (rc == -1 && zmq_errno () == EAGAIN);
    CHECK (rc == -1 && zmq_errno () == EINTR);
    atomic_store (&done, 1);
    REQUIRE (pthread_join (thread, NULL) == 0);
    CHECK (signals >= 1);

    /* zmq_poll is interrupted the same way. */
    atomic_store (&done, 0);
    REQUIRE (pthread_create (&thread, NULL, kicker, NULL) == 0);
    zmq_pollitem_t item = {pull, 0, ZMQ_POLLIN, 0};
    rc = zmq_poll (&item, 1, -1);
    CHECK (rc == -1 && zmq_errno () == EINTR);
    atomic_store (&done, 1);
    REQUIRE (pthread_join (thread, NULL) == 0);

    /* Still usable. */
    ts_send (push, "after", 0);
    ts_expect (pull, "after", 0);

    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (pull) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
