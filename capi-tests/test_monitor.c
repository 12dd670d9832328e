/* zmq_socket_monitor's API: only inproc addresses, NULL stops (with
 * MONITOR_STOPPED as the last event), a second call replaces the monitor,
 * the events mask filters, and closing the socket ends with the listener's
 * CLOSED then MONITOR_STOPPED. Over tcp and ipc. */
#include "monitorutil.h"

static void check_addresses (void *ctx)
{
    void *s = ts_socket (ctx, ZMQ_DEALER);
    CHECK_ERR (zmq_socket_monitor (s, "tcp://127.0.0.1:*", ZMQ_EVENT_ALL),
               EPROTONOSUPPORT);
    CHECK_ERR (zmq_socket_monitor (s, "ipc://monitor", ZMQ_EVENT_ALL),
               EPROTONOSUPPORT);
    CHECK_ERR (zmq_socket_monitor (s, "no-scheme", ZMQ_EVENT_ALL), EINVAL);
    CHECK_ERR (zmq_socket_monitor (s, "inproc://", ZMQ_EVENT_ALL), EINVAL);
    CHECK_ERR (zmq_socket_monitor (NULL, "inproc://m", ZMQ_EVENT_ALL),
               ENOTSOCK);
    /* The monitor binds its address: a taken one is refused. */
    void *taken = ts_socket (ctx, ZMQ_PAIR);
    REQUIRE (zmq_bind (taken, "inproc://monitor-taken") == 0);
    CHECK_ERR (zmq_socket_monitor (s, "inproc://monitor-taken", ZMQ_EVENT_ALL),
               EADDRINUSE);
    /* Stopping when not monitoring is fine. */
    CHECK (zmq_socket_monitor (s, NULL, 0) == 0);
    CHECK (zmq_close (taken) == 0);
    CHECK (zmq_close (s) == 0);
}

/* The mask passes only the events asked for; the stop is the last event. */
static void check_filter (void *ctx)
{
    void *server = ts_socket (ctx, ZMQ_ROUTER);
    void *mon = mu_monitor (ctx, server, "inproc://monitor-filter",
                            ZMQ_EVENT_ACCEPTED | ZMQ_EVENT_MONITOR_STOPPED);
    char ep[256];
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);
    void *client = ts_socket (ctx, ZMQ_DEALER);
    REQUIRE (zmq_connect (client, ep) == 0);
    ts_send (client, "hello", 0);
    char buf[64];
    CHECK (ts_recv (server, buf, sizeof buf) > 0); /* routing id */
    ts_expect (server, "hello", 0);
    CHECK (zmq_socket_monitor (server, NULL, 0) == 0);
    /* Not LISTENING, not HANDSHAKE_SUCCEEDED. */
    uint32_t fd = mu_expect (mon, ZMQ_EVENT_ACCEPTED, ep);
    CHECK ((int) fd >= 0);
    mu_expect (mon, ZMQ_EVENT_MONITOR_STOPPED, "");
    CHECK (zmq_close (client) == 0);
    CHECK (zmq_close (server) == 0);
    CHECK (zmq_close (mon) == 0);

    /* Without MONITOR_STOPPED in the mask, stopping sends nothing. */
    void *s = ts_socket (ctx, ZMQ_DEALER);
    mon = mu_monitor (ctx, s, "inproc://monitor-nostop",
                      ZMQ_EVENT_ALL & ~ZMQ_EVENT_MONITOR_STOPPED);
    ts_bind_any (s, "tcp://127.0.0.1:*", ep, sizeof ep);
    mu_expect (mon, ZMQ_EVENT_LISTENING, ep);
    CHECK (zmq_socket_monitor (s, NULL, 0) == 0);
    mu_expect_none (mon, 200);
    CHECK (zmq_close (s) == 0);
    CHECK (zmq_close (mon) == 0);
}

/* A second zmq_socket_monitor stops the first; the new one gets what
 * follows. */
