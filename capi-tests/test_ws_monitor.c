/* Monitor events and heartbeats over ws://, as libzmq 4.3.4 raises them:
 * - server: LISTENING, ACCEPTED, HANDSHAKE_SUCCEEDED (libzmq 4.3.4 raises
 *   it twice on ws: after the upgrade and after the mechanism; we raise it
 *   once, when the connection is usable: a deliberate difference, as an
 *   application counting handshakes would count each connection twice
 *   there); a bad upgrade gives
 *   ACCEPTED then HANDSHAKE_FAILED_PROTOCOL (ZMQ_PROTOCOL_ERROR_WS_UNSPECIFIED)
 *   and DISCONNECTED;
 * - client: CONNECTED (maybe after CONNECT_DELAYED), HANDSHAKE_SUCCEEDED;
 *   after the server goes and comes back on the same endpoint, it
 *   reconnects and traffic resumes;
 * - heartbeats are WebSocket PINGs: a hand-written client sees them, and
 *   once it stops answering with PONGs the server drops it. */
#include "monitorutil.h"
#include "wspeer.h"

#ifndef ZMQ_PROTOCOL_ERROR_WS_UNSPECIFIED
#define ZMQ_PROTOCOL_ERROR_WS_UNSPECIFIED 0x30000000
#endif

/* The HANDSHAKE_SUCCEEDED events of one connection (see above). */
static void expect_handshake (void *mon, const char *ep)
{
    mu_expect (mon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep);
    const char *ref = getenv ("ZMQ_REFERENCE");
    if (ref && strcmp (ref, "1") == 0)
        mu_expect (mon, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, ep);
}

/* The client's CONNECTED (after a possible CONNECT_DELAYED) for ep. */
static void expect_connected (void *mon, const char *ep)
{
    uint32_t v;
    char got[256];
    int ev = mu_read (mon, TS_WAIT_MS, &v, got, sizeof got);
    if (ev == ZMQ_EVENT_CONNECT_DELAYED)
        ev = mu_read (mon, TS_WAIT_MS, &v, got, sizeof got);
    CHECK (ev == ZMQ_EVENT_CONNECTED);
    CHECK (strcmp (got, ep) == 0);
}

/* Reads one WebSocket frame; returns its opcode, or -1 at EOF/timeout. */
static int next_ping (int fd, int timeout_ms)
{
    unsigned char buf[256];
    int op;
    if (wp_read_frame (fd, &op, buf, sizeof buf, timeout_ms) < 0)
        return -1;
    return op;
}

