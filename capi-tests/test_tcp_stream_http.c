/* ZMQ_STREAM as an HTTP-like server for a plain TCP client: the request
 * arrives as [id][bytes] pieces, the reply goes out as [id][bytes], and
 * [id][""] closes the connection after the reply; unknown ids are
 * EHOSTUNREACH. */
#include "rawpeer.h"

static const char request[] = "GET /index.html HTTP/1.0\r\nHost: x\r\n\r\n";
static const char reply[] = "HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello";

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *server = ts_socket (ctx, ZMQ_STREAM);
    char ep[256];
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);

    CHECK_ERR (zmq_send (server, "nobody", 6, ZMQ_SNDMORE), EHOSTUNREACH);

    int fd = rp_connect (ep);
    char id[256], id2[256];
    int idlen = ts_recv (server, id, sizeof id);
    CHECK (idlen == 5);
    ts_expect (server, "", 0);

    rp_send (fd, request, strlen (request));
    char got[256];
    size_t total = 0;
    while (total < strlen (request)) {
        REQUIRE (ts_recv (server, id2, sizeof id2) == idlen);
        CHECK (memcmp (id, id2, (size_t) idlen) == 0);
        CHECK (ts_get_int (server, ZMQ_RCVMORE) == 1);
        int rc = zmq_recv (server, got + total, sizeof got - 1 - total, 0);
        REQUIRE (rc > 0);
        CHECK (ts_get_int (server, ZMQ_RCVMORE) == 0);
        total += (size_t) rc;
    }
    CHECK (total == strlen (request) && memcmp (got, request, total) == 0);

    CHECK (zmq_send (server, id, (size_t) idlen, ZMQ_SNDMORE) == idlen);
    ts_send (server, reply, 0);
    CHECK (zmq_send (server, id, (size_t) idlen, ZMQ_SNDMORE) == idlen);
    CHECK (zmq_send (server, "", 0, 0) == 0);

    /* The client reads the whole reply, then end of stream. */
    char buf[256];
    CHECK (rp_read (fd, buf, strlen (reply), TS_WAIT_MS) == 0);
    CHECK (memcmp (buf, reply, strlen (reply)) == 0);
    int closed = 0;
    int64_t deadline = ts_now_ms () + TS_WAIT_MS;
    while (!closed && ts_now_ms () < deadline) {
        ts_wait_in (server, 0);
        closed = rp_wait_closed (fd, 20);
    }
    CHECK (closed);
    close (fd);
    /* A connection closed by the socket is not reported back to it. */
    ts_expect_none (server, 100);
    /* Its id is gone. */
    CHECK_ERR (zmq_send (server, id, (size_t) idlen, ZMQ_SNDMORE),
               EHOSTUNREACH);

    CHECK (zmq_close (server) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
