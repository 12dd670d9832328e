/* Multipart messages are delivered all or nothing: no frame is visible
 * before the last one is sent, a partial message of a closed sender is never
 * delivered, and ZMQ_RCVMORE reports the frames that follow. */
#include "testsock.h"

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *pull = ts_socket (ctx, ZMQ_PULL);
    void *push = ts_socket (ctx, ZMQ_PUSH);
    REQUIRE (zmq_bind (pull, "inproc://multipart") == 0);
    REQUIRE (zmq_connect (push, "inproc://multipart") == 0);
    CHECK (ts_get_int (pull, ZMQ_RCVMORE) == 0);

    ts_send (push, "one", ZMQ_SNDMORE);
    ts_send (push, "two", ZMQ_SNDMORE);
    ts_expect_none (pull, 50);
    CHECK (!(ts_get_int (pull, ZMQ_EVENTS) & ZMQ_POLLIN));
    ts_send (push, "three", 0);
    ts_expect (pull, "one", 1);
    ts_expect (pull, "two", 1);
    ts_expect (pull, "three", 0);

    /* Many frames, with empty ones. */
    for (int i = 0; i < 100; i++)
        ts_send (push, i % 3 ? "x" : "", i < 99 ? ZMQ_SNDMORE : 0);
    for (int i = 0; i < 100; i++)
        ts_expect (pull, i % 3 ? "x" : "", i < 99);

    /* RCVMORE as int; ZMQ_MORE via zmq_msg_get too. */
    ts_send (push, "a", ZMQ_SNDMORE);
    ts_send (push, "b", 0);
    zmq_msg_t msg;
    REQUIRE (zmq_msg_init (&msg) == 0);
    CHECK (zmq_msg_recv (&msg, pull, 0) == 1);
    CHECK (zmq_msg_get (&msg, ZMQ_MORE) == 1);
    int more = -1;
    size_t size = sizeof more;
    CHECK (zmq_getsockopt (pull, ZMQ_RCVMORE, &more, &size) == 0);
    CHECK (more == 1 && size == sizeof (int));
    CHECK (zmq_msg_recv (&msg, pull, 0) == 1);
    CHECK (zmq_msg_get (&msg, ZMQ_MORE) == 0);
    CHECK (zmq_msg_close (&msg) == 0);

    /* A sender closing in the middle of a message: nothing is delivered. */
    void *quitter = ts_socket (ctx, ZMQ_PUSH);
    REQUIRE (zmq_connect (quitter, "inproc://multipart") == 0);
    ts_send (quitter, "half", ZMQ_SNDMORE);
    CHECK (zmq_close (quitter) == 0);
    ts_send (push, "whole", 0);
    ts_expect (pull, "whole", 0);
    ts_expect_none (pull, 50);

    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (pull) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
