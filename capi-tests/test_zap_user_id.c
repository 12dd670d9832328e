/* The User-Id of a 200 ZAP reply and each property of its metadata frame
 * are what zmq_msg_gets returns on the messages of that connection
 * ("User-Id", plus the property names as sent), for NULL with a domain,
 * PLAIN and CURVE; Socket-Type and Peer-Address are still there. */
#include "secutil.h"

static void run (int mechanism)
{
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    sz_zap_t *zap = sz_zap_start (ctx, ZMQ_REP, SZ_ALLOW);
    zap->user_id = "the-user";
    /* Two properties in ZMTP metadata form. */
    static const unsigned char metadata[] = {
      5, 'H', 'e', 'l', 'l', 'o', 0, 0, 0, 5, 'W', 'o', 'r', 'l', 'd',
      7, 'X', '-', 'R', 'o', 'l', 'e', 's', 0, 0, 0, 3, 'a', ',', 'b'};
    zap->metadata = metadata;
    zap->metadata_size = sizeof metadata;
    sz_zap_run (zap);

    void *server = ts_socket (ctx, ZMQ_PULL);
    void *client = ts_socket (ctx, ZMQ_PUSH);
    sz_secure_pair (server, client, mechanism, NULL);
    char ep[256];
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);
    REQUIRE (zmq_connect (client, ep) == 0);
    ts_send (client, "hello", 0);
    zmq_msg_t msg;
    zmq_msg_init (&msg);
    int received = ts_wait_in (server, TS_WAIT_MS)
                   && zmq_msg_recv (&msg, server, 0) == 5;
    CHECK (received);
    if (!received) {
        zmq_msg_close (&msg);
        CHECK (zmq_close (client) == 0);
        CHECK (zmq_close (server) == 0);
        sz_zap_stop (zap);
        CHECK (zmq_ctx_term (ctx) == 0);
        return;
    }
    const char *value = zmq_msg_gets (&msg, "User-Id");
    CHECK (value && strcmp (value, "the-user") == 0);
    value = zmq_msg_gets (&msg, "Hello");
    CHECK (value && strcmp (value, "World") == 0);
    value = zmq_msg_gets (&msg, "X-Roles");
    CHECK (value && strcmp (value, "a,b") == 0);
    value = zmq_msg_gets (&msg, "Socket-Type");
    CHECK (value && strcmp (value, "PUSH") == 0);
    value = zmq_msg_gets (&msg, "Peer-Address");
    CHECK (value && strcmp (value, "127.0.0.1") == 0);
    CHECK (zmq_msg_gets (&msg, "Not-There") == NULL);
    zmq_msg_close (&msg);

    CHECK (zmq_close (client) == 0);
    CHECK (zmq_close (server) == 0);
    sz_zap_stop (zap);
    CHECK (zmq_ctx_term (ctx) == 0);
}

int main (void)
{
    test_start (30);
    for (int mechanism = 0; mechanism < 3; mechanism++) {
        int before = testutil_failures;
        run (mechanism);
        if (testutil_failures != before)
            fprintf (stderr, "  ^ mechanism %d\n", mechanism);
    }
    return test_end ();
}
