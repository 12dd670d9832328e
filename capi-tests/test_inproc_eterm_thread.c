/* zmq_ctx_term makes a recv blocked in another thread return ETERM; the
 * thread then closes its socket and zmq_ctx_term returns. */
#include "testsock.h"

#include <pthread.h>

static void *receiver (void *arg)
{
    void *s = arg;
    char buf[16];
    int rc = zmq_recv (s, buf, sizeof buf, 0);
    int err = zmq_errno ();
    CHECK (rc == -1 && err == ETERM);
    /* Further calls fail with ETERM as well. */
    CHECK_ERR (zmq_send (s, "x", 1, 0), ETERM);
    CHECK (zmq_close (s) == 0);
    return NULL;
}

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *s = zmq_socket (ctx, ZMQ_PULL);
    REQUIRE (s);
    REQUIRE (zmq_bind (s, "inproc://eterm") == 0);
    pthread_t thread;
    REQUIRE (pthread_create (&thread, NULL, receiver, s) == 0);
    /* Whether the thread is already blocked or not, it sees ETERM. */
    CHECK (zmq_ctx_term (ctx) == 0);
    REQUIRE (pthread_join (thread, NULL) == 0);
    return test_end ();
}
