/* ZMQ_SNDHWM / ZMQ_RCVHWM over tcp: queueing is bounded. A PUSH whose
 * reader does not read ends up with EAGAIN (after a bounded number of
 * messages), and everything it did accept is delivered in order. A PUB whose
 * subscriber does not read never blocks: it drops, and the subscriber gets
 * an in-order subset. Small kernel buffers keep the bound small. */
#include "nettest.h"

#define SIZE 1000
#define N 20000

static void setup (void *s)
{
    ts_set_int (s, ZMQ_SNDHWM, 10);
    ts_set_int (s, ZMQ_RCVHWM, 10);
    ts_set_int (s, ZMQ_SNDBUF, 8192);
    ts_set_int (s, ZMQ_RCVBUF, 8192);
}

static void fill (char *buf, int i)
{
    memset (buf, 'x', SIZE);
    memcpy (buf, &i, sizeof i);
}

static void push_blocks (void *ctx)
{
    char ep[256];
    void *pull = ts_socket (ctx, ZMQ_PULL);
    setup (pull);
    nt_bind (pull, "tcp", ep, sizeof ep);
    void *push = ts_socket (ctx, ZMQ_PUSH);
    setup (push);
    REQUIRE (zmq_connect (push, ep) == 0);
    ts_send (push, "hello", 0);
    ts_expect (pull, "hello", 0);

    char buf[SIZE];
    int sent = 0;
    /* Keep offering until the queues (pipes and kernel buffers) are full
     * and stay full for a while. */
    int64_t last_progress = ts_now_ms ();
    while (sent < N && ts_now_ms () - last_progress < 300) {
        fill (buf, sent);
        if (zmq_send (push, buf, SIZE, ZMQ_DONTWAIT) == SIZE) {
            sent++;
            last_progress = ts_now_ms ();
        } else {
            CHECK (zmq_errno () == EAGAIN);
            zmq_poll (NULL, 0, 1);
        }
    }
    fprintf (stderr, "push: %d messages queued before EAGAIN\n", sent);
    CHECK (sent > 0 && sent < N);
    for (int i = 0; i < sent; i++) {
        int rc = -1;
        if (ts_wait_in (pull, TS_WAIT_MS))
            rc = zmq_recv (pull, buf, SIZE, ZMQ_DONTWAIT);
        int got;
        memcpy (&got, buf, sizeof got);
        if (rc != SIZE || got != i) {
            fprintf (stderr, "message %d: rc %d seq %d\n", i, rc, got);
            testutil_failures++;
            break;
        }
    }
    ts_expect_none (pull, 100);
    /* Room again. */
    CHECK (zmq_send (push, "again", 5, ZMQ_DONTWAIT) == 5);
    ts_expect (pull, "again", 0);
    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (pull) == 0);
}

static void pub_drops (void *ctx)
{
    char ep[256];
    void *pub = ts_socket (ctx, ZMQ_PUB);
    setup (pub);
    nt_bind (pub, "tcp", ep, sizeof ep);
    void *sub = ts_socket (ctx, ZMQ_SUB);
    setup (sub);
    REQUIRE (zmq_connect (sub, ep) == 0);
    ts_set_str (sub, ZMQ_SUBSCRIBE, "");
    ts_sync_sub (pub, sub, 0);

    char buf[SIZE];
    for (int i = 0; i < N; i++) {
        fill (buf, i);
        /* A publisher never blocks. */
        CHECK (zmq_send (pub, buf, SIZE, ZMQ_DONTWAIT) == SIZE);
    }
    ts_send (pub, "end", 0);
    int count = 0, last = -1, ok = 1;
    while (ok) {
        int rc = -1;
        if (ts_wait_in (sub, 500))
            rc = zmq_recv (sub, buf, SIZE, ZMQ_DONTWAIT);
        if (rc < 0)
            break;
        if (rc == 3 && memcmp (buf, "end", 3) == 0)
            continue; /* the end marker may itself have been dropped */
        int got;
        memcpy (&got, buf, sizeof got);
        if (rc != SIZE || got <= last) {
            fprintf (stderr, "after %d: rc %d seq %d\n", last, rc, got);
            ok = 0;
        }
        last = got;
        count++;
    }
    CHECK (ok);
    fprintf (stderr, "pub: %d of %d messages delivered\n", count, N);
    CHECK (count > 0 && count < N);
    CHECK (zmq_close (sub) == 0);
    CHECK (zmq_close (pub) == 0);
}

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    push_blocks (ctx);
    pub_drops (ctx);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
