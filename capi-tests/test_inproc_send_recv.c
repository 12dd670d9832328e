/* zmq_send / zmq_recv: return values, truncation of long messages (the
 * full size is returned, only len bytes copied, the rest discarded), empty
 * and large messages. */
#include "testsock.h"

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *a = ts_socket (ctx, ZMQ_PAIR);
    void *b = ts_socket (ctx, ZMQ_PAIR);
    REQUIRE (zmq_bind (a, "inproc://sendrecv") == 0);
    REQUIRE (zmq_connect (b, "inproc://sendrecv") == 0);

    /* Truncation. */
    CHECK (zmq_send (a, "0123456789", 10, 0) == 10);
    char buf[32];
    memset (buf, 'x', sizeof buf);
    CHECK (zmq_recv (b, buf, 4, 0) == 10);
    CHECK (memcmp (buf, "0123xxxx", 8) == 0);
    /* The rest of the truncated frame is gone, not delivered later. */
    CHECK (zmq_send (a, "next", 4, 0) == 4);
    CHECK (zmq_recv (b, buf, sizeof buf, 0) == 4);
    CHECK (memcmp (buf, "next", 4) == 0);

    /* Receiving into a zero-length buffer still consumes the frame. */
    CHECK (zmq_send (a, "abc", 3, 0) == 3);
    CHECK (zmq_recv (b, buf, 0, 0) == 3);
    CHECK (zmq_send (a, "def", 3, 0) == 3);
    CHECK (zmq_recv (b, NULL, 0, 0) == 3);

    /* Truncated frames of a multipart message keep RCVMORE. */
    CHECK (zmq_send (a, "long-first", 10, ZMQ_SNDMORE) == 10);
    CHECK (zmq_send (a, "long-second", 11, 0) == 11);
    CHECK (zmq_recv (b, buf, 2, 0) == 10);
    CHECK (ts_get_int (b, ZMQ_RCVMORE) == 1);
    CHECK (zmq_recv (b, buf, 2, 0) == 11);
    CHECK (ts_get_int (b, ZMQ_RCVMORE) == 0);

    /* Empty messages. */
    CHECK (zmq_send (a, "", 0, 0) == 0);
    CHECK (zmq_send (a, NULL, 0, 0) == 0);
    CHECK (zmq_recv (b, buf, sizeof buf, 0) == 0);
    CHECK (zmq_recv (b, buf, sizeof buf, 0) == 0);

    /* Binary data with zero bytes. */
    const char bin[5] = {0, 1, 0, 2, 0};
    CHECK (zmq_send (a, bin, 5, 0) == 5);
    CHECK (zmq_recv (b, buf, sizeof buf, 0) == 5);
    CHECK (memcmp (buf, bin, 5) == 0);

    /* A large message, both directions. */
    size_t big = 4 * 1024 * 1024;
    char *out = malloc (big), *in = malloc (big);
    REQUIRE (out && in);
    for (size_t i = 0; i < big; i++)
        out[i] = (char) (i * 7 + 3);
    CHECK (zmq_send (b, out, big, 0) == (int) big);
    CHECK (zmq_recv (a, in, big, 0) == (int) big);
    CHECK (memcmp (in, out, big) == 0);
    free (out);
    free (in);

    CHECK (zmq_close (a) == 0);
    CHECK (zmq_close (b) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
