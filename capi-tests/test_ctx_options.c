/* zmq_ctx_get / zmq_ctx_set: defaults, accepted and rejected values,
 * ZMQ_MAX_SOCKETS enforced with EMFILE, ZMQ_BLOCKY 0 making term not wait. */
#include "testsock.h"

#include <limits.h>

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    CHECK (zmq_ctx_get (ctx, ZMQ_IO_THREADS) == ZMQ_IO_THREADS_DFLT);
    CHECK (ZMQ_IO_THREADS_DFLT == 1);
    CHECK (zmq_ctx_get (ctx, ZMQ_MAX_SOCKETS) == ZMQ_MAX_SOCKETS_DFLT);
    CHECK (ZMQ_MAX_SOCKETS_DFLT == 1023);
    CHECK (zmq_ctx_get (ctx, ZMQ_SOCKET_LIMIT) == 65535);
    CHECK (zmq_ctx_get (ctx, ZMQ_MAX_MSGSZ) == INT_MAX);
    CHECK (zmq_ctx_get (ctx, ZMQ_MSG_T_SIZE) == (int) sizeof (zmq_msg_t));
    CHECK (zmq_ctx_get (ctx, ZMQ_MSG_T_SIZE) == 64);
    CHECK (zmq_ctx_get (ctx, ZMQ_BLOCKY) == 1);
    CHECK (zmq_ctx_get (ctx, ZMQ_IPV6) == 0);
    CHECK (zmq_ctx_get (ctx, ZMQ_THREAD_SCHED_POLICY) == ZMQ_THREAD_SCHED_POLICY_DFLT);
    CHECK_ERR (zmq_ctx_get (ctx, 999), EINVAL);

    CHECK (zmq_ctx_set (ctx, ZMQ_IO_THREADS, 2) == 0);
    CHECK (zmq_ctx_get (ctx, ZMQ_IO_THREADS) == 2);
    CHECK (zmq_ctx_set (ctx, ZMQ_IO_THREADS, 0) == 0);
    CHECK (zmq_ctx_get (ctx, ZMQ_IO_THREADS) == 0);
    CHECK_ERR (zmq_ctx_set (ctx, ZMQ_IO_THREADS, -1), EINVAL);
    CHECK (zmq_ctx_set (ctx, ZMQ_IO_THREADS, 1) == 0);
    CHECK_ERR (zmq_ctx_set (ctx, ZMQ_MAX_SOCKETS, 0), EINVAL);
    CHECK_ERR (zmq_ctx_set (ctx, ZMQ_MAX_SOCKETS, -1), EINVAL);
    CHECK (zmq_ctx_get (ctx, ZMQ_MAX_SOCKETS) == 1023);
    CHECK (zmq_ctx_set (ctx, ZMQ_MAX_MSGSZ, 100) == 0);
    CHECK (zmq_ctx_get (ctx, ZMQ_MAX_MSGSZ) == 100);
    CHECK_ERR (zmq_ctx_set (ctx, ZMQ_MAX_MSGSZ, -1), EINVAL);
    CHECK_ERR (zmq_ctx_set (ctx, ZMQ_MSG_T_SIZE, 64), EINVAL);
    CHECK (zmq_ctx_set (ctx, ZMQ_IPV6, 1) == 0);
    CHECK (zmq_ctx_get (ctx, ZMQ_IPV6) == 1);
    CHECK (zmq_ctx_set (ctx, ZMQ_IPV6, 0) == 0);
    /* Scheduling policy/priority are not changed here: real values need
     * privileges, and the reference aborts when thread creation fails. */
    CHECK (zmq_ctx_set (ctx, ZMQ_THREAD_AFFINITY_CPU_ADD, 0) == 0);
    CHECK (zmq_ctx_set (ctx, ZMQ_THREAD_AFFINITY_CPU_REMOVE, 0) == 0);
    CHECK (zmq_ctx_set (ctx, ZMQ_THREAD_NAME_PREFIX, 7) == 0);
    CHECK (zmq_ctx_get (ctx, ZMQ_THREAD_NAME_PREFIX) == 7);
    CHECK_ERR (zmq_ctx_set (ctx, 999, 1), EINVAL);

    /* ZMQ_MAX_SOCKETS, set before the first socket. */
    CHECK (zmq_ctx_set (ctx, ZMQ_MAX_SOCKETS, 3) == 0);
    CHECK (zmq_ctx_get (ctx, ZMQ_MAX_SOCKETS) == 3);
    void *s[3];
    for (int i = 0; i < 3; i++) {
        s[i] = zmq_socket (ctx, ZMQ_PAIR);
        CHECK (s[i] != NULL);
    }
    CHECK (zmq_socket (ctx, ZMQ_PAIR) == NULL);
    CHECK (zmq_errno () == EMFILE);
    /* Closing one frees its slot (the reference frees it asynchronously, so
     * allow it a moment). */
    CHECK (zmq_close (s[0]) == 0);
    int64_t deadline = ts_now_ms () + TS_WAIT_MS;
    s[0] = NULL;
    while (!s[0] && ts_now_ms () < deadline) {
        s[0] = zmq_socket (ctx, ZMQ_PAIR);
        if (!s[0]) {
            CHECK (zmq_errno () == EMFILE);
            zmq_poll (NULL, 0, 1);
        }
    }
    CHECK (s[0] != NULL);
    for (int i = 0; i < 3; i++)
        if (s[i])
            CHECK (zmq_close (s[i]) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);

    /* ZMQ_BLOCKY 0: term does not wait for pending messages even though
     * LINGER reads -1. */
    ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    CHECK (zmq_ctx_set (ctx, ZMQ_BLOCKY, 0) == 0);
    CHECK (zmq_ctx_get (ctx, ZMQ_BLOCKY) == 0);
    void *push = zmq_socket (ctx, ZMQ_PUSH);
    REQUIRE (push);
    REQUIRE (zmq_connect (push, "inproc://never-bound") == 0);
    CHECK (zmq_send (push, "pending", 7, ZMQ_DONTWAIT) == 7);
    CHECK (zmq_close (push) == 0);
    int64_t start = ts_now_ms ();
    CHECK (zmq_ctx_term (ctx) == 0);
    CHECK (ts_now_ms () - start < 1000);

    /* ZMQ_IO_THREADS 0 still serves inproc. */
    ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    CHECK (zmq_ctx_set (ctx, ZMQ_IO_THREADS, 0) == 0);
    void *a = ts_socket (ctx, ZMQ_PAIR);
    void *b = ts_socket (ctx, ZMQ_PAIR);
    REQUIRE (zmq_bind (a, "inproc://no-io") == 0);
    REQUIRE (zmq_connect (b, "inproc://no-io") == 0);
    ts_send (b, "x", 0);
    ts_expect (a, "x", 0);
    CHECK (zmq_close (a) == 0);
    CHECK (zmq_close (b) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);

    CHECK_ERR (zmq_ctx_get (NULL, ZMQ_IO_THREADS), EFAULT);
    CHECK_ERR (zmq_ctx_set (NULL, ZMQ_IO_THREADS, 1), EFAULT);
    return test_end ();
}
