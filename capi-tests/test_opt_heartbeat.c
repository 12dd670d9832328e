/* ZMQ_HEARTBEAT_IVL / ZMQ_HEARTBEAT_TIMEOUT: a socket with heartbeats on
 * sends PING commands to its peer, and drops a peer that completed the
 * handshake and then went silent (answers no PING) once the timeout runs
 * out. Without heartbeats the silent peer stays connected. */
#include "rawpeer.h"

/* Reads frames until a PING command arrives; 1 if one did within
 * timeout_ms. */
static int saw_ping (int fd, int timeout_ms)
{
    int64_t deadline = ts_now_ms () + timeout_ms;
    while (ts_now_ms () < deadline) {
        unsigned char flags;
        int left = (int) (deadline - ts_now_ms ());
        if (left <= 0 || rp_read (fd, &flags, 1, left) != 0)
            return 0;
        uint64_t size = 0;
        if (flags & 0x02) {
            unsigned char s8[8];
            if (rp_read (fd, s8, 8, TS_WAIT_MS) != 0)
                return 0;
            for (int i = 0; i < 8; i++)
                size = size << 8 | s8[i];
        } else {
            unsigned char s1;
            if (rp_read (fd, &s1, 1, TS_WAIT_MS) != 0)
                return 0;
            size = s1;
        }
        if (size > 4096)
            return 0;
        unsigned char body[4096];
        if (rp_read (fd, body, (size_t) size, TS_WAIT_MS) != 0)
            return 0;
        if ((flags & 0x04) && size >= 5 && body[0] == 4
            && memcmp (body + 1, "PING", 4) == 0)
            return 1;
    }
    return 0;
}

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    char ep[64];

    /* Heartbeats on: PINGs flow, and the silent peer is dropped. */
    /* Options are taken at bind time, so they come first. */
    void *server = ts_socket (ctx, ZMQ_PULL);
    ts_set_int (server, ZMQ_HEARTBEAT_IVL, 100);
    ts_set_int (server, ZMQ_HEARTBEAT_TIMEOUT, 500);
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);
    int fd = rp_connect (ep);
    REQUIRE (rp_handshake (fd, "PUSH") == 0);
    int64_t start = ts_now_ms ();
    CHECK (saw_ping (fd, 3000));
    CHECK (rp_wait_closed (fd, 4000));
    int64_t took = ts_now_ms () - start;
    CHECK (took >= 300);
    close (fd);
    rp_check_good_client (ctx, server, ep);
    CHECK (zmq_close (server) == 0);

    /* Heartbeats off (the default): no PING, and the silent peer stays. */
    server = rp_server (ctx, ep, sizeof ep);
    fd = rp_connect (ep);
    REQUIRE (rp_handshake (fd, "PUSH") == 0);
    CHECK (!saw_ping (fd, 800));
    CHECK (!rp_wait_closed (fd, 200));
    close (fd);
    CHECK (zmq_close (server) == 0);

    /* The connecting side heartbeats too: a zmq PUSH dialling a silent
     * peer that completed the handshake gives up on it. */
    void *push = ts_socket (ctx, ZMQ_PUSH);
    ts_set_int (push, ZMQ_HEARTBEAT_IVL, 100);
    ts_set_int (push, ZMQ_HEARTBEAT_TIMEOUT, 500);
    ts_set_int (push, ZMQ_RECONNECT_IVL, -1);
    int lfd = socket (AF_INET, SOCK_STREAM, 0);
    REQUIRE (lfd >= 0);
    struct sockaddr_in addr;
    memset (&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    REQUIRE (bind (lfd, (struct sockaddr *) &addr, sizeof addr) == 0);
    REQUIRE (listen (lfd, 4) == 0);
    socklen_t len = sizeof addr;
    REQUIRE (getsockname (lfd, (struct sockaddr *) &addr, &len) == 0);
    snprintf (ep, sizeof ep, "tcp://127.0.0.1:%d", ntohs (addr.sin_port));
    REQUIRE (zmq_connect (push, ep) == 0);
    struct pollfd pfd = {lfd, POLLIN, 0};
    REQUIRE (poll (&pfd, 1, TS_WAIT_MS) == 1);
    fd = accept (lfd, NULL, NULL);
    REQUIRE (fd >= 0);
    REQUIRE (rp_handshake (fd, "PULL") == 0);
    CHECK (saw_ping (fd, 3000));
    CHECK (rp_wait_closed (fd, 4000));
    close (fd);
    close (lfd);
    CHECK (zmq_close (push) == 0);

    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