int main (void)
{
    test_start (60);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    const int events = ZMQ_EVENT_ALL;

    void *server = ts_socket (ctx, ZMQ_REP);
    void *smon = mu_monitor (ctx, server, "inproc://smon", events);
    char ep[256];
    ts_bind_any (server, "ws://127.0.0.1:*", ep, sizeof ep);
    mu_expect (smon, ZMQ_EVENT_LISTENING, ep);

    void *client = ts_socket (ctx, ZMQ_REQ);
    ts_set_int (client, ZMQ_RECONNECT_IVL, 20);
    void *cmon = mu_monitor (ctx, client, "inproc://cmon", events);
    REQUIRE (zmq_connect (client, ep) == 0);
    expect_connected (cmon, ep);
    expect_handshake (cmon, ep);
    mu_expect (smon, ZMQ_EVENT_ACCEPTED, ep);
    expect_handshake (smon, ep);
    ts_send (client, "one", 0);
    ts_expect (server, "one", 0);
    ts_send (server, "two", 0);
    ts_expect (client, "two", 0);

    /* A bad upgrade. */
    int fd = rp_connect (ep);
    const char plain[] = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    rp_send (fd, plain, sizeof plain - 1);
    mu_expect (smon, ZMQ_EVENT_ACCEPTED, ep);
    CHECK (mu_expect (smon, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, ep)
           == ZMQ_PROTOCOL_ERROR_WS_UNSPECIFIED);
    mu_expect (smon, ZMQ_EVENT_DISCONNECTED, ep);
    CHECK (rp_wait_closed (fd, 3000));
    close (fd);

    CHECK (zmq_close (client) == 0);
    CHECK (zmq_close (server) == 0);

    /* The server goes away and comes back: the client reconnects. A
     * message sent while the loss is not yet noticed may be lost (in libzmq
     * too), so the client sends until one arrives. */
    void *pull = ts_socket (ctx, ZMQ_PULL);
    ts_bind_any (pull, "ws://127.0.0.1:*", ep, sizeof ep);
    void *push = ts_socket (ctx, ZMQ_PUSH);
    ts_set_int (push, ZMQ_RECONNECT_IVL, 20);
    void *pmon = mu_monitor (ctx, push, "inproc://pmon", events);
    REQUIRE (zmq_connect (push, ep) == 0);
    ts_send (push, "before", 0);
    ts_expect (pull, "before", 0);
    CHECK (zmq_unbind (pull, ep) == 0);
    nt_rebind (pull, ep);
    int delivered = 0;
    for (int i = 0; i < 50 && !delivered; i++) {
        ts_send (push, "after", 0);
        delivered = ts_wait_in (pull, 100);
    }
    CHECK (delivered);
    ts_expect (pull, "after", 0);
    expect_connected (pmon, ep);
    expect_handshake (pmon, ep);
    mu_expect (pmon, ZMQ_EVENT_DISCONNECTED, ep);
    /* Then, after a possible retry, connected again. */
    uint32_t v;
    char got[256];
    int ev;
    do
        ev = mu_read (pmon, TS_WAIT_MS, &v, got, sizeof got);
    while (ev == ZMQ_EVENT_CONNECT_RETRIED || ev == ZMQ_EVENT_CONNECT_DELAYED
           || ev == ZMQ_EVENT_DISCONNECTED || ev == ZMQ_EVENT_CLOSED);
    CHECK (ev == ZMQ_EVENT_CONNECTED);
    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (pull) == 0);
    CHECK (zmq_close (pmon) == 0);

    /* Heartbeats: PINGs every 100 ms, dropped 300 ms after one not
     * answered. */
    void *hb = ts_socket (ctx, ZMQ_PULL);
    ts_set_int (hb, ZMQ_HEARTBEAT_IVL, 100);
    ts_set_int (hb, ZMQ_HEARTBEAT_TIMEOUT, 300);
    char hbep[256];
    ts_bind_any (hb, "ws://127.0.0.1:*", hbep, sizeof hbep);
    fd = rp_connect (hbep);
    REQUIRE (wp_handshake (fd, "PUSH"));
    for (int i = 0; i < 4; i++) {
        CHECK (next_ping (fd, 2000) == WS_PING);
        wp_send_frame (fd, 0x80 | WS_PONG, 0, "", 0, 1);
    }
    wp_send_frame (fd, 0x80 | WS_BINARY, 0, "alive", 5, 1);
    ts_expect (hb, "alive", 0);
    /* Now silent: PINGs go unanswered until the server hangs up. */
    int op;
    int64_t deadline = ts_now_ms () + 3000;
    while ((op = next_ping (fd, 3000)) == WS_PING && ts_now_ms () < deadline)
        ;
    CHECK (op == -1);
    close (fd);
    CHECK (zmq_close (hb) == 0);

    /* Both sides heartbeating (the client's PINGs masked, the server's
     * not): the connection outlives many timeouts. */
    void *hs = ts_socket (ctx, ZMQ_PULL);
    void *hc = ts_socket (ctx, ZMQ_PUSH);
    ts_set_int (hs, ZMQ_HEARTBEAT_IVL, 30);
    ts_set_int (hs, ZMQ_HEARTBEAT_TIMEOUT, 100);
    ts_set_int (hc, ZMQ_HEARTBEAT_IVL, 30);
    ts_set_int (hc, ZMQ_HEARTBEAT_TIMEOUT, 100);
    ts_bind_any (hs, "ws://127.0.0.1:*", hbep, sizeof hbep);
    void *hmon = mu_monitor (ctx, hc, "inproc://hmon", events);
    REQUIRE (zmq_connect (hc, hbep) == 0);
    ts_send (hc, "first", 0);
    ts_expect (hs, "first", 0);
    expect_connected (hmon, hbep);
    expect_handshake (hmon, hbep);
    mu_expect_none (hmon, 600);
    ts_send (hc, "later", 0);
    ts_expect (hs, "later", 0);
    CHECK (zmq_close (hc) == 0);
    CHECK (zmq_close (hs) == 0);
    CHECK (zmq_close (hmon) == 0);

    CHECK (zmq_close (smon) == 0);
    CHECK (zmq_close (cmon) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
