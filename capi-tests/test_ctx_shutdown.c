/* zmq_ctx_shutdown wakes every blocking call with ETERM and refuses new
 * sockets (ETERM), but does not wait; zmq_ctx_term after it returns once
 * the sockets are closed. */
#include "testsock.h"

#include <pthread.h>

static void *blocked_recv (void *arg)
{
    char buf[16];
    CHECK_ERR (zmq_recv (arg, buf, sizeof buf, 0), ETERM);
    return NULL;
}

static void *blocked_poll (void *arg)
{
    zmq_pollitem_t item = {arg, 0, ZMQ_POLLIN, 0};
    CHECK_ERR (zmq_poll (&item, 1, -1), ETERM);
    return NULL;
}

static void *blocked_send (void *arg)
{
    CHECK_ERR (zmq_send (arg, "x", 1, 0), ETERM);
    return NULL;
}

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *pull = zmq_socket (ctx, ZMQ_PULL);
    void *rep = zmq_socket (ctx, ZMQ_REP);
    void *push = zmq_socket (ctx, ZMQ_PUSH);
    REQUIRE (pull && rep && push);
    REQUIRE (zmq_bind (pull, "inproc://shutdown") == 0);
    REQUIRE (zmq_bind (rep, "inproc://shutdown-rep") == 0);

    pthread_t t1, t2, t3;
    REQUIRE (pthread_create (&t1, NULL, blocked_recv, pull) == 0);
    REQUIRE (pthread_create (&t2, NULL, blocked_poll, rep) == 0);
    REQUIRE (pthread_create (&t3, NULL, blocked_send, push) == 0);
    CHECK (zmq_ctx_shutdown (ctx) == 0);
    REQUIRE (pthread_join (t1, NULL) == 0);
    REQUIRE (pthread_join (t2, NULL) == 0);
    REQUIRE (pthread_join (t3, NULL) == 0);

    /* No new sockets, nor operations on the old ones. */
    CHECK (zmq_socket (ctx, ZMQ_PAIR) == NULL);
    CHECK (zmq_errno () == ETERM);
    char buf[4];
    CHECK_ERR (zmq_recv (pull, buf, sizeof buf, ZMQ_DONTWAIT), ETERM);
    CHECK_ERR (zmq_connect (push, "inproc://shutdown"), ETERM);
    /* Shutting down twice is harmless. */
    CHECK (zmq_ctx_shutdown (ctx) == 0);

    CHECK (zmq_close (pull) == 0);
    CHECK (zmq_close (rep) == 0);
    CHECK (zmq_close (push) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);

    /* Shutdown of a context that never had a socket. */
    ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    CHECK (zmq_ctx_shutdown (ctx) == 0);
    CHECK (zmq_socket (ctx, ZMQ_PAIR) == NULL);
    CHECK (zmq_errno () == ETERM);
    CHECK (zmq_ctx_term (ctx) == 0);

    CHECK_ERR (zmq_ctx_shutdown (NULL), EFAULT);
    CHECK_ERR (zmq_ctx_term (NULL), EFAULT);
    return test_end ();
}
