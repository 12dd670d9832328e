/* ZMQ_CONFLATE over tcp and ipc: the receiving socket keeps only the last
 * message that arrived, so a reader that falls behind sees a strictly
 * increasing subset ending with the last message sent. */
#include "nettest.h"

#define N 20000

static void run (void *ctx, const char *transport)
{
    char ep[256];
    void *pull = ts_socket (ctx, ZMQ_PULL);
    ts_set_int (pull, ZMQ_CONFLATE, 1);
    CHECK (ts_get_int (pull, ZMQ_CONFLATE) == 1);
    nt_bind (pull, transport, ep, sizeof ep);
    void *push = ts_socket (ctx, ZMQ_PUSH);
    REQUIRE (zmq_connect (push, ep) == 0);
    ts_send (push, "hello", 0);
    ts_expect (pull, "hello", 0);

    for (int i = 0; i < N; i++) {
        char buf[16];
        int len = snprintf (buf, sizeof buf, "%d", i);
        CHECK (zmq_send (push, buf, (size_t) len, 0) == len);
    }
    int last = -1, count = 0, ok = 1;
    while (last != N - 1 && ok) {
        char buf[16];
        int rc = ts_recv (pull, buf, sizeof buf);
        if (rc < 0) {
            ok = 0;
            break;
        }
        int v = atoi (buf);
        if (v <= last) {
            fprintf (stderr, "%s: got %d after %d\n", transport, v, last);
            ok = 0;
        }
        last = v;
        count++;
    }
    CHECK (ok);
    CHECK (last == N - 1);
    /* Nothing older turns up afterwards. */
    ts_expect_none (pull, 100);
    fprintf (stderr, "%s: %d of %d messages kept\n", transport, count, N);
    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (pull) == 0);
}

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    run (ctx, "tcp");
    run (ctx, "ipc");
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
