/* zmq_proxy_steerable: the control socket's PAUSE stops forwarding (the
 * messages wait), RESUME restarts it, TERMINATE makes the proxy return 0. */
#include "testsock.h"

#include <pthread.h>

static int proxy_rc = -2;

static void *proxy_thread (void *ctx)
{
    void *frontend = zmq_socket (ctx, ZMQ_PULL);
    void *backend = zmq_socket (ctx, ZMQ_PUSH);
    void *control = zmq_socket (ctx, ZMQ_SUB);
    REQUIRE (frontend && backend && control);
    REQUIRE (zmq_setsockopt (control, ZMQ_SUBSCRIBE, "", 0) == 0);
    REQUIRE (zmq_bind (frontend, "inproc://in") == 0);
    REQUIRE (zmq_bind (backend, "inproc://out") == 0);
    REQUIRE (zmq_connect (control, "inproc://control") == 0);
    proxy_rc = zmq_proxy_steerable (frontend, backend, NULL, control);
    int linger = 0;
    zmq_setsockopt (frontend, ZMQ_LINGER, &linger, sizeof linger);
    zmq_setsockopt (backend, ZMQ_LINGER, &linger, sizeof linger);
    zmq_close (frontend);
    zmq_close (backend);
    zmq_close (control);
    return NULL;
}

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *control = ts_socket (ctx, ZMQ_PUB);
    REQUIRE (zmq_bind (control, "inproc://control") == 0);
    void *in = ts_socket (ctx, ZMQ_PUSH);
    void *out = ts_socket (ctx, ZMQ_PULL);
    REQUIRE (zmq_connect (in, "inproc://in") == 0);
    REQUIRE (zmq_connect (out, "inproc://out") == 0);

    pthread_t thread;
    REQUIRE (pthread_create (&thread, NULL, proxy_thread, ctx) == 0);

    /* Forwarding works; it also proves the control subscription is in
     * place (the proxy subscribed before it started forwarding). */
    ts_send (in, "first", 0);
    ts_expect (out, "first", 0);

    /* The control PUB may not have the subscription yet: repeat PAUSE
     * until a message is held back. */
    int paused = 0;
    int64_t deadline = ts_now_ms () + TS_WAIT_MS;
    while (!paused && ts_now_ms () < deadline) {
        ts_send (control, "PAUSE", 0);
        ts_send (in, "probe", 0);
        if (ts_wait_in (out, 100)) {
            ts_expect (out, "probe", 0);
        } else
            paused = 1;
    }
    CHECK (paused);
    ts_send (in, "held", 0);
    ts_expect_none (out, 100);
    ts_send (control, "RESUME", 0);
    ts_expect (out, "probe", 0);
    ts_expect (out, "held", 0);

    ts_send (control, "TERMINATE", 0);
    REQUIRE (pthread_join (thread, NULL) == 0);
    CHECK (proxy_rc == 0);

    CHECK (zmq_close (control) == 0);
    CHECK (zmq_close (in) == 0);
    CHECK (zmq_close (out) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
