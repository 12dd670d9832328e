/* zmq_ctx_term interrupted by a signal returns -1 with EINTR and leaves the
 * context terminating; closing the sockets and calling it again ends it.
 * This is how libzmq lets a program catch Ctrl-C while a socket is open. */
#include "testutil.h"
#include "sigkick.h"

int main (void)
{
    test_start (30);
    sigkick_install ();

    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *sock = zmq_socket (ctx, ZMQ_PULL);
    REQUIRE (sock);
    REQUIRE (zmq_bind (sock, "inproc://eintr") == 0);

    sigkick_start ();
    int rc = zmq_ctx_term (ctx);
    int err = zmq_errno ();
    sigkick_stop ();
    CHECK (rc == -1);
    CHECK (err == EINTR);
    CHECK (sigkick_caught >= 1);

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
