/* Handshake isolation (the class of CVE-2020-15166): a connection joins its
 * socket's load balancing, fair queueing or distribution only once its CURVE
 * handshake is done. 200 raw TCP peers send a CURVE greeting and half a
 * HELLO, then stall; a well-behaved CURVE client meanwhile gets every
 * message the server's PUSH sends (none is dealt to a stalled peer), every
 * message of a PUB, and its own messages reach a PULL. No timing is
 * asserted: receives wait up to TS_WAIT_MS only as a failure guard. */
#include "testutil.h"
#include "testsock.h"
#include "rawpeer.h"
#include "monitorutil.h"

#ifndef STALLED
#define STALLED 200
#endif
#define MSGS 1000
/* Room for the whole sequence plus the probes in every pipe: a PUB drops
 * what does not fit. */
#define PUB_HWM 10000

static char server_public[41], server_secret[41];

static void *curve_server (void *ctx, int type, char *ep, size_t size)
{
    void *s = ts_socket (ctx, type);
    ts_set_int (s, ZMQ_CURVE_SERVER, 1);
    REQUIRE (zmq_setsockopt (s, ZMQ_CURVE_PUBLICKEY, server_public, 40) == 0);
    REQUIRE (zmq_setsockopt (s, ZMQ_CURVE_SECRETKEY, server_secret, 40) == 0);
    ts_set_int (s, ZMQ_SNDTIMEO, TS_WAIT_MS);
    ts_set_int (s, ZMQ_SNDHWM, PUB_HWM);
    ts_bind_any (s, "tcp://127.0.0.1:*", ep, size);
    return s;
}

static void *curve_client (void *ctx, int type, const char *ep)
{
    char public[41], secret[41];
    REQUIRE (zmq_curve_keypair (public, secret) == 0);
    void *s = ts_socket (ctx, type);
    ts_set_int (s, ZMQ_RCVHWM, PUB_HWM);
    REQUIRE (zmq_setsockopt (s, ZMQ_CURVE_SERVERKEY, server_public, 40) == 0);
    REQUIRE (zmq_setsockopt (s, ZMQ_CURVE_PUBLICKEY, public, 40) == 0);
    REQUIRE (zmq_setsockopt (s, ZMQ_CURVE_SECRETKEY, secret, 40) == 0);
    REQUIRE (zmq_connect (s, ep) == 0);
    return s;
}

/* A peer that sends a CURVE greeting and the first half of a 200-byte HELLO
 * command, then nothing. */
static int stalled_peer (const char *ep)
{
    int fd = rp_connect (ep);
    unsigned char greeting[64];
    rp_greeting (greeting, 3, 0, "CURVE");
    rp_send (fd, greeting, sizeof greeting);
    unsigned char hello[2 + 100] = {0x04, 200, 5, 'H', 'E', 'L', 'L', 'O', 1, 0};
    rp_send (fd, hello, sizeof hello);
    return fd;
}

/* Connects the stalled peers and waits until the server has accepted all
 * of them, so the good client's connect never waits behind them in the
 * listen backlog. */
static void stall_all (void *ctx, void *server, const char *ep, int *fds)
{
    static int n;
    char addr[64];
    snprintf (addr, sizeof addr, "inproc://isolation-monitor-%d", n++);
    void *mon = mu_monitor (ctx, server, addr, ZMQ_EVENT_ACCEPTED);
    for (int i = 0; i < STALLED; i++)
        fds[i] = stalled_peer (ep);
    int accepted = 0;
    while (accepted < STALLED && mu_read (mon, TS_WAIT_MS, NULL, NULL, 0) == ZMQ_EVENT_ACCEPTED)
        accepted++;
    CHECK (accepted == STALLED);
    REQUIRE (zmq_socket_monitor (server, NULL, 0) == 0);
    CHECK (zmq_close (mon) == 0);
}

static void close_all (int *fds)
{
    for (int i = 0; i < STALLED; i++)
        close (fds[i]);
}

static void expect_sequence (void *s)
{
    char buf[32], want[32];
    for (int i = 0; i < MSGS; i++) {
        snprintf (want, sizeof want, "m%d", i);
        int rc = ts_recv (s, buf, sizeof buf);
        if (rc < 0 || strcmp (buf, want) != 0) {
            fprintf (stderr, "message %d: got %s\n", i, rc < 0 ? "nothing" : buf);
            testutil_failures++;
            return;
        }
    }
}

static void send_sequence (void *s)
{
    char buf[32];
    for (int i = 0; i < MSGS; i++) {
        snprintf (buf, sizeof buf, "m%d", i);
        CHECK (zmq_send (s, buf, strlen (buf), 0) == (int) strlen (buf));
    }
}

/* The server sends (PUSH: load balanced; PUB: distributed). */
static void server_sends (void *ctx, int server_type, int client_type)
{
    char ep[256];
    int fds[STALLED];
    void *server = curve_server (ctx, server_type, ep, sizeof ep);
    stall_all (ctx, server, ep, fds);
    void *client = curve_client (ctx, client_type, ep);
    if (client_type == ZMQ_SUB) {
        REQUIRE (zmq_setsockopt (client, ZMQ_SUBSCRIBE, "", 0) == 0);
        /* A PUB drops what it sends before the subscription arrives: wait
         * for a first message to get through. */
        char buf[32];
        int got = -1;
        for (int tries = 0; tries < 100 && got < 0; tries++) {
            CHECK (zmq_send (server, "hello", 5, 0) == 5);
            if (ts_wait_in (client, 100))
                got = zmq_recv (client, buf, sizeof buf, ZMQ_DONTWAIT);
        }
        CHECK (got == 5);
        while (ts_wait_in (client, 0))
            zmq_recv (client, buf, sizeof buf, ZMQ_DONTWAIT);
    }
    send_sequence (server);
    expect_sequence (client);
    CHECK (zmq_close (client) == 0);
    close_all (fds);
    CHECK (zmq_close (server) == 0);
}

/* The server receives (PULL: fair queued). */
static void server_receives (void *ctx)
{
    char ep[256];
    int fds[STALLED];
    void *server = curve_server (ctx, ZMQ_PULL, ep, sizeof ep);
    stall_all (ctx, server, ep, fds);
    void *client = curve_client (ctx, ZMQ_PUSH, ep);
    send_sequence (client);
    expect_sequence (server);
    CHECK (zmq_close (client) == 0);
    close_all (fds);
    CHECK (zmq_close (server) == 0);
}

int main (void)
{
    test_start (120);
    if (!zmq_has ("curve")) {
        fprintf (stderr, "CURVE not available\n");
        return 77;
    }
    REQUIRE (zmq_curve_keypair (server_public, server_secret) == 0);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    server_sends (ctx, ZMQ_PUSH, ZMQ_PULL);
    server_sends (ctx, ZMQ_PUB, ZMQ_SUB);
    server_receives (ctx);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
