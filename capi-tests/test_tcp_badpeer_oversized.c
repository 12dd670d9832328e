/* ZMQ_MAXMSGSIZE: a frame within the limit is delivered; a peer announcing
 * a larger frame is disconnected before it is delivered (or allocated), and
 * the server keeps serving good clients. */
#include "rawpeer.h"

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *server = ts_socket (ctx, ZMQ_PULL);
    /* zmq's int64 option. */
    int64_t max = 1000;
    REQUIRE (zmq_setsockopt (server, ZMQ_MAXMSGSIZE, &max, sizeof max) == 0);
    int64_t got_max = 0;
    size_t size = sizeof got_max;
    CHECK (zmq_getsockopt (server, ZMQ_MAXMSGSIZE, &got_max, &size) == 0);
    CHECK (got_max == 1000 && size == sizeof (int64_t));
    char ep[256];
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);

    int fd = rp_connect (ep);
    REQUIRE (rp_handshake (fd, "PUSH") == 0);
    /* Exactly at the limit: fine. */
    char body[1000];
    memset (body, 'z', sizeof body);
    rp_frame_header (fd, sizeof body, 0);
    rp_send (fd, body, sizeof body);
    char buf[2000];
    CHECK (ts_wait_in (server, TS_WAIT_MS));
    CHECK (zmq_recv (server, buf, sizeof buf, ZMQ_DONTWAIT) == 1000);
    /* One byte over, then a huge one: the connection goes. */
    rp_frame_header (fd, 1001, 0);
    rp_send (fd, body, 1000);
    rp_send (fd, "z", 1);
    CHECK (rp_wait_closed (fd, TS_WAIT_MS));
    close (fd);
    ts_expect_none (server, 50);

    fd = rp_connect (ep);
    REQUIRE (rp_handshake (fd, "PUSH") == 0);
    rp_frame_header (fd, (uint64_t) 1 << 62, 0);
    rp_send (fd, body, 100);
    CHECK (rp_wait_closed (fd, TS_WAIT_MS));
    close (fd);
    ts_expect_none (server, 50);

    /* Good clients are still served (their messages are within the limit;
     * the big standard message is not, so only small ones here). */
    void *good = ts_socket (ctx, ZMQ_PUSH);
    REQUIRE (zmq_connect (good, ep) == 0);
    ts_send (good, "good", 0);
    ts_expect (server, "good", 0);
    CHECK (zmq_close (good) == 0);

    CHECK (zmq_close (server) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
