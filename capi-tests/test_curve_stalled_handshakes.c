/* Handshake isolation (the class of CVE-2020-15166): a bound CURVE PUSH
 * with 200 connections stalled mid-handshake (greeting and HELLO sent,
 * WELCOME received, no INITIATE) and one good CURVE PULL client. A
 * connection joins the load balancer only after its handshake, so every
 * message goes to the good client (none is parked on a stalled one), and
 * none of the stalled peers gets a byte after WELCOME. */
#include "curvepeer.h"

#define STALLED 200
#define MESSAGES 2000

int main (void)
{
    test_start (60);
    cp_require ();
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    sz_keys_t server_keys, client_keys;
    sz_keypair (&server_keys);
    sz_keypair (&client_keys);
    void *server = ts_socket (ctx, ZMQ_PUSH);
    sz_curve_server (server, &server_keys);
    ts_set_int (server, ZMQ_SNDTIMEO, TS_WAIT_MS);
    char ep[256];
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);

    static cp_peer_t stalled[STALLED];
    for (int i = 0; i < STALLED; i++)
        REQUIRE (cp_hello (&stalled[i], ep, server_keys.public_bin,
                           client_keys.public_bin, client_keys.secret_bin)
                 == 0);

    void *client = ts_socket (ctx, ZMQ_PULL);
    sz_curve_client (client, server_keys.public_z85, &client_keys);
    REQUIRE (zmq_connect (client, ep) == 0);
    for (int i = 0; i < MESSAGES; i++) {
        char text[32];
        snprintf (text, sizeof text, "msg %d", i);
        int rc = zmq_send (server, text, strlen (text), 0);
        if (rc != (int) strlen (text)) {
            fprintf (stderr, "send %d failed (errno %d): no peer took it\n", i,
                     zmq_errno ());
            testutil_failures++;
            break;
        }
    }
    int got = 0;
    for (int i = 0; i < MESSAGES; i++) {
        char text[32], buf[32];
        snprintf (text, sizeof text, "msg %d", i);
        if (ts_recv (client, buf, sizeof buf) < 0 || strcmp (buf, text) != 0)
            break;
        got++;
    }
    if (got != MESSAGES) {
        fprintf (stderr, "the good client got %d of %d messages\n", got,
                 MESSAGES);
        testutil_failures++;
    }
    /* Nothing reached the stalled peers. */
    for (int i = 0; i < STALLED; i++) {
        struct pollfd pfd = {stalled[i].fd, POLLIN, 0};
        if (poll (&pfd, 1, 0) == 1) {
            char byte;
            if (recv (stalled[i].fd, &byte, 1, MSG_DONTWAIT) == 1) {
                fprintf (stderr, "stalled peer %d was sent data\n", i);
                testutil_failures++;
                break;
            }
        }
    }
    for (int i = 0; i < STALLED; i++)
        close (stalled[i].fd);

    CHECK (zmq_close (client) == 0);
    CHECK (zmq_close (server) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
