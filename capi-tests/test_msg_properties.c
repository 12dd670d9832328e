/* zmq_msg_get / zmq_msg_set / zmq_msg_gets on a message that came from no
 * connection: ZMQ_MORE 0, ZMQ_SRCFD -1, unknown properties EINVAL, nothing
 * settable, no metadata so every gets is EINVAL. */
#include "testutil.h"

int main (void)
{
    test_start (10);
    zmq_msg_t msg;
    REQUIRE (zmq_msg_init_size (&msg, 4) == 0);

    CHECK (zmq_msg_get (&msg, ZMQ_MORE) == 0);
    CHECK (zmq_msg_get (&msg, ZMQ_SHARED) == 0);
    CHECK_ERR (zmq_msg_get (&msg, ZMQ_SRCFD), EINVAL);
    CHECK_ERR (zmq_msg_get (&msg, 0), EINVAL);
    CHECK_ERR (zmq_msg_get (&msg, 12345), EINVAL);

    CHECK_ERR (zmq_msg_set (&msg, ZMQ_MORE, 1), EINVAL);
    CHECK_ERR (zmq_msg_set (&msg, ZMQ_SHARED, 0), EINVAL);
    CHECK_ERR (zmq_msg_set (&msg, 12345, 0), EINVAL);
    CHECK (zmq_msg_more (&msg) == 0);

    errno = 0;
    CHECK (zmq_msg_gets (&msg, "Socket-Type") == NULL);
    CHECK (zmq_errno () == EINVAL);
    errno = 0;
    CHECK (zmq_msg_gets (&msg, "Peer-Address") == NULL);
    CHECK (zmq_errno () == EINVAL);

    CHECK (zmq_msg_close (&msg) == 0);
    return test_end ();
}
