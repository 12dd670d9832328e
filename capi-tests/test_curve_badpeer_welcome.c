/* A CURVE client facing a hostile server over raw TCP: after the client's
 * HELLO the server sends WELCOME commands of bad lengths, a 168-byte
 * WELCOME whose box does not open, ERROR, READY, or garbage. The client
 * drops each such connection (its monitor reports a failed handshake, not
 * HANDSHAKE_SUCCEEDED) and the process lives: the same context then talks
 * to a real CURVE server. libzmq 4.3.4 does not reconnect after a protocol
 * error in the handshake, so each case uses a fresh client socket. */
#include "rawpeer.h"
#include "secutil.h"

static int accept_within (int listener)
{
    struct pollfd pfd = {listener, POLLIN, 0};
    REQUIRE (poll (&pfd, 1, TS_WAIT_MS) == 1);
    int fd = accept (listener, NULL, NULL);
    REQUIRE (fd >= 0);
    return fd;
}

int main (void)
{
    test_start (60);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    sz_keys_t server_keys, client_keys;
    sz_keypair (&server_keys);
    sz_keypair (&client_keys);
    char ep[256];
    int listener = rp_listen (ep, sizeof ep);

    unsigned char body[400];
    for (size_t i = 0; i < sizeof body; i++)
        body[i] = (unsigned char) (i * 37 + 1);
    static const struct {
        const char *name;
        size_t size;
    } replies[] = {
      {"WELCOME", 0},   {"WELCOME", 1},   {"WELCOME", 100}, {"WELCOME", 160},
      {"WELCOME", 161}, {"WELCOME", 162}, {"WELCOME", 200}, {"WELCOME", 400},
      {"ERROR", 0},     {"ERROR", 300},   {"READY", 10},    {"HELLO", 194},
    };
    for (size_t i = 0; i < sizeof replies / sizeof replies[0]; i++) {
        void *client = ts_socket (ctx, ZMQ_PUSH);
        sz_curve_client (client, server_keys.public_z85, &client_keys);
        char mon_ep[64];
        snprintf (mon_ep, sizeof mon_ep, "inproc://client-mon-%zu", i);
        void *mon = mu_monitor (ctx, client, mon_ep, SZ_HANDSHAKE_EVENTS);
        REQUIRE (zmq_connect (client, ep) == 0);
        ts_send (client, "never", ZMQ_DONTWAIT);
        /* Play the server's part. */
        int fd = accept_within (listener);
        unsigned char greeting[64];
        rp_greeting (greeting, 3, 0, "CURVE");
        greeting[32] = 1; /* as-server */
        rp_send (fd, greeting, sizeof greeting);
        unsigned char peer[64];
        CHECK (rp_read (fd, peer, sizeof peer, TS_WAIT_MS) == 0);
        unsigned char hello[256];
        CHECK (sz_raw_read_frame (fd, hello, sizeof hello) == 200);
        sz_raw_command (fd, replies[i].name, body, replies[i].size);
        if (!rp_wait_closed (fd, TS_WAIT_MS)) {
            fprintf (stderr, "%s of %zu bytes: client kept the connection\n",
                     replies[i].name, replies[i].size);
            testutil_failures++;
        }
        close (fd);
        /* A malformed ERROR may end the handshake with no event at all. */
        int is_error = strcmp (replies[i].name, "ERROR") == 0;
        uint32_t value;
        int event = mu_read (mon, is_error ? 500 : TS_WAIT_MS, &value, NULL, 0);
        if (event != ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL
            && event != ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
            && !(is_error && event == -1)) {
            fprintf (stderr, "%s of %zu bytes: client event 0x%x\n",
                     replies[i].name, replies[i].size, event);
            testutil_failures++;
        }
        CHECK (zmq_close (client) == 0);
        CHECK (zmq_close (mon) == 0);
    }
    close (listener);

    /* The process and the context are fine: a real exchange. */
    void *server = ts_socket (ctx, ZMQ_PULL);
    sz_curve_server (server, &server_keys);
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);
    void *client = ts_socket (ctx, ZMQ_PUSH);
    sz_curve_client (client, server_keys.public_z85, &client_keys);
    REQUIRE (zmq_connect (client, ep) == 0);
    CHECK (sz_delivered (server, client, "real server"));
    CHECK (zmq_close (client) == 0);
    CHECK (zmq_close (server) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
