/* ZMQ_STREAM_NOTIFY: on by default (connect and disconnect come as
 * [id][""]); set to 0, only data arrives. Values other than 0/1 are EINVAL. */
#include "rawpeer.h"

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *s = ts_socket (ctx, ZMQ_STREAM);
    int v = 2;
    CHECK_ERR (zmq_setsockopt (s, ZMQ_STREAM_NOTIFY, &v, sizeof v), EINVAL);
    v = 0;
    CHECK (zmq_setsockopt (s, ZMQ_STREAM_NOTIFY, &v, sizeof v) == 0);
    char ep[256];
    ts_bind_any (s, "tcp://127.0.0.1:*", ep, sizeof ep);

    int fd = rp_connect (ep);
    rp_send (fd, "x", 1);
    char id[256];
    int idlen = ts_recv (s, id, sizeof id);
    CHECK (idlen == 5);
    ts_expect (s, "x", 0);
    close (fd);
    ts_expect_none (s, 200);

    /* The same with notifications on (a socket of its own: the option
     * applies to connections made after it is set). */
    void *n = ts_socket (ctx, ZMQ_STREAM);
    v = 1;
    CHECK (zmq_setsockopt (n, ZMQ_STREAM_NOTIFY, &v, sizeof v) == 0);
    ts_bind_any (n, "tcp://127.0.0.1:*", ep, sizeof ep);
    fd = rp_connect (ep);
    CHECK (ts_recv (n, id, sizeof id) == 5);
    ts_expect (n, "", 0);
    rp_send (fd, "y", 1);
    CHECK (ts_recv (n, id, sizeof id) == 5);
    ts_expect (n, "y", 0);
    close (fd);
    CHECK (ts_recv (n, id, sizeof id) == 5);
    ts_expect (n, "", 0);

    CHECK (zmq_close (s) == 0);
    CHECK (zmq_close (n) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
