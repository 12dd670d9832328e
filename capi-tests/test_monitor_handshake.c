/* Handshake events of a server facing raw TCP peers, with libzmq's values:
 * a good peer gives HANDSHAKE_SUCCEEDED; a wrong mechanism or an unexpected
 * command gives HANDSHAKE_FAILED_PROTOCOL with its ZMQ_PROTOCOL_ERROR_*
 * code; a peer leaving mid-handshake or timing out gives
 * HANDSHAKE_FAILED_NO_DETAIL; an incompatible socket type only
 * DISCONNECTED. Each connection is ACCEPTED and ends DISCONNECTED with the
 * same fd. */
#include "monitorutil.h"
#include "rawpeer.h"

/* ACCEPTED, then `handshake` with `value` (none when 0), DISCONNECTED. */
#define expect_connection(mon, ep, handshake, value)                        \
    do {                                                                     \
        uint32_t fd_ = mu_expect (mon, ZMQ_EVENT_ACCEPTED, ep);              \
        if (handshake) {                                                     \
            uint32_t v_ = mu_expect (mon, handshake, ep);                    \
            if ((value) != ~0u && v_ != (value)) {                           \
                fprintf (stderr, "%s:%d: event 0x%x value 0x%x, want 0x%x\n", \
                         __FILE__, __LINE__, handshake, v_, (value));        \
                testutil_failures++;                                         \
            }                                                                \
        }                                                                    \
        CHECK (mu_expect (mon, ZMQ_EVENT_DISCONNECTED, ep) == fd_);          \
    } while (0)

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *server = ts_socket (ctx, ZMQ_PULL);
    ts_set_int (server, ZMQ_HANDSHAKE_IVL, 300);
    void *mon = mu_monitor (ctx, server, "inproc://monitor-handshake",
                            ZMQ_EVENT_ALL);
    char ep[256];
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);
    mu_expect (mon, ZMQ_EVENT_LISTENING, ep);
    unsigned char greeting[64];

    /* A good PUSH peer that then leaves. */
    int fd = rp_connect (ep);
    REQUIRE (rp_handshake (fd, "PUSH") == 0);
    close (fd);
    expect_connection (mon, ep, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0u);

    /* CURVE against NULL. */
    fd = rp_connect (ep);
    rp_greeting (greeting, 3, 0, "CURVE");
    rp_send (fd, greeting, sizeof greeting);
    CHECK (rp_wait_closed (fd, TS_WAIT_MS));
    close (fd);
    expect_connection (mon, ep, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL,
                       (uint32_t) ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH);

    /* A command other than READY. */
    fd = rp_connect (ep);
    rp_greeting (greeting, 3, 0, "NULL");
    rp_send (fd, greeting, sizeof greeting);
    const unsigned char junk[] = {0x04, 5, 4, 'J', 'U', 'N', 'K'};
    rp_send (fd, junk, sizeof junk);
    CHECK (rp_wait_closed (fd, TS_WAIT_MS));
    close (fd);
    expect_connection (mon, ep, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL,
                       (uint32_t) ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND);

    /* A message before READY. */
    fd = rp_connect (ep);
    rp_send (fd, greeting, sizeof greeting);
    const unsigned char msg[] = {0x00, 1, 'x'};
    rp_send (fd, msg, sizeof msg);
    CHECK (rp_wait_closed (fd, TS_WAIT_MS));
    close (fd);
    expect_connection (mon, ep, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL,
                       (uint32_t) ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND);

    /* PULL cannot talk to PULL: libzmq reports no handshake event. */
    fd = rp_connect (ep);
    rp_handshake (fd, "PULL");
    CHECK (rp_wait_closed (fd, TS_WAIT_MS));
    close (fd);
    expect_connection (mon, ep, 0, 0u);

    /* The peer shuts down its side after the greetings. */
    fd = rp_connect (ep);
    rp_send (fd, greeting, sizeof greeting);
    unsigned char reply[64];
    CHECK (rp_read (fd, reply, sizeof reply, TS_WAIT_MS) == 0);
    shutdown (fd, SHUT_WR);
    CHECK (rp_wait_closed (fd, TS_WAIT_MS));
    close (fd);
    expect_connection (mon, ep, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, ~0u);

    /* A silent peer outlasts ZMQ_HANDSHAKE_IVL. */
    fd = rp_connect (ep);
    CHECK (rp_wait_closed (fd, TS_WAIT_MS));
    close (fd);
    expect_connection (mon, ep, ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, ~0u);

    CHECK (zmq_close (server) == 0);
    mu_expect (mon, ZMQ_EVENT_CLOSED, ep);
    mu_expect (mon, ZMQ_EVENT_MONITOR_STOPPED, "");
    CHECK (zmq_close (mon) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
