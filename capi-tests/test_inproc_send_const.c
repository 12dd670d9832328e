/* zmq_send_const sends a buffer the library must not free or copy-own;
 * the receiver sees the same bytes. */
#include "testsock.h"

static const char greeting[] = "constant greeting";
static const char tail[] = "constant tail";

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *push = ts_socket (ctx, ZMQ_PUSH);
    void *pull = ts_socket (ctx, ZMQ_PULL);
    REQUIRE (zmq_bind (pull, "inproc://const") == 0);
    REQUIRE (zmq_connect (push, "inproc://const") == 0);

    for (int i = 0; i < 100; i++) {
        CHECK (zmq_send_const (push, greeting, sizeof greeting - 1, ZMQ_SNDMORE)
               == (int) (sizeof greeting - 1));
        CHECK (zmq_send_const (push, tail, sizeof tail - 1, 0) == (int) (sizeof tail - 1));
    }
    CHECK (zmq_send_const (push, NULL, 0, 0) == 0);
    for (int i = 0; i < 100; i++) {
        ts_expect (pull, greeting, 1);
        ts_expect (pull, tail, 0);
    }
    zmq_msg_t msg;
    REQUIRE (zmq_msg_init (&msg) == 0);
    CHECK (zmq_msg_recv (&msg, pull, 0) == 0);
    CHECK (zmq_msg_close (&msg) == 0);

    /* Nowhere to go: EAGAIN like zmq_send. */
    void *lonely = ts_socket (ctx, ZMQ_PUSH);
    CHECK_ERR (zmq_send_const (lonely, greeting, sizeof greeting - 1, ZMQ_DONTWAIT),
               EAGAIN);
    CHECK (zmq_close (lonely) == 0);

    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (pull) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
