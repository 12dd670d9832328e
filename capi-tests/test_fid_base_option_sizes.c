/* The options the socket base answers itself (ZMQ_RCVMORE, ZMQ_EVENTS,
 * ZMQ_FD, ZMQ_THREAD_SAFE) accept any buffer of at least sizeof(int):
 * libzmq writes the int, zeroes the rest of the buffer and reports 4 bytes.
 * Callers that read ZMQ_RCVMORE into an int64_t rely on the zeroing. */
#include "testsock.h"

#include <stdint.h>

static void check_wide (void *s, int option, const char *name)
{
    unsigned char buf[16];
    for (size_t width = sizeof (int); width <= sizeof buf; width += 4) {
        memset (buf, 0xFF, sizeof buf);
        size_t size = width;
        int rc = zmq_getsockopt (s, option, buf, &size);
        if (rc != 0 || size != sizeof (int)) {
            fprintf (stderr, "%s, %zu-byte buffer: rc %d size %zu\n", name,
                     width, rc, size);
            testutil_failures++;
            continue;
        }
        for (size_t i = sizeof (int); i < width; i++)
            if (buf[i] != 0) {
                fprintf (stderr, "%s, %zu-byte buffer: byte %zu is 0x%02x\n",
                         name, width, i, buf[i]);
                testutil_failures++;
                break;
            }
        for (size_t i = width; i < sizeof buf; i++)
            if (buf[i] != 0xFF) {
                fprintf (stderr, "%s: wrote past the %zu-byte buffer\n", name,
                         width);
                testutil_failures++;
                break;
            }
    }
    memset (buf, 0xFF, sizeof buf);
    size_t size = sizeof (int) - 1;
    CHECK_ERR (zmq_getsockopt (s, option, buf, &size), EINVAL);
}

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *a = ts_socket (ctx, ZMQ_PAIR);
    void *b = ts_socket (ctx, ZMQ_PAIR);
    REQUIRE (zmq_bind (a, "inproc://sizes") == 0);
    REQUIRE (zmq_connect (b, "inproc://sizes") == 0);

    check_wide (b, ZMQ_RCVMORE, "ZMQ_RCVMORE");
    check_wide (b, ZMQ_EVENTS, "ZMQ_EVENTS");
    check_wide (b, ZMQ_FD, "ZMQ_FD");
    check_wide (b, ZMQ_THREAD_SAFE, "ZMQ_THREAD_SAFE");

    /* The case that broke callers: RCVMORE read as int64_t after the last
     * frame of a multipart message, with a dirty variable. */
    ts_send (a, "one", ZMQ_SNDMORE);
    ts_send (a, "two", 0);
    ts_expect (b, "one", 1);
    int64_t more = -1;
    size_t size = sizeof more;
    CHECK (zmq_getsockopt (b, ZMQ_RCVMORE, &more, &size) == 0);
    CHECK (size == sizeof (int));
    CHECK ((more & 0xFFFFFFFF) == 1);
    char buf[8];
    CHECK (zmq_recv (b, buf, sizeof buf, 0) == 3);
    more = -1;
    size = sizeof more;
    CHECK (zmq_getsockopt (b, ZMQ_RCVMORE, &more, &size) == 0);
    CHECK (more == 0);

    /* ZMQ_EVENTS in an int64_t: POLLOUT only, nothing in the high half. */
    int64_t events = -1;
    size = sizeof events;
    CHECK (zmq_getsockopt (b, ZMQ_EVENTS, &events, &size) == 0);
    CHECK (events == ZMQ_POLLOUT);

    CHECK (zmq_close (a) == 0);
    CHECK (zmq_close (b) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
