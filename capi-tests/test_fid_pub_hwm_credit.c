/* A PUB's pipe gets its room back as the subscriber's side consumes what
 * it sent: with ZMQ_SNDHWM/ZMQ_RCVHWM 11024, 9 999 messages that the
 * subscriber drains, then a second burst of 1 100, all arrive (the two
 * bursts together exceed the HWM; libzmq's test_hwm_pubsub "reset hwm").
 * The reader of a pipe returns credit every LWM messages, and libzmq 4.3's
 * LWM is half the HWM (5 512 here), so the credit for the first 5 512 is
 * back before the second burst. Over tcp, ipc and inproc. */
#include "nettest.h"

#define HWM 11024
#define FIRST 9999
#define SECOND 1100

/* Receives until `want` messages arrived (each wait bounded). */
static int drain (void *sub, int want)
{
    int got = 0;
    while (got < want) {
        if (zmq_recv (sub, NULL, 0, ZMQ_DONTWAIT) == 0) {
            got++;
            continue;
        }
        if (!ts_wait_in (sub, 2000))
            break;
    }
    return got;
}

/* Sends `count` messages without blocking; returns how many the PUB took. */
static int burst (void *pub, int count)
{
    int sent = 0;
    while (sent < count && zmq_send (pub, NULL, 0, ZMQ_DONTWAIT) == 0)
        sent++;
    return sent;
}

static void check (const char *transport)
{
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *pub = ts_socket (ctx, ZMQ_PUB);
    void *sub = ts_socket (ctx, ZMQ_SUB);
    ts_set_int (pub, ZMQ_SNDHWM, HWM);
    ts_set_int (sub, ZMQ_RCVHWM, HWM);
    char ep[256];
    if (strcmp (transport, "inproc") == 0) {
        strcpy (ep, "inproc://pub-hwm-credit");
        REQUIRE (zmq_bind (pub, ep) == 0);
    } else
        nt_bind (pub, transport, ep, sizeof ep);
    REQUIRE (zmq_connect (sub, ep) == 0);
    REQUIRE (zmq_setsockopt (sub, ZMQ_SUBSCRIBE, "", 0) == 0);
    /* Subscribed: a message published now arrives. */
    int synced = 0;
    for (int i = 0; i < 500 && !synced; i++) {
        CHECK (zmq_send (pub, "sync", 4, 0) == 4);
        synced = ts_wait_in (sub, 10);
    }
    REQUIRE (synced);
    /* The sync messages count: 9 999 in all pass the pipe before the
     * second burst. */
    char buf[8];
    int syncs = 0;
    for (;;) {
        while (zmq_recv (sub, buf, sizeof buf, ZMQ_DONTWAIT) == 4)
            syncs++;
        if (!ts_wait_in (sub, 50))
            break;
    }
    REQUIRE (syncs >= 1 && syncs < 500);

    int sent = burst (pub, FIRST - syncs);
    CHECK (sent == FIRST - syncs);
    int got = drain (sub, sent) + syncs;
    if (got != FIRST) {
        fprintf (stderr, "%s: first burst: %d of %d arrived\n", transport,
                 got, FIRST);
        testutil_failures++;
    }
    sent = burst (pub, SECOND);
    CHECK (sent == SECOND);
    got = drain (sub, SECOND);
    if (got != SECOND) {
        fprintf (stderr, "%s: second burst: %d of %d arrived\n", transport,
                 got, SECOND);
        testutil_failures++;
    }
    CHECK (zmq_close (pub) == 0);
    CHECK (zmq_close (sub) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
}

int main (void)
{
    test_start (50);
    check ("tcp");
    check ("ipc");
    check ("inproc");
    return test_end ();
}
