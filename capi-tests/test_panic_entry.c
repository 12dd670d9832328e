/* A panic inside a C entry point does not end the process: the call returns
 * -1 with errno EFAULT and writes one line on stderr naming the function;
 * the socket it ran on fails with EFAULT from then on but can still be
 * closed; other sockets, later calls of the same function and zmq_ctx_term
 * work. The panic is injected through the test-only ZMQ_RS_TEST_PANIC hook
 * (point zmq_socket_monitor: the next zmq_socket_monitor call panics once
 * it has found its socket); skipped on the reference, which has no hook. */
#include "panicutil.h"

int main (void)
{
    test_start (20);
    pu_arm ("zmq_socket_monitor");
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);

    void *a = ts_socket (ctx, ZMQ_PAIR);
    void *b = ts_socket (ctx, ZMQ_PAIR);
    REQUIRE (zmq_bind (a, "inproc://panic-entry") == 0);
    REQUIRE (zmq_connect (b, "inproc://panic-entry") == 0);
    ts_send (b, "before", 0);
    ts_expect (a, "before", 0);

    FILE *capture;
    int saved = pu_stderr_begin (&capture);
    errno = 0;
    int rc = zmq_socket_monitor (a, "inproc://panic-entry-mon", ZMQ_EVENT_ALL);
    int err = zmq_errno ();
    char text[4096];
    pu_stderr_end (capture, saved, text, sizeof text);

    CHECK (rc == -1);
    CHECK (err == EFAULT);
    CHECK (pu_lines (text) == 1);
    CHECK (strstr (text, "zmq_socket_monitor") != NULL);
    fprintf (stderr, "stderr of the panicking call: %s", text);

    /* The socket the panic left half-updated refuses every call but close. */
    CHECK_ERR (zmq_send (a, "x", 1, ZMQ_DONTWAIT), EFAULT);
    int linger = 0;
    CHECK_ERR (zmq_setsockopt (a, ZMQ_LINGER, &linger, sizeof linger), EFAULT);
    CHECK (zmq_close (a) == 0);
    CHECK_ERR (zmq_close (a), ENOTSOCK);

    /* Its peer, new sockets and the same call on another socket work. */
    CHECK (zmq_close (b) == 0);
    pu_pair_works (ctx, "inproc");
    void *c = ts_socket (ctx, ZMQ_PAIR);
    CHECK (zmq_socket_monitor (c, "inproc://panic-entry-mon2", ZMQ_EVENT_ALL) == 0);
    CHECK (zmq_close (c) == 0);

    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
