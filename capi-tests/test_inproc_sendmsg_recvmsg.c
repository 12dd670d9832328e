/* The deprecated zmq_sendmsg / zmq_recvmsg behave like zmq_msg_send /
 * zmq_msg_recv (socket first, returning byte counts). */
#include "testsock.h"

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *a = ts_socket (ctx, ZMQ_PAIR);
    void *b = ts_socket (ctx, ZMQ_PAIR);
    REQUIRE (zmq_bind (a, "inproc://sendmsg") == 0);
    REQUIRE (zmq_connect (b, "inproc://sendmsg") == 0);

    zmq_msg_t msg;
    REQUIRE (zmq_msg_init_size (&msg, 3) == 0);
    memcpy (zmq_msg_data (&msg), "one", 3);
    CHECK (zmq_sendmsg (a, &msg, ZMQ_SNDMORE) == 3);
    CHECK (zmq_msg_size (&msg) == 0);
    CHECK (zmq_msg_close (&msg) == 0);
    REQUIRE (zmq_msg_init_size (&msg, 3) == 0);
    memcpy (zmq_msg_data (&msg), "two", 3);
    CHECK (zmq_sendmsg (a, &msg, 0) == 3);
    CHECK (zmq_msg_close (&msg) == 0);

    REQUIRE (zmq_msg_init (&msg) == 0);
    CHECK (zmq_recvmsg (b, &msg, 0) == 3);
    CHECK (memcmp (zmq_msg_data (&msg), "one", 3) == 0);
    CHECK (zmq_msg_more (&msg) == 1);
    CHECK (zmq_recvmsg (b, &msg, 0) == 3);
    CHECK (memcmp (zmq_msg_data (&msg), "two", 3) == 0);
    CHECK (zmq_msg_more (&msg) == 0);
    CHECK_ERR (zmq_recvmsg (b, &msg, ZMQ_DONTWAIT), EAGAIN);
    CHECK (zmq_msg_close (&msg) == 0);

    CHECK (zmq_close (a) == 0);
    CHECK (zmq_close (b) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
