/* zmq_proxy forwards between a ROUTER frontend and a DEALER backend (a
 * request-reply broker), copies every frame to the capture socket, and
 * returns -1/ETERM when the context is shut down. zmq_device(ZMQ_QUEUE) is
 * the old name of the same thing. */
#include "testsock.h"

#include <pthread.h>

struct proxy_args {
    void *ctx;
    int use_device;
    int rc;
    int err;
};

static void *proxy_thread (void *arg)
{
    struct proxy_args *a = arg;
    void *frontend = zmq_socket (a->ctx, ZMQ_ROUTER);
    void *backend = zmq_socket (a->ctx, ZMQ_DEALER);
    void *capture = zmq_socket (a->ctx, ZMQ_PUSH);
    REQUIRE (frontend && backend && capture);
    REQUIRE (zmq_bind (frontend, "inproc://frontend") == 0);
    REQUIRE (zmq_bind (backend, "inproc://backend") == 0);
    REQUIRE (zmq_bind (capture, "inproc://capture") == 0);
    if (a->use_device)
        a->rc = zmq_device (ZMQ_QUEUE, frontend, backend);
    else
        a->rc = zmq_proxy (frontend, backend, capture);
    a->err = zmq_errno ();
    int linger = 0;
    zmq_setsockopt (frontend, ZMQ_LINGER, &linger, sizeof linger);
    zmq_setsockopt (backend, ZMQ_LINGER, &linger, sizeof linger);
    zmq_setsockopt (capture, ZMQ_LINGER, &linger, sizeof linger);
    zmq_close (frontend);
    zmq_close (backend);
    zmq_close (capture);
    return NULL;
}

static void run (int use_device)
{
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    /* Connect first (inproc allows it), so nothing races the binds. */
    void *client = ts_socket (ctx, ZMQ_REQ);
    void *worker = ts_socket (ctx, ZMQ_REP);
    void *tap = ts_socket (ctx, ZMQ_PULL);
    REQUIRE (zmq_connect (client, "inproc://frontend") == 0);
    REQUIRE (zmq_connect (worker, "inproc://backend") == 0);
    REQUIRE (zmq_connect (tap, "inproc://capture") == 0);

    struct proxy_args args = {ctx, use_device, 0, 0};
    pthread_t thread;
    REQUIRE (pthread_create (&thread, NULL, proxy_thread, &args) == 0);

    for (int i = 0; i < 3; i++) {
        ts_send (client, "request", ZMQ_SNDMORE);
        ts_send (client, "part2", 0);
        ts_expect (worker, "request", 1);
        ts_expect (worker, "part2", 0);
        ts_send (worker, "reply", 0);
        ts_expect (client, "reply", 0);
    }
    if (!use_device) {
        /* The capture socket saw every frame going either way: the request
         * as [id, "", "request", "part2"], the reply as [id, "", "reply"]. */
        for (int i = 0; i < 3; i++) {
            char buf[64];
            CHECK (ts_recv (tap, buf, sizeof buf) == 5); /* generated id */
            CHECK (ts_get_int (tap, ZMQ_RCVMORE) == 1);
            ts_expect (tap, "", 1);
            ts_expect (tap, "request", 1);
            ts_expect (tap, "part2", 0);
            CHECK (ts_recv (tap, buf, sizeof buf) == 5);
            ts_expect (tap, "", 1);
            ts_expect (tap, "reply", 0);
        }
    }
    ts_expect_none (tap, 20);

    CHECK (zmq_close (client) == 0);
    CHECK (zmq_close (worker) == 0);
    CHECK (zmq_close (tap) == 0);
    CHECK (zmq_ctx_shutdown (ctx) == 0);
    REQUIRE (pthread_join (thread, NULL) == 0);
    CHECK (args.rc == -1 && args.err == ETERM);
    CHECK (zmq_ctx_term (ctx) == 0);
}

int main (void)
{
    test_start (20);
    run (0);
    run (1);
    return test_end ();
}
