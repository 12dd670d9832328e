/* ZMQ_LINGER over tcp: with undeliverable messages queued (the peer is not
 * there), zmq_close still returns at once and zmq_ctx_term waits about
 * LINGER ms, and not at all with LINGER 0. */
#include "testsock.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

/* A tcp endpoint nobody listens on: a plain socket bound to a free port but
 * not listening, so connects are refused and no one else can take the port
 * while it is held. Returns the fd to close afterwards. */
static int dead_endpoint (char *ep, size_t size)
{
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    REQUIRE (fd >= 0);
    struct sockaddr_in addr;
    memset (&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    REQUIRE (bind (fd, (struct sockaddr *) &addr, sizeof addr) == 0);
    socklen_t len = sizeof addr;
    REQUIRE (getsockname (fd, (struct sockaddr *) &addr, &len) == 0);
    snprintf (ep, size, "tcp://127.0.0.1:%d", ntohs (addr.sin_port));
    return fd;
}

static int64_t term_time (int linger)
{
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    char ep[256];
    int fd = dead_endpoint (ep, sizeof ep);
    void *push = zmq_socket (ctx, ZMQ_PUSH);
    REQUIRE (push);
    ts_set_int (push, ZMQ_LINGER, linger);
    CHECK (ts_get_int (push, ZMQ_LINGER) == linger);
    REQUIRE (zmq_connect (push, ep) == 0);
    /* The pipe exists before the connection does (no ZMQ_IMMEDIATE). */
    for (int i = 0; i < 10; i++)
        CHECK (zmq_send (push, "pending", 7, ZMQ_DONTWAIT) == 7);
    int64_t start = ts_now_ms ();
    CHECK (zmq_close (push) == 0);
    CHECK (ts_now_ms () - start < 1000);
    CHECK (zmq_ctx_term (ctx) == 0);
    int64_t elapsed = ts_now_ms () - start;
    close (fd);
    return elapsed;
}

int main (void)
{
    test_start (20);
    /* Generous bounds: the machine may be loaded; the two cases stay far
     * apart. */
    int64_t t0 = term_time (0);
    CHECK (t0 < 1000);
    int64_t t1500 = term_time (1500);
    CHECK (t1500 >= 1400);
    CHECK (t1500 < 10000);

    return test_end ();
}
