/* Bad arguments to the socket calls fail cleanly with the documented errno:
 * NULL socket -> ENOTSOCK, NULL context -> EFAULT, unknown socket type ->
 * EINVAL, NULL or malformed address -> EINVAL, unknown transport ->
 * EPROTONOSUPPORT, unknown option or wrong option size -> EINVAL, ...
 * Not checked because the reference crashes on them (assert or SIGSEGV): a
 * NULL endpoint to zmq_bind/zmq_connect, a NULL buffer with a non-zero
 * length to zmq_send, a NULL message to zmq_msg_send/recv, a NULL option
 * value to zmq_setsockopt. */
#include "testsock.h"

int main (void)
{
    test_start (20);
    char buf[64];
    size_t size = sizeof buf;
    int value = 0;
    zmq_msg_t msg;
    REQUIRE (zmq_msg_init (&msg) == 0);

    /* NULL socket. */
    CHECK_ERR (zmq_bind (NULL, "inproc://x"), ENOTSOCK);
    CHECK_ERR (zmq_connect (NULL, "inproc://x"), ENOTSOCK);
    CHECK_ERR (zmq_unbind (NULL, "inproc://x"), ENOTSOCK);
    CHECK_ERR (zmq_disconnect (NULL, "inproc://x"), ENOTSOCK);
    CHECK_ERR (zmq_send (NULL, "x", 1, 0), ENOTSOCK);
    CHECK_ERR (zmq_send_const (NULL, "x", 1, 0), ENOTSOCK);
    CHECK_ERR (zmq_recv (NULL, buf, sizeof buf, 0), ENOTSOCK);
    CHECK_ERR (zmq_msg_send (&msg, NULL, 0), ENOTSOCK);
    CHECK_ERR (zmq_msg_recv (&msg, NULL, 0), ENOTSOCK);
    CHECK_ERR (zmq_sendmsg (NULL, &msg, 0), ENOTSOCK);
    CHECK_ERR (zmq_recvmsg (NULL, &msg, 0), ENOTSOCK);
    CHECK_ERR (zmq_setsockopt (NULL, ZMQ_LINGER, &value, sizeof value), ENOTSOCK);
    CHECK_ERR (zmq_getsockopt (NULL, ZMQ_LINGER, buf, &size), ENOTSOCK);
    CHECK_ERR (zmq_close (NULL), ENOTSOCK);
    CHECK_ERR (zmq_socket_monitor (NULL, "inproc://mon", ZMQ_EVENT_ALL), ENOTSOCK);

    /* A pointer that is not a socket (a context) is detected too. */
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    CHECK_ERR (zmq_send (ctx, "x", 1, 0), ENOTSOCK);
    CHECK_ERR (zmq_close (ctx), ENOTSOCK);

    /* Contexts and socket types. */
    CHECK (zmq_socket (NULL, ZMQ_PAIR) == NULL);
    CHECK (zmq_errno () == EFAULT);
    CHECK (zmq_socket (ctx, -1) == NULL);
    CHECK (zmq_errno () == EINVAL);
    CHECK (zmq_socket (ctx, 100) == NULL);
    CHECK (zmq_errno () == EINVAL);

    void *s = ts_socket (ctx, ZMQ_PAIR);
    /* Addresses. */
    CHECK_ERR (zmq_bind (s, "no-scheme"), EINVAL);
    CHECK_ERR (zmq_connect (s, "no-scheme"), EINVAL);
    CHECK_ERR (zmq_bind (s, "bogus://x"), EPROTONOSUPPORT);
    CHECK_ERR (zmq_connect (s, "bogus://x"), EPROTONOSUPPORT);
    CHECK_ERR (zmq_bind (s, "inproc://"), EINVAL);
    CHECK_ERR (zmq_connect (s, "inproc://"), EINVAL);
    /* Malformed tcp addresses: see test_tcp_endpoints.c. */

    /* Options. */
    CHECK_ERR (zmq_setsockopt (s, 9999, &value, sizeof value), EINVAL);
    CHECK_ERR (zmq_getsockopt (s, 9999, buf, &size), EINVAL);
    CHECK_ERR (zmq_setsockopt (s, ZMQ_LINGER, &value, 2), EINVAL);
    size = 2;
    CHECK_ERR (zmq_getsockopt (s, ZMQ_LINGER, buf, &size), EINVAL);
    /* Options that do not apply to this socket type. */
    CHECK_ERR (zmq_setsockopt (s, ZMQ_SUBSCRIBE, "a", 1), EINVAL);
    CHECK_ERR (zmq_setsockopt (s, ZMQ_ROUTER_MANDATORY, &value, sizeof value), EINVAL);

    /* Operations the socket type does not support. */
    void *pub = ts_socket (ctx, ZMQ_PUB);
    void *sub = ts_socket (ctx, ZMQ_SUB);
    void *push = ts_socket (ctx, ZMQ_PUSH);
    void *pull = ts_socket (ctx, ZMQ_PULL);
    CHECK_ERR (zmq_recv (pub, buf, sizeof buf, ZMQ_DONTWAIT), ENOTSUP);
    CHECK_ERR (zmq_send (sub, "x", 1, ZMQ_DONTWAIT), ENOTSUP);
    CHECK_ERR (zmq_recv (push, buf, sizeof buf, ZMQ_DONTWAIT), ENOTSUP);
    CHECK_ERR (zmq_send (pull, "x", 1, ZMQ_DONTWAIT), ENOTSUP);



    CHECK (zmq_close (pub) == 0);
    CHECK (zmq_close (sub) == 0);
    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (pull) == 0);
    CHECK (zmq_close (s) == 0);
    CHECK (zmq_msg_close (&msg) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
