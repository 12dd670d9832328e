/* zmq_ctx_term interrupted by a signal returns -1 with EINTR and leaves the
 * context terminating; closing the sockets and calling it again ends it.
 * This is how libzmq lets a program catch Ctrl-C while a socket is open. */
#include "testutil.h"
#include <pthread.h>

static volatile sig_atomic_t caught = 0;
static volatile sig_atomic_t term_returned = 0;

static void on_signal (int sig)
{
    (void) sig;
    caught = 1;
}

/* Signals the main thread until its zmq_ctx_term returns: the first signal
 * may arrive before the call starts waiting. */
static void *interrupter (void *arg)
{
    pthread_t main_thread = *(pthread_t *) arg;
    while (!term_returned) {
        pthread_kill (main_thread, SIGUSR1);
        struct timespec pause = {0, 10 * 1000 * 1000};
        nanosleep (&pause, NULL);
    }
    return NULL;
}

int main (void)
{
    test_start (30);
    struct sigaction sa;
    memset (&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset (&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: blocking calls see EINTR */
    REQUIRE (sigaction (SIGUSR1, &sa, NULL) == 0);

    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *sock = zmq_socket (ctx, ZMQ_PULL);
    REQUIRE (sock);
    REQUIRE (zmq_bind (sock, "inproc://eintr") == 0);

    pthread_t self = pthread_self (), thread;
    REQUIRE (pthread_create (&thread, NULL, interrupter, &self) == 0);
    errno = 0;
    int rc = zmq_ctx_term (ctx);
    int err = zmq_errno ();
    term_returned = 1;
    REQUIRE (pthread_join (thread, NULL) == 0);
    CHECK (rc == -1);
    CHECK (err == EINTR);
    CHECK (caught == 1);

    /* The context is terminating: the socket's calls fail with ETERM, no
     * new socket can be made, and the context is still valid. */
    char buf[8];
    CHECK_ERR (zmq_recv (sock, buf, sizeof buf, 0), ETERM);
    CHECK (zmq_socket (ctx, ZMQ_PUSH) == NULL);
    CHECK (zmq_errno () == ETERM);

    CHECK (zmq_close (sock) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
