/* ZMQ_ROUTER_RAW: a ROUTER whose connections are raw TCP, as libzmq 4.3.4
 * does it: generated (or ZMQ_CONNECT_ROUTING_ID) ids, [id, data] messages,
 * [id, ""] on connect and disconnect, [id, ""] sent closes the connection,
 * the data frame ends a message even with SNDMORE, and setting the option
 * back to 0 leaves new connections raw. */
#include "rawpeer.h"

/* Receives [id, ""]; returns the id length (id stored in id). */
static int expect_notification (void *s, char *id, size_t size)
{
    int n = ts_recv (s, id, size);
    CHECK (n > 0);
    CHECK (ts_get_int (s, ZMQ_RCVMORE) == 1);
    ts_expect (s, "", 0);
    return n;
}

static void options (void *ctx)
{
    void *router = ts_socket (ctx, ZMQ_ROUTER);
    int value = 0;
    size_t size = sizeof value;
    /* Set-only, like libzmq. */
    CHECK_ERR (zmq_getsockopt (router, ZMQ_ROUTER_RAW, &value, &size), EINVAL);
    value = -1;
    CHECK_ERR (zmq_setsockopt (router, ZMQ_ROUTER_RAW, &value, sizeof value),
               EINVAL);
    value = 2;
    CHECK (zmq_setsockopt (router, ZMQ_ROUTER_RAW, &value, sizeof value) == 0);
    CHECK_ERR (zmq_getsockopt (router, ZMQ_ROUTER_RAW, &value, &size), EINVAL);
    CHECK (ts_get_int (router, ZMQ_TYPE) == ZMQ_ROUTER);
    /* ZMQ_STREAM_NOTIFY stays a STREAM option. */
    value = 0;
    CHECK_ERR (zmq_setsockopt (router, ZMQ_STREAM_NOTIFY, &value, sizeof value),
               EINVAL);
    CHECK (zmq_close (router) == 0);

    value = 1;
    void *dealer = ts_socket (ctx, ZMQ_DEALER);
    CHECK_ERR (zmq_setsockopt (dealer, ZMQ_ROUTER_RAW, &value, sizeof value),
               EINVAL);
    CHECK (zmq_close (dealer) == 0);
    void *stream = ts_socket (ctx, ZMQ_STREAM);
    CHECK_ERR (zmq_setsockopt (stream, ZMQ_ROUTER_RAW, &value, sizeof value),
               EINVAL);
    CHECK (zmq_close (stream) == 0);
    /* REP is a ROUTER inside, in libzmq too. */
    void *rep = ts_socket (ctx, ZMQ_REP);
    CHECK (zmq_setsockopt (rep, ZMQ_ROUTER_RAW, &value, sizeof value) == 0);
    CHECK (zmq_close (rep) == 0);
}

static void bound (void *ctx)
{
    void *router = ts_socket (ctx, ZMQ_ROUTER);
    ts_set_int (router, ZMQ_ROUTER_RAW, 1);
    char ep[256];
    ts_bind_any (router, "tcp://127.0.0.1:*", ep, sizeof ep);

    int fd = rp_connect (ep);
    char id[256], id2[256];
    int idlen = expect_notification (router, id, sizeof id);
    CHECK (idlen == 5 && id[0] == 0);

    rp_send (fd, "hello", 5);
    CHECK (ts_recv (router, id2, sizeof id2) == idlen);
    CHECK (memcmp (id, id2, (size_t) idlen) == 0);
    char data[64];
    int total = 0;
    while (total < 5) {
        int rc = ts_recv (router, data + total, sizeof data - (size_t) total);
        REQUIRE (rc > 0);
        CHECK (ts_get_int (router, ZMQ_RCVMORE) == 0);
        total += rc;
        if (total < 5)
            REQUIRE (ts_recv (router, id2, sizeof id2) == idlen);
    }
    CHECK (total == 5 && memcmp (data, "hello", 5) == 0);

    /* No greeting: the first bytes the peer sees are the data. The data
     * frame ends the message despite SNDMORE; "ld" then is a lone first
     * frame, silently dropped. */
    CHECK (zmq_send (router, id, (size_t) idlen, ZMQ_SNDMORE) == idlen);
    CHECK (zmq_send (router, "wor", 3, ZMQ_SNDMORE) == 3);
    CHECK (zmq_send (router, "ld", 2, 0) == 2);
    CHECK (zmq_send (router, id, (size_t) idlen, ZMQ_SNDMORE) == idlen);
    CHECK (zmq_send (router, "!", 1, 0) == 1);
    char buf[16];
    CHECK (rp_read (fd, buf, 4, TS_WAIT_MS) == 0 && memcmp (buf, "wor!", 4) == 0);

    /* [id, ""] closes the connection, with no notification back. */
    CHECK (zmq_send (router, id, (size_t) idlen, ZMQ_SNDMORE) == idlen);
    CHECK (zmq_send (router, "", 0, 0) == 0);
    int closed = 0;
    int64_t deadline = ts_now_ms () + TS_WAIT_MS;
    while (!closed && ts_now_ms () < deadline) {
        ts_wait_in (router, 0);
        closed = rp_wait_closed (fd, 20);
    }
    CHECK (closed);
    close (fd);

    /* A peer that hangs up is reported as [id, ""]. */
    fd = rp_connect (ep);
    idlen = expect_notification (router, id, sizeof id);
    close (fd);
    CHECK (expect_notification (router, id2, sizeof id2) == idlen);
    CHECK (memcmp (id, id2, (size_t) idlen) == 0);

    /* The close notification of the first connection never came. */
    ts_expect_none (router, 0);
    CHECK (zmq_close (router) == 0);
}

