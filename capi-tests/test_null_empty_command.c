/* An empty command frame (flags 0x04, size 0) in place of READY is an
 * unexpected command, as libzmq 4.3.4 reports it:
 * HANDSHAKE_FAILED_PROTOCOL with ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND
 * (not MALFORMED_COMMAND), and the connection is closed. */
#include "rawpeer.h"
#include "secutil.h"

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *server = ts_socket (ctx, ZMQ_PULL);
    void *mon = mu_monitor (ctx, server, "inproc://server-mon",
                            SZ_HANDSHAKE_EVENTS);
    char ep[256];
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);
    int fd = sz_raw_greet (ep, "NULL");
    REQUIRE (fd >= 0);
    const unsigned char empty_command[] = {0x04, 0x00};
    rp_send (fd, empty_command, sizeof empty_command);
    sz_expect_event (mon, ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL,
                     ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND);
    CHECK (rp_wait_closed (fd, TS_WAIT_MS));
    close (fd);
    CHECK (zmq_close (server) == 0);
    CHECK (zmq_close (mon) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
