/* ZMQ_STREAM talks to plain TCP peers: each message is [routing id, data];
 * a connection and a disconnection show up as [id, ""]; sending [id, ""]
 * closes that connection; a STREAM client connecting out works the same. */
#include "rawpeer.h"

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *stream = ts_socket (ctx, ZMQ_STREAM);
    char ep[256];
    ts_bind_any (stream, "tcp://127.0.0.1:*", ep, sizeof ep);

    int fd = rp_connect (ep);
    char id[256], id2[256];
    int idlen = ts_recv (stream, id, sizeof id);
    CHECK (idlen > 0);
    CHECK (ts_get_int (stream, ZMQ_RCVMORE) == 1);
    ts_expect (stream, "", 0);

    rp_send (fd, "hello", 5);
    CHECK (ts_recv (stream, id2, sizeof id2) == idlen);
    CHECK (memcmp (id, id2, (size_t) idlen) == 0);
    /* TCP is a byte stream: the data may come in pieces. */
    char data[64];
    int total = 0;
    while (total < 5) {
        int rc = ts_recv (stream, data + total, sizeof data - (size_t) total);
        REQUIRE (rc > 0);
        total += rc;
        if (total < 5)
            REQUIRE (ts_recv (stream, id2, sizeof id2) == idlen);
    }
    CHECK (total == 5 && memcmp (data, "hello", 5) == 0);

    CHECK (zmq_send (stream, id, (size_t) idlen, ZMQ_SNDMORE) == idlen);
    ts_send (stream, "world", 0);
    char buf[16];
    CHECK (rp_read (fd, buf, 5, TS_WAIT_MS) == 0 && memcmp (buf, "world", 5) == 0);

    /* [id, ""] closes the connection. */
    CHECK (zmq_send (stream, id, (size_t) idlen, ZMQ_SNDMORE) == idlen);
    CHECK (zmq_send (stream, "", 0, 0) == 0);
    /* The socket finishes the close as it handles its commands: keep it
     * busy meanwhile, as an application would. */
    int closed = 0;
    int64_t deadline = ts_now_ms () + TS_WAIT_MS;
    while (!closed && ts_now_ms () < deadline) {
        ts_wait_in (stream, 0);
        closed = rp_wait_closed (fd, 20);
    }
    CHECK (closed);
    close (fd);

    /* A peer that hangs up is reported as [id, ""]. */
    fd = rp_connect (ep);
    idlen = ts_recv (stream, id, sizeof id);
    CHECK (idlen > 0);
    ts_expect (stream, "", 0);
    close (fd);
    CHECK (ts_recv (stream, id2, sizeof id2) == idlen);
    CHECK (memcmp (id, id2, (size_t) idlen) == 0);
    ts_expect (stream, "", 0);

    /* Two STREAM sockets, one connecting out. */
    void *client = ts_socket (ctx, ZMQ_STREAM);
    REQUIRE (zmq_connect (client, ep) == 0);
    char cid[256], sid[256];
    int cidlen = ts_recv (client, cid, sizeof cid);
    CHECK (cidlen > 0);
    ts_expect (client, "", 0);
    int sidlen = ts_recv (stream, sid, sizeof sid);
    CHECK (sidlen > 0);
    ts_expect (stream, "", 0);
    CHECK (zmq_send (client, cid, (size_t) cidlen, ZMQ_SNDMORE) == cidlen);
    ts_send (client, "ping", 0);
    CHECK (ts_recv (stream, id2, sizeof id2) == sidlen);
    ts_expect (stream, "ping", 0);

    CHECK (zmq_close (client) == 0);
    CHECK (zmq_close (stream) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