static void check_replace (void *ctx)
{
    void *s = ts_socket (ctx, ZMQ_DEALER);
    void *first = mu_monitor (ctx, s, "inproc://monitor-first", ZMQ_EVENT_ALL);
    char ep[256];
    ts_bind_any (s, "tcp://127.0.0.1:*", ep, sizeof ep);
    mu_expect (first, ZMQ_EVENT_LISTENING, ep);
    void *second =
      mu_monitor (ctx, s, "inproc://monitor-second", ZMQ_EVENT_ALL);
    mu_expect (first, ZMQ_EVENT_MONITOR_STOPPED, "");
    CHECK (zmq_unbind (s, ep) == 0);
    mu_expect (second, ZMQ_EVENT_CLOSED, ep);
    CHECK (zmq_close (s) == 0);
    mu_expect (second, ZMQ_EVENT_MONITOR_STOPPED, "");
    CHECK (zmq_close (first) == 0);
    CHECK (zmq_close (second) == 0);
}

/* A whole conversation over `transport`; ends with the server's close. */
static void check_session (void *ctx, const char *transport,
                           const char *mon_server, const char *mon_client)
{
    void *server = ts_socket (ctx, ZMQ_DEALER);
    void *client = ts_socket (ctx, ZMQ_DEALER);
    void *mon_s = mu_monitor (ctx, server, mon_server, ZMQ_EVENT_ALL);
    void *mon_c = mu_monitor (ctx, client, mon_client, ZMQ_EVENT_ALL);
    char ep[256];
    ts_bind_any (server, transport, ep, sizeof ep);
    uint32_t listen_fd = mu_expect (mon_s, ZMQ_EVENT_LISTENING, ep);
    REQUIRE (zmq_connect (client, ep) == 0);
    ts_send (client, "ping", 0);
    ts_expect (server, "ping", 0);

    uint32_t accepted = mu_expect (mon_s, ZMQ_EVENT_ACCEPTED, ep);
    CHECK (accepted != listen_fd);
    CHECK (mu_expect (mon_s, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep) == 0);

    /* tcp connects may complete later (EINPROGRESS); ipc ones at once. */
    uint32_t value = 0;
    char got[256];
    int event = mu_read (mon_c, TS_WAIT_MS, &value, got, sizeof got);
    if (event == ZMQ_EVENT_CONNECT_DELAYED) {
        CHECK (value == EINPROGRESS);
        CHECK (strcmp (got, ep) == 0);
        event = mu_read (mon_c, TS_WAIT_MS, &value, got, sizeof got);
    }
    CHECK (event == ZMQ_EVENT_CONNECTED);
    CHECK (strcmp (got, ep) == 0);
    CHECK ((int) value >= 0);
    CHECK (mu_expect (mon_c, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep) == 0);

    /* The server closes: it reports its listener's CLOSED, then stops;
     * the client sees the connection go (and starts reconnecting). */
    CHECK (zmq_close (server) == 0);
    CHECK (mu_expect (mon_s, ZMQ_EVENT_CLOSED, ep) == listen_fd);
    mu_expect (mon_s, ZMQ_EVENT_MONITOR_STOPPED, "");
    CHECK (mu_expect (mon_c, ZMQ_EVENT_DISCONNECTED, ep) == value);

    CHECK (zmq_close (client) == 0);
    CHECK (zmq_close (mon_s) == 0);
    CHECK (zmq_close (mon_c) == 0);
}

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    check_addresses (ctx);
    check_filter (ctx);
    check_replace (ctx);
    /* Fresh monitor names: libzmq releases a closed monitor's name late. */
    check_session (ctx, "tcp://127.0.0.1:*", "inproc://mon-tcp-s",
                   "inproc://mon-tcp-c");
    check_session (ctx, "ipc://*", "inproc://mon-ipc-s", "inproc://mon-ipc-c");
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
