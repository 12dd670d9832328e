/* zmq_sendiov / zmq_recviov as the reference implements them:
 * - sendiov sends each iovec as one frame; with ZMQ_SNDMORE the frames form
 *   one multipart message (the last frame without MORE); with flags 0 each
 *   frame is a message of its own; it returns the size of the last frame;
 * - recviov receives up to *count frames of one message into buffers it
 *   allocates (the caller frees them), sets *count and returns the number of
 *   frames received; frames beyond *count stay queued. */
#include "testsock.h"

#include <sys/uio.h>

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *a = ts_socket (ctx, ZMQ_PAIR);
    void *b = ts_socket (ctx, ZMQ_PAIR);
    REQUIRE (zmq_bind (a, "inproc://iov") == 0);
    REQUIRE (zmq_connect (b, "inproc://iov") == 0);

    char p1[] = "first", p2[] = "", p3[] = "third part";
    struct iovec out[3] = {{p1, 5}, {p2, 0}, {p3, 10}};
    CHECK (zmq_sendiov (a, out, 3, ZMQ_SNDMORE) == 10);
    ts_expect (b, "first", 1);
    ts_expect (b, "", 1);
    ts_expect (b, "third part", 0);

    CHECK (zmq_sendiov (a, out, 3, 0) == 10);
    ts_expect (b, "first", 0);
    ts_expect (b, "", 0);
    ts_expect (b, "third part", 0);

    /* Receive a whole message. */
    CHECK (zmq_sendiov (a, out, 3, ZMQ_SNDMORE) == 10);
    struct iovec in[8];
    size_t count = 8;
    CHECK (zmq_recviov (b, in, &count, 0) == 3);
    CHECK (count == 3);
    if (count == 3) {
        CHECK (in[0].iov_len == 5 && memcmp (in[0].iov_base, "first", 5) == 0);
        CHECK (in[1].iov_len == 0);
        CHECK (in[2].iov_len == 10
               && memcmp (in[2].iov_base, "third part", 10) == 0);
    }
    for (size_t i = 0; i < count && i < 8; i++)
        free (in[i].iov_base);

    /* Fewer slots than frames: the rest stays to be received. */
    CHECK (zmq_sendiov (a, out, 3, ZMQ_SNDMORE) == 10);
    count = 2;
    CHECK (zmq_recviov (b, in, &count, 0) == 2);
    CHECK (count == 2);
    for (size_t i = 0; i < count && i < 8; i++)
        free (in[i].iov_base);
    CHECK (ts_get_int (b, ZMQ_RCVMORE) == 1);
    ts_expect (b, "third part", 0);

    /* Nothing to receive. */
    count = 8;
    CHECK_ERR (zmq_recviov (b, in, &count, ZMQ_DONTWAIT), EAGAIN);
    CHECK (count == 0);

    /* Invalid arguments. */
    CHECK_ERR (zmq_sendiov (a, NULL, 1, 0), EINVAL);
    CHECK_ERR (zmq_sendiov (a, out, 0, 0), EINVAL);
    count = 8;
    CHECK_ERR (zmq_recviov (b, NULL, &count, 0), EINVAL);

    CHECK (zmq_close (a) == 0);
    CHECK (zmq_close (b) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