static void connecting (void *ctx)
{
    char ep[256];
    int lfd = rp_listen (ep, sizeof ep);

    void *router = ts_socket (ctx, ZMQ_ROUTER);
    ts_set_int (router, ZMQ_ROUTER_RAW, 1);
    ts_set_int (router, ZMQ_RECONNECT_IVL, 10);
    REQUIRE (zmq_setsockopt (router, ZMQ_CONNECT_ROUTING_ID, "web", 3) == 0);
    REQUIRE (zmq_connect (router, ep) == 0);
    int fd = accept (lfd, NULL, NULL);
    REQUIRE (fd >= 0);
    char id[256];
    CHECK (expect_notification (router, id, sizeof id) == 3);
    CHECK (memcmp (id, "web", 3) == 0);
    CHECK (zmq_send (router, "web", 3, ZMQ_SNDMORE) == 3);
    ts_send (router, "xyz", 0);
    char buf[16];
    CHECK (rp_read (fd, buf, 3, TS_WAIT_MS) == 0 && memcmp (buf, "xyz", 3) == 0);
    rp_send (fd, "abc", 3);
    ts_expect (router, "web", 1);
    ts_expect (router, "abc", 0);

    /* The server hangs up: [id, ""]; the reconnection keeps the id. */
    close (fd);
    CHECK (expect_notification (router, id, sizeof id) == 3);
    CHECK (memcmp (id, "web", 3) == 0);
    fd = accept (lfd, NULL, NULL);
    REQUIRE (fd >= 0);
    CHECK (expect_notification (router, id, sizeof id) == 3);
    CHECK (memcmp (id, "web", 3) == 0);
    CHECK (zmq_send (router, "web", 3, ZMQ_SNDMORE) == 3);
    ts_send (router, "again", 0);
    CHECK (rp_read (fd, buf, 5, TS_WAIT_MS) == 0 && memcmp (buf, "again", 5) == 0);
    close (fd);
    CHECK (zmq_close (router) == 0);

    /* Setting it back to 0 keeps new connections raw (libzmq's
     * options.raw_socket stays set), with generated ids. */
    router = ts_socket (ctx, ZMQ_ROUTER);
    ts_set_int (router, ZMQ_ROUTER_RAW, 1);
    ts_set_int (router, ZMQ_ROUTER_RAW, 0);
    REQUIRE (zmq_connect (router, ep) == 0);
    fd = accept (lfd, NULL, NULL);
    REQUIRE (fd >= 0);
    int idlen = expect_notification (router, id, sizeof id);
    CHECK (idlen == 5 && id[0] == 0);
    CHECK (zmq_send (router, id, (size_t) idlen, ZMQ_SNDMORE) == idlen);
    ts_send (router, "raw", 0);
    CHECK (rp_read (fd, buf, 3, TS_WAIT_MS) == 0 && memcmp (buf, "raw", 3) == 0);
    close (fd);
    CHECK (zmq_close (router) == 0);
    close (lfd);
}

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    options (ctx);
    bound (ctx);
    connecting (ctx);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
