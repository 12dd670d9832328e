/* ZMQ_STREAM connecting out to a plain TCP server: ZMQ_CONNECT_ROUTING_ID
 * names the connection, [id][""] marks it up, data flows both ways as raw
 * bytes, and the server hanging up shows as [id][""]. */
#include "rawpeer.h"

int main (void)
{
    test_start (30);
    int lfd = socket (AF_INET, SOCK_STREAM, 0);
    REQUIRE (lfd >= 0);
    struct sockaddr_in addr;
    memset (&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    REQUIRE (bind (lfd, (struct sockaddr *) &addr, sizeof addr) == 0);
    REQUIRE (listen (lfd, 4) == 0);
    socklen_t alen = sizeof addr;
    REQUIRE (getsockname (lfd, (struct sockaddr *) &addr, &alen) == 0);
    char ep[64];
    snprintf (ep, sizeof ep, "tcp://127.0.0.1:%d", ntohs (addr.sin_port));

    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *client = ts_socket (ctx, ZMQ_STREAM);
    CHECK_ERR (zmq_setsockopt (client, ZMQ_CONNECT_ROUTING_ID, "", 0),
               EINVAL);
    REQUIRE (zmq_setsockopt (client, ZMQ_CONNECT_ROUTING_ID, "web", 3) == 0);
    REQUIRE (zmq_connect (client, ep) == 0);
    int fd = accept (lfd, NULL, NULL);
    REQUIRE (fd >= 0);

    ts_expect (client, "web", 1);
    ts_expect (client, "", 0);

    CHECK (zmq_send (client, "web", 3, ZMQ_SNDMORE) == 3);
    ts_send (client, "hello server", 0);
    char buf[64];
    CHECK (rp_read (fd, buf, 12, TS_WAIT_MS) == 0
           && memcmp (buf, "hello server", 12) == 0);

    rp_send (fd, "hi", 2);
    ts_expect (client, "web", 1);
    ts_expect (client, "hi", 0);

    /* A large reply comes as one or more [id][bytes] pieces, in order. */
    enum { BIG = 300 * 1000 };
    char *big = malloc (BIG), *got = malloc (BIG + 1);
    REQUIRE (big && got);
    for (int i = 0; i < BIG; i++)
        big[i] = (char) (i * 7);
    rp_send (fd, big, BIG);
    int total = 0;
    while (total < BIG) {
        char id[16];
        REQUIRE (ts_recv (client, id, sizeof id) == 3);
        CHECK (memcmp (id, "web", 3) == 0);
        int rc = zmq_recv (client, got + total, (size_t) (BIG + 1 - total), 0);
        REQUIRE (rc > 0);
        total += rc;
    }
    CHECK (total == BIG && memcmp (got, big, BIG) == 0);
    free (big);
    free (got);

    close (fd);
    ts_expect (client, "web", 1);
    ts_expect (client, "", 0);

    int zero = 0;
    zmq_setsockopt (client, ZMQ_LINGER, &zero, sizeof zero);
    CHECK (zmq_close (client) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    close (lfd);
    return test_end ();
}
