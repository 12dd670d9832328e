/* zmq_ctx_term blocks until every socket of the context is closed: a thread
 * woken by ETERM closes its socket late, and zmq_ctx_term returns only after. */
#include "testsock.h"

#include <pthread.h>
#include <stdatomic.h>

static atomic_int closed = 0;

static void *worker (void *arg)
{
    void *s = arg;
    char buf[16];
    CHECK_ERR (zmq_recv (s, buf, sizeof buf, 0), ETERM);
    /* Take a while before closing, to make a non-waiting term visible. */
    struct timespec ts = {0, 200 * 1000 * 1000};
    nanosleep (&ts, NULL);
    atomic_store (&closed, 1);
    CHECK (zmq_close (s) == 0);
    return NULL;
}

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *s = zmq_socket (ctx, ZMQ_SUB);
    REQUIRE (s);
    REQUIRE (zmq_connect (s, "inproc://nobody") == 0);
    /* Sockets closed before term are fine, with or without traffic. */
    void *other = zmq_socket (ctx, ZMQ_PUB);
    REQUIRE (other);
    CHECK (zmq_close (other) == 0);

    pthread_t thread;
    REQUIRE (pthread_create (&thread, NULL, worker, s) == 0);
    int64_t start = ts_now_ms ();
    CHECK (zmq_ctx_term (ctx) == 0);
    CHECK (atomic_load (&closed) == 1);
    CHECK (ts_now_ms () - start >= 150);
    REQUIRE (pthread_join (thread, NULL) == 0);

    /* The deprecated zmq_term and zmq_ctx_destroy do the same. */
    ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    CHECK (zmq_ctx_destroy (ctx) == 0);
    ctx = zmq_init (1);
    REQUIRE (ctx);
    CHECK (zmq_term (ctx) == 0);
    return test_end ();
}
