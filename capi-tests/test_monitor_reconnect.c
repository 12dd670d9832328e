/* Connection events of a connecting socket, as libzmq reports them:
 * attempts on a closed port end CLOSED then CONNECT_RETRIED (value: the
 * reconnect interval, which libzmq stretches by up to one interval of
 * jitter); once the peer binds, CONNECTED and HANDSHAKE_SUCCEEDED; a lost
 * peer gives DISCONNECTED then CONNECT_RETRIED; zmq_disconnect ends it
 * quietly. A bind on a taken port gives BIND_FAILED (EADDRINUSE, address
 * without its scheme). */
#include "monitorutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define IVL 100

/* Reads events until `want`, skipping the ones in `skippable`; returns its
 * value. */
static uint32_t expect_after (void *mon, int want, int skippable,
                              const char *ep)
{
    for (;;) {
        uint32_t value = 0;
        char got[256];
        int event = mu_read (mon, TS_WAIT_MS, &value, got, sizeof got);
        if (event == want) {
            if (ep && strcmp (got, ep) != 0) {
                fprintf (stderr, "event 0x%x for '%s', wanted '%s'\n", want,
                         got, ep);
                testutil_failures++;
            }
            return value;
        }
        if (event < 0 || !(event & skippable)) {
            fprintf (stderr, "wanted event 0x%x, got 0x%x\n", want, event);
            testutil_failures++;
            return 0;
        }
    }
}

/* "tcp://127.0.0.1:port" for a port nobody listens on: bound by a plain
 * socket, then released (at once, unlike a zmq listener's close). */
static void free_endpoint (char *ep, size_t size)
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
    close (fd);
}

static void check_retry_value (uint32_t value)
{
    if (value < IVL || value >= 2 * IVL) {
        fprintf (stderr, "CONNECT_RETRIED value %u, want [%d, %d)\n", value,
                 IVL, 2 * IVL);
        testutil_failures++;
    }
}

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);

    char ep[256];
    free_endpoint (ep, sizeof ep);

    void *client = ts_socket (ctx, ZMQ_DEALER);
    ts_set_int (client, ZMQ_RECONNECT_IVL, IVL);
    void *mon = mu_monitor (ctx, client, "inproc://monitor-client",
                            ZMQ_EVENT_ALL);
    REQUIRE (zmq_connect (client, ep) == 0);
    /* The refused attempt (its socket CLOSED), then the retry. */
    check_retry_value (expect_after (
      mon, ZMQ_EVENT_CONNECT_RETRIED,
      ZMQ_EVENT_CONNECT_DELAYED | ZMQ_EVENT_CLOSED, ep));
    check_retry_value (expect_after (
      mon, ZMQ_EVENT_CONNECT_RETRIED,
      ZMQ_EVENT_CONNECT_DELAYED | ZMQ_EVENT_CLOSED, ep));

    /* The peer appears. */
    void *server = ts_socket (ctx, ZMQ_DEALER);
    void *mon_s = mu_monitor (ctx, server, "inproc://monitor-server",
                              ZMQ_EVENT_LISTENING | ZMQ_EVENT_CLOSED);
    REQUIRE (zmq_bind (server, ep) == 0);
    mu_expect (mon_s, ZMQ_EVENT_LISTENING, ep);
    const int retrying = ZMQ_EVENT_CONNECT_DELAYED | ZMQ_EVENT_CLOSED
                         | ZMQ_EVENT_CONNECT_RETRIED;
    uint32_t fd = expect_after (mon, ZMQ_EVENT_CONNECTED, retrying, ep);
    CHECK (expect_after (mon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0, ep) == 0);
    ts_send (client, "one", 0);
    ts_expect (server, "one", 0);

    /* A second bind of the same address fails, and says so. */
    void *other = ts_socket (ctx, ZMQ_DEALER);
    void *mon_other = mu_monitor (ctx, other, "inproc://monitor-other",
                                  ZMQ_EVENT_ALL);
    CHECK_ERR (zmq_bind (other, ep), EADDRINUSE);
    CHECK (expect_after (mon_other, ZMQ_EVENT_BIND_FAILED, ZMQ_EVENT_CLOSED,
                         ep + strlen ("tcp://"))
           == EADDRINUSE);
    CHECK (zmq_close (other) == 0);
    expect_after (mon_other, ZMQ_EVENT_MONITOR_STOPPED, 0, "");
    CHECK (zmq_close (mon_other) == 0);

    /* The peer goes: DISCONNECTED (same fd), then a retry. The port is
     * free again once the listener is CLOSED. */
    CHECK (zmq_unbind (server, ep) == 0);
    mu_expect (mon_s, ZMQ_EVENT_CLOSED, ep);
    CHECK (zmq_close (server) == 0);
    CHECK (expect_after (mon, ZMQ_EVENT_DISCONNECTED, 0, ep) == fd);
    check_retry_value (expect_after (mon, ZMQ_EVENT_CONNECT_RETRIED, 0, ep));

    /* Back again, then disconnected by the client: no more events. */
    server = ts_socket (ctx, ZMQ_DEALER);
    REQUIRE (zmq_bind (server, ep) == 0);
    expect_after (mon, ZMQ_EVENT_CONNECTED, retrying, ep);
    expect_after (mon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0, ep);
    ts_send (client, "two", 0);
    ts_expect (server, "two", 0);
    CHECK (zmq_disconnect (client, ep) == 0);
    CHECK (zmq_socket_monitor (client, NULL, 0) == 0);
    expect_after (mon, ZMQ_EVENT_MONITOR_STOPPED, 0, "");

    CHECK (zmq_close (client) == 0);
    CHECK (zmq_close (server) == 0);
    CHECK (zmq_close (mon) == 0);
    CHECK (zmq_close (mon_s) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
