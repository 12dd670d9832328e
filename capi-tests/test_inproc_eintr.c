/* A signal interrupting a blocking zmq_recv (handler installed without
 * SA_RESTART) makes it return -1 with EINTR; the socket stays usable. */
#include "testsock.h"
#include "sigkick.h"

int main (void)
{
    test_start (20);
    sigkick_install ();

    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *pull = ts_socket (ctx, ZMQ_PULL);
    void *push = ts_socket (ctx, ZMQ_PUSH);
    REQUIRE (zmq_bind (pull, "inproc://eintr") == 0);
    REQUIRE (zmq_connect (push, "inproc://eintr") == 0);

    sigkick_start ();
    char buf[16];
    int rc;
    do {
        rc = zmq_recv (pull, buf, sizeof buf, 0);
    } while (rc == -1 && zmq_errno () == EAGAIN);
    CHECK (rc == -1 && zmq_errno () == EINTR);
    sigkick_stop ();
    CHECK (sigkick_caught >= 1);

    /* zmq_poll is interrupted the same way. */
    sigkick_start ();
    zmq_pollitem_t item = {pull, 0, ZMQ_POLLIN, 0};
    rc = zmq_poll (&item, 1, -1);
    CHECK (rc == -1 && zmq_errno () == EINTR);
    sigkick_stop ();

    /* Still usable. */
    ts_send (push, "after", 0);
    ts_expect (pull, "after", 0);

    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (pull) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
