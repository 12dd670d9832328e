/* ZMQ_LAST_ENDPOINT reports the last endpoint bound, as a NUL-terminated
 * string whose size includes the NUL; too small a buffer gives EINVAL. */
#include "testsock.h"

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *s = ts_socket (ctx, ZMQ_PAIR);
    char buf[256];
    size_t size = sizeof buf;
    memset (buf, 'x', sizeof buf);
    CHECK (zmq_getsockopt (s, ZMQ_LAST_ENDPOINT, buf, &size) == 0);
    CHECK (size == 1 && buf[0] == 0);

    REQUIRE (zmq_bind (s, "inproc://first") == 0);
    size = sizeof buf;
    CHECK (zmq_getsockopt (s, ZMQ_LAST_ENDPOINT, buf, &size) == 0);
    CHECK (size == strlen ("inproc://first") + 1);
    CHECK (strcmp (buf, "inproc://first") == 0);

    REQUIRE (zmq_bind (s, "inproc://second-name") == 0);
    size = sizeof buf;
    CHECK (zmq_getsockopt (s, ZMQ_LAST_ENDPOINT, buf, &size) == 0);
    CHECK (strcmp (buf, "inproc://second-name") == 0);

    size = 5;
    CHECK_ERR (zmq_getsockopt (s, ZMQ_LAST_ENDPOINT, buf, &size), EINVAL);

    /* A failed bind leaves it unchanged. */
    void *t = ts_socket (ctx, ZMQ_PAIR);
    CHECK_ERR (zmq_bind (t, "inproc://first"), EADDRINUSE);
    size = sizeof buf;
    CHECK (zmq_getsockopt (t, ZMQ_LAST_ENDPOINT, buf, &size) == 0);
    CHECK (size == 1 && buf[0] == 0);

    CHECK (zmq_close (t) == 0);
    CHECK (zmq_close (s) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
