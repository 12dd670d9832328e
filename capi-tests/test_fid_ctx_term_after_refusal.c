/* zmq_ctx_term returns after connections ended in the ways that once
 * left a session behind (ZMQ_LINGER 0 everywhere): a STREAM closing its
 * peer with [id][""], a tcp connection refused by ZMQ_TCP_ACCEPT_FILTER,
 * an ipc connection refused by ZMQ_IPC_FILTER_UID / _GID / _PID (the
 * connecting side with ZMQ_RECONNECT_IVL -1, as libzmq's test_filter_ipc).
 * Each case runs in its own context; the watchdog catches a hang. */
#include "nettest.h"

#include <sys/types.h>

/* closer: 0 the binding STREAM closes the connection, 1 the connecting
 * one; close_first: which socket zmq_close sees first. */
static void stream_close_by_empty_frame (int closer, int close_first)
{
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    char ep[256];
    void *server = ts_socket (ctx, ZMQ_STREAM);
    nt_bind (server, "tcp", ep, sizeof ep);
    void *client = ts_socket (ctx, ZMQ_STREAM);
    REQUIRE (zmq_connect (client, ep) == 0);

    char sid[256], cid[256];
    int sid_size = ts_recv (server, sid, sizeof sid);
    REQUIRE (sid_size > 0);
    ts_expect (server, "", 0);
    int cid_size = ts_recv (client, cid, sizeof cid);
    REQUIRE (cid_size > 0);
    ts_expect (client, "", 0);
    /* [id][""] closes the connection to that peer. */
    void *s = closer ? client : server;
    const char *id = closer ? cid : sid;
    int size = closer ? cid_size : sid_size;
    CHECK (zmq_send (s, id, (size_t) size, ZMQ_SNDMORE) == size);
    CHECK (zmq_send (s, "", 0, 0) == 0);
    CHECK (zmq_close (close_first ? client : server) == 0);
    CHECK (zmq_close (close_first ? server : client) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
}

/* A PAIR connects (ZMQ_RECONNECT_IVL -1, as libzmq's test_filter_ipc) to
 * a PAIR that refuses it; nothing passes either way, and the context
 * still terminates. set_filter configures the binding PAIR. */
static void refused (const char *transport, void (*set_filter) (void *),
                     int close_first)
{
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    char ep[256];
    void *server = ts_socket (ctx, ZMQ_PAIR);
    set_filter (server);
    nt_bind (server, transport, ep, sizeof ep);
    void *client = ts_socket (ctx, ZMQ_PAIR);
    ts_set_int (client, ZMQ_RECONNECT_IVL, -1);
    REQUIRE (zmq_connect (client, ep) == 0);
    /* Queued, or EAGAIN if the refusal already took the pipe away. */
    if (zmq_send (client, "knock", 5, ZMQ_SNDMORE | ZMQ_DONTWAIT) == 5)
        zmq_send (client, "knock", 5, ZMQ_DONTWAIT);
    ts_expect_none (server, 200);
    CHECK_ERR (zmq_send (server, "back", 4, ZMQ_DONTWAIT), EAGAIN);
    ts_expect_none (client, 0);
    CHECK (zmq_close (close_first ? client : server) == 0);
    CHECK (zmq_close (close_first ? server : client) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
}

static void tcp_filter (void *s)
{
    ts_set_str (s, ZMQ_TCP_ACCEPT_FILTER, "192.0.2.1");
}

static void uid_filter (void *s)
{
    ts_set_int (s, ZMQ_IPC_FILTER_UID, (int) getuid () + 1);
}

static void gid_filter (void *s)
{
    ts_set_int (s, ZMQ_IPC_FILTER_GID, (int) getgid () + 1);
}

static void pid_filter (void *s)
{
    ts_set_int (s, ZMQ_IPC_FILTER_PID, (int) getpid () + 1);
}

int main (void)
{
    test_start (40);
    for (int closer = 0; closer < 2; closer++)
        for (int first = 0; first < 2; first++)
            stream_close_by_empty_frame (closer, first);
    for (int first = 0; first < 2; first++) {
        refused ("tcp", tcp_filter, first);
        refused ("ipc", uid_filter, first);
        refused ("ipc", gid_filter, first);
        refused ("ipc", pid_filter, first);
    }
    return test_end ();
}
