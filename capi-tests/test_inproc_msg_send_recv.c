/* zmq_msg_send / zmq_msg_recv: byte counts, the message is emptied by a
 * successful send and left intact by a failed one, zmq_msg_more, and a
 * zero-copy message's free function runs once, after the receiver is done. */
#include "testsock.h"

static int freed = 0;
static void free_fn (void *data, void *hint)
{
    (void) data;
    CHECK (hint == &freed);
    freed++;
}

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *push = ts_socket (ctx, ZMQ_PUSH);
    void *pull = ts_socket (ctx, ZMQ_PULL);

    zmq_msg_t msg;
    /* No peer yet: EAGAIN and the message is still ours. */
    REQUIRE (zmq_msg_init_size (&msg, 5) == 0);
    memcpy (zmq_msg_data (&msg), "hello", 5);
    CHECK_ERR (zmq_msg_send (&msg, push, ZMQ_DONTWAIT), EAGAIN);
    CHECK (zmq_msg_size (&msg) == 5);
    CHECK (memcmp (zmq_msg_data (&msg), "hello", 5) == 0);

    REQUIRE (zmq_bind (pull, "inproc://msg") == 0);
    REQUIRE (zmq_connect (push, "inproc://msg") == 0);
    CHECK (zmq_msg_send (&msg, push, ZMQ_SNDMORE) == 5);
    CHECK (zmq_msg_size (&msg) == 0);
    CHECK (zmq_msg_close (&msg) == 0);

    static char payload[] = "zero-copy payload";
    REQUIRE (zmq_msg_init_data (&msg, payload, sizeof payload, free_fn, &freed)
             == 0);
    CHECK (zmq_msg_send (&msg, push, 0) == (int) sizeof payload);
    CHECK (zmq_msg_close (&msg) == 0);
    CHECK (freed == 0);

    zmq_msg_t in;
    REQUIRE (zmq_msg_init (&in) == 0);
    CHECK (zmq_msg_recv (&in, pull, 0) == 5);
    CHECK (zmq_msg_more (&in) == 1);
    CHECK (zmq_msg_get (&in, ZMQ_MORE) == 1);
    CHECK (memcmp (zmq_msg_data (&in), "hello", 5) == 0);
    /* Receiving into a message that holds data replaces that data. */
    CHECK (zmq_msg_recv (&in, pull, 0) == (int) sizeof payload);
    CHECK (zmq_msg_more (&in) == 0);
    CHECK (memcmp (zmq_msg_data (&in), payload, sizeof payload) == 0);
    CHECK (freed == 0);
    CHECK (zmq_msg_close (&in) == 0);
    CHECK (freed == 1);

    /* Nothing left: EAGAIN, message untouched and valid. */
    REQUIRE (zmq_msg_init (&in) == 0);
    CHECK_ERR (zmq_msg_recv (&in, pull, ZMQ_DONTWAIT), EAGAIN);
    CHECK (zmq_msg_size (&in) == 0);
    CHECK (zmq_msg_close (&in) == 0);

    /* An empty message. */
    REQUIRE (zmq_msg_init (&msg) == 0);
    CHECK (zmq_msg_send (&msg, push, 0) == 0);
    CHECK (zmq_msg_close (&msg) == 0);
    REQUIRE (zmq_msg_init (&in) == 0);
    CHECK (zmq_msg_recv (&in, pull, 0) == 0);
    CHECK (zmq_msg_close (&in) == 0);

    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (pull) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    CHECK (freed == 1);
    return test_end ();
}
