/* zmq_socket_monitor over tcp: events arrive on an inproc PAIR as two
 * frames (6 bytes: uint16 event + uint32 value, then the endpoint): the
 * server sees LISTENING, ACCEPTED, HANDSHAKE_SUCCEEDED, DISCONNECTED,
 * CLOSED and MONITOR_STOPPED; the client sees CONNECTED (maybe after
 * CONNECT_DELAYED) and HANDSHAKE_SUCCEEDED. */
#include "testsock.h"

#include <stdint.h>

/* Reads one event; returns its id (or -1 when none came in time). */
static int read_event (void *mon, uint32_t *value, char *ep, size_t ep_size)
{
    if (!ts_wait_in (mon, TS_WAIT_MS))
        return -1;
    zmq_msg_t msg;
    zmq_msg_init (&msg);
    if (zmq_msg_recv (&msg, mon, 0) != 6) {
        fprintf (stderr, "event frame of %zu bytes\n", zmq_msg_size (&msg));
        testutil_failures++;
        zmq_msg_close (&msg);
        return -1;
    }
    const uint8_t *data = zmq_msg_data (&msg);
    uint16_t event;
    memcpy (&event, data, 2);
    if (value)
        memcpy (value, data + 2, 4);
    CHECK (zmq_msg_more (&msg));
    zmq_msg_close (&msg);
    int rc = zmq_recv (mon, ep, ep_size - 1, 0);
    CHECK (rc >= 0);
    if (rc >= 0)
        ep[(size_t) rc < ep_size - 1 ? (size_t) rc : ep_size - 1] = 0;
    CHECK (ts_get_int (mon, ZMQ_RCVMORE) == 0);
    return event;
}

/* Reads events until `want` comes (skipping the ones in `skippable`). */
static int expect_event (void *mon, int want, int skippable, char *ep,
                         size_t ep_size)
{
    for (;;) {
        int event = read_event (mon, NULL, ep, ep_size);
        if (event == want)
            return 1;
        if (event < 0 || !(event & skippable)) {
            fprintf (stderr, "wanted event 0x%x, got 0x%x\n", want, event);
            testutil_failures++;
            return 0;
        }
    }
}

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *server = ts_socket (ctx, ZMQ_REP);
    void *client = ts_socket (ctx, ZMQ_REQ);

    /* Only inproc monitor endpoints. */
    CHECK_ERR (zmq_socket_monitor (server, "tcp://127.0.0.1:*", ZMQ_EVENT_ALL),
               EPROTONOSUPPORT);

    REQUIRE (zmq_socket_monitor (server, "inproc://mon-server", ZMQ_EVENT_ALL)
             == 0);
    REQUIRE (zmq_socket_monitor (client, "inproc://mon-client", ZMQ_EVENT_ALL)
             == 0);
    void *mon_server = ts_socket (ctx, ZMQ_PAIR);
    void *mon_client = ts_socket (ctx, ZMQ_PAIR);
    REQUIRE (zmq_connect (mon_server, "inproc://mon-server") == 0);
    REQUIRE (zmq_connect (mon_client, "inproc://mon-client") == 0);

    char ep[256], event_ep[256];
    ts_bind_any (server, "tcp://127.0.0.1:*", ep, sizeof ep);
    uint32_t value = 0;
    CHECK (read_event (mon_server, &value, event_ep, sizeof event_ep)
           == ZMQ_EVENT_LISTENING);
    CHECK (strcmp (event_ep, ep) == 0);

    REQUIRE (zmq_connect (client, ep) == 0);
    ts_send (client, "hello", 0);
    ts_expect (server, "hello", 0);
    ts_send (server, "world", 0);
    ts_expect (client, "world", 0);

    CHECK (expect_event (mon_client, ZMQ_EVENT_CONNECTED,
                         ZMQ_EVENT_CONNECT_DELAYED, event_ep, sizeof event_ep));
    CHECK (strcmp (event_ep, ep) == 0);
    CHECK (expect_event (mon_client, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0,
                         event_ep, sizeof event_ep));
    CHECK (expect_event (mon_server, ZMQ_EVENT_ACCEPTED, 0, event_ep,
                         sizeof event_ep));
    CHECK (expect_event (mon_server, ZMQ_EVENT_HANDSHAKE_SUCCEEDED, 0,
                         event_ep, sizeof event_ep));

    /* The client goes away: the server sees the disconnection. */
    CHECK (zmq_close (client) == 0);
    CHECK (expect_event (mon_server, ZMQ_EVENT_DISCONNECTED, 0, event_ep,
                         sizeof event_ep));
    /* The client's monitor ends with MONITOR_STOPPED. */
    CHECK (expect_event (mon_client, ZMQ_EVENT_MONITOR_STOPPED,
                         ZMQ_EVENT_DISCONNECTED | ZMQ_EVENT_CLOSED, event_ep,
                         sizeof event_ep));

    /* Stopping the monitor explicitly. */
    CHECK (zmq_socket_monitor (server, NULL, 0) == 0);
    CHECK (expect_event (mon_server, ZMQ_EVENT_MONITOR_STOPPED, 0, event_ep,
                         sizeof event_ep));

    CHECK (zmq_close (server) == 0);
    CHECK (zmq_close (mon_server) == 0);
    CHECK (zmq_close (mon_client) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
