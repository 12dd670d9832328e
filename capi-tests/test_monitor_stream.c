/* Monitor events of a ZMQ_STREAM socket: raw connections have no ZMTP
 * handshake, so libzmq reports no HANDSHAKE_SUCCEEDED, and the end of a
 * connection comes as HANDSHAKE_FAILED_NO_DETAIL (EPIPE for a peer that
 * closed) then DISCONNECTED with the connection's fd. */
#include "monitorutil.h"
#include "rawpeer.h"

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *server = ts_socket (ctx, ZMQ_STREAM);
    void *mon =
      mu_monitor (ctx, server, "inproc://monitor-stream", ZMQ_EVENT_ALL);
    char ep[256];
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);
    uint32_t listen_fd = mu_expect (mon, ZMQ_EVENT_LISTENING, ep);

    int fd = rp_connect (ep);
    rp_send (fd, "hello", 5);
    char buf[256];
    /* ZMQ_STREAM_NOTIFY's connect notice (routing id, empty), then data. */
    CHECK (ts_recv (server, buf, sizeof buf) > 0);
    ts_expect (server, "", 0);
    CHECK (ts_recv (server, buf, sizeof buf) > 0);
    ts_expect (server, "hello", 0);
    uint32_t accepted = mu_expect (mon, ZMQ_EVENT_ACCEPTED, ep);
    close (fd);
    CHECK (mu_expect (mon, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, ep) == EPIPE);
    CHECK (mu_expect (mon, ZMQ_EVENT_DISCONNECTED, ep) == accepted);

    CHECK (zmq_close (server) == 0);
    CHECK (mu_expect (mon, ZMQ_EVENT_CLOSED, ep) == listen_fd);
    mu_expect (mon, ZMQ_EVENT_MONITOR_STOPPED, "");
    CHECK (zmq_close (mon) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
