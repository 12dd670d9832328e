/* A raw CURVE client that completes the handshake with real crypto and
 * then misbehaves: it replays a MESSAGE nonce, sends a lower one, a box
 * that does not open, a frame that is not a MESSAGE. The first good
 * message arrives; the bad one does not, and the connection is closed;
 * other CURVE clients keep being served. */
#include "curvepeer.h"

static sz_keys_t server_keys, client_keys;

static void good_config (void *s)
{
    sz_curve_client (s, server_keys.public_z85, &client_keys);
}

/* A raw peer through READY that has delivered one message. */
static void ready_peer (cp_peer_t *p, const char *ep, void *server)
{
    unsigned char md[64];
    size_t md_size = sz_push_metadata (md);
    REQUIRE (cp_hello (p, ep, server_keys.public_bin, client_keys.public_bin,
                       client_keys.secret_bin) == 0);
    cp_initiate (p, md, md_size, p->tpublic, 0);
    REQUIRE (cp_ready (p) == 0);
    cp_message (p, p->nonce + 5, "first", 0);
    ts_expect (server, "first", 0);
}

static void expect_closed (cp_peer_t *p, void *server, const char *what)
{
    cp_expect_closed (p->fd, what);
    ts_expect_none (server, 0);
}

int main (void)
{
    test_start (60);
    cp_require ();
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    sz_keypair (&server_keys);
    sz_keypair (&client_keys);
    void *server = ts_socket (ctx, ZMQ_PULL);
    sz_curve_server (server, &server_keys);
    char ep[256];
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);
    void *before = sz_good_client (ctx, server, ep, good_config);
    cp_peer_t p;

    ready_peer (&p, ep, server);
    cp_message (&p, p.nonce + 5, "replayed", 0);
    expect_closed (&p, server, "replayed nonce");

    ready_peer (&p, ep, server);
    cp_message (&p, p.nonce + 1, "lower", 0);
    expect_closed (&p, server, "lower nonce");

    ready_peer (&p, ep, server);
    cp_message (&p, p.nonce + 9, "corrupt", 1);
    expect_closed (&p, server, "box that does not open");

    ready_peer (&p, ep, server);
    rp_frame_header (p.fd, 5, 0);
    rp_send (p.fd, "plain", 5);
    expect_closed (&p, server, "not a MESSAGE");

    ready_peer (&p, ep, server);
    unsigned char tiny[16];
    memcpy (tiny, "\x07MESSAGE", 8);
    memset (tiny + 8, 0xff, 8);
    rp_frame_header (p.fd, sizeof tiny, 0);
    rp_send (p.fd, tiny, sizeof tiny);
    expect_closed (&p, server, "MESSAGE with no box");

    sz_still_serving (ctx, server, before, ep, good_config);
    CHECK (zmq_close (server) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
