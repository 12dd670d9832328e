/* A raw PLAIN client that completes the handshake (HELLO, WELCOME,
 * INITIATE, READY), sends one good message, and then garbage. A frame
 * whose size cannot be (2^63 bytes and more) gets the connection closed;
 * libzmq 4.3.4 lets the rest pass (an unknown command, a command name past
 * its end, READY again, reserved flag bits, a short PING), so for those only
 * the outcome for others is checked: the good message arrived, a client
 * connected before keeps being served and a new one is served after. */
#include "rawpeer.h"
#include "secutil.h"

/* Receives text on server, skipping the "bad" frames a lenient server let
 * through from earlier peers (they may arrive late: other connections). */
static void expect_skipping_bad (void *server, const char *text)
{
    char buf[64];
    int rc;
    while ((rc = ts_recv (server, buf, sizeof buf)) == 3
           && memcmp (buf, "bad", 3) == 0)
        ;
    if (rc != (int) strlen (text) || strcmp (buf, text) != 0) {
        fprintf (stderr, "expected '%s', got %d bytes\n", text, rc);
        testutil_failures++;
    }
}

/* A raw client through READY that has sent one good message. */
static int ready_peer (const char *ep, void *server)
{
    int fd = sz_raw_greet (ep, "PLAIN");
    REQUIRE (fd >= 0);
    REQUIRE (sz_raw_plain_hello (fd, "admin", "secret") == 0);
    unsigned char md[64];
    sz_raw_command (fd, "INITIATE", md, sz_push_metadata (md));
    unsigned char reply[512];
    int rc = sz_raw_read_frame (fd, reply, sizeof reply);
    REQUIRE (rc >= 6 && memcmp (reply, "\x05READY", 6) == 0);
    rp_frame_header (fd, 3, 0);
    rp_send (fd, "raw", 3);
    expect_skipping_bad (server, "raw");
    return fd;
}

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    sz_zap_t *zap = sz_zap_admin (ctx, ZMQ_REP);
    void *server = ts_socket (ctx, ZMQ_PULL);
    sz_plain_server (server);
    char ep[256];
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);
    void *before = sz_good_client (ctx, server, ep, sz_admin_client);

    static const struct {
        const char *what;
        int must_close;
        unsigned char bytes[16];
        size_t size;
    } garbage[] = {
      {"long frame of 2^64-1 bytes", 1,
       {0x02, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 9},
      {"long frame of 2^63 bytes", 1, {0x02, 0x80, 0, 0, 0, 0, 0, 0, 0}, 9},
      {"unknown command", 0, {0x04, 5, 4, 'J', 'U', 'N', 'K'}, 7},
      {"command name past its end", 0, {0x04, 3, 9, 'P', 'I'}, 5},
      {"READY again", 0, {0x04, 6, 5, 'R', 'E', 'A', 'D', 'Y'}, 8},
      {"reserved flag bits", 0, {0xf0, 3, 'b', 'a', 'd'}, 5},
      {"PING of one byte", 0, {0x04, 1, 4}, 3},
    };
    for (size_t i = 0; i < sizeof garbage / sizeof garbage[0]; i++) {
        int fd = ready_peer (ep, server);
        rp_send (fd, garbage[i].bytes, garbage[i].size);
        if (garbage[i].must_close && !rp_wait_closed (fd, TS_WAIT_MS)) {
            fprintf (stderr, "%s: connection not closed\n", garbage[i].what);
            testutil_failures++;
        }
        close (fd);
    }

    /* What a lenient server let through ("bad") is skipped. */
    ts_send (before, "still here", 0);
    expect_skipping_bad (server, "still here");
    void *after = ts_socket (ctx, ZMQ_PUSH);
    sz_admin_client (after);
    REQUIRE (zmq_connect (after, ep) == 0);
    ts_send (after, "after", 0);
    expect_skipping_bad (server, "after");

    CHECK (zmq_close (before) == 0);
    CHECK (zmq_close (after) == 0);
    CHECK (zmq_close (server) == 0);
    sz_zap_stop (zap);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
