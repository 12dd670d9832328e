/* Frames of every interesting size cross tcp and ipc intact and in order:
 * around the short/long frame boundary (255/256), around typical batch
 * buffer sizes (8 KiB, 64 KiB) and a few MiB; and a long burst of small
 * sequenced messages with multipart ones mixed in arrives in order. */
#include "nettest.h"

static const size_t sizes[] = {0,    1,    2,     254,   255,   256,
                               257,  1023, 1024,  4095,  4096,  8191,
                               8192, 8193, 65535, 65536, 65537, 131072,
                               (size_t) 4 * 1024 * 1024 + 3};

static void fill (unsigned char *buf, size_t size, unsigned seed)
{
    for (size_t i = 0; i < size; i++)
        buf[i] = (unsigned char) (i * 2654435761u + seed);
}

static void run (void *ctx, const char *transport)
{
    void *pull = ts_socket (ctx, ZMQ_PULL);
    void *push = ts_socket (ctx, ZMQ_PUSH);
    /* Everything is sent before anything is read: no limits. */
    ts_set_int (pull, ZMQ_RCVHWM, 0);
    ts_set_int (push, ZMQ_SNDHWM, 0);
    char ep[256];
    nt_bind (pull, transport, ep, sizeof ep);
    REQUIRE (zmq_connect (push, ep) == 0);

    size_t max = sizes[sizeof sizes / sizeof sizes[0] - 1];
    unsigned char *out = malloc (max), *in = malloc (max + 1);
    REQUIRE (out && in);
    /* Each size alone, then all of them as one multipart message. */
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        fill (out, sizes[i], (unsigned) i);
        CHECK (zmq_send (push, out, sizes[i], 0) == (int) sizes[i]);
    }
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        fill (out, sizes[i], (unsigned) i);
        int rc = ts_wait_in (pull, TS_WAIT_MS)
                   ? zmq_recv (pull, in, max + 1, ZMQ_DONTWAIT)
                   : -1;
        if (rc != (int) sizes[i] || memcmp (in, out, sizes[i]) != 0) {
            fprintf (stderr, "%s: size %zu: got %d bytes or wrong content\n",
                     transport, sizes[i], rc);
            testutil_failures++;
        }
    }
    size_t n = sizeof sizes / sizeof sizes[0];
    for (size_t i = 0; i < n; i++) {
        fill (out, sizes[i], (unsigned) (i + 100));
        CHECK (zmq_send (push, out, sizes[i], i + 1 < n ? ZMQ_SNDMORE : 0)
               == (int) sizes[i]);
    }
    for (size_t i = 0; i < n; i++) {
        fill (out, sizes[i], (unsigned) (i + 100));
        int rc = ts_wait_in (pull, TS_WAIT_MS)
                   ? zmq_recv (pull, in, max + 1, ZMQ_DONTWAIT)
                   : -1;
        CHECK (rc == (int) sizes[i] && memcmp (in, out, sizes[i]) == 0);
        CHECK (ts_get_int (pull, ZMQ_RCVMORE) == (i + 1 < n));
    }

    /* A long burst, sequenced, with a two-frame message every 97th. */
    const int count = 100000;
    for (int i = 0; i < count; i++) {
        char text[16];
        int len = snprintf (text, sizeof text, "%d", i);
        if (i % 97 == 0) {
            CHECK (zmq_send (push, "pre", 3, ZMQ_SNDMORE) == 3);
            CHECK (zmq_send (push, text, (size_t) len, 0) == len);
        } else
            CHECK (zmq_send (push, text, (size_t) len, 0) == len);
    }
    int bad = 0;
    for (int i = 0; i < count && !bad; i++) {
        char text[16];
        if (!ts_wait_in (pull, TS_WAIT_MS)) {
            bad = 1;
            break;
        }
        if (i % 97 == 0) {
            bad |= zmq_recv (pull, text, sizeof text, 0) != 3;
            bad |= ts_get_int (pull, ZMQ_RCVMORE) != 1;
        }
        int rc = zmq_recv (pull, text, sizeof text - 1, 0);
        bad |= rc <= 0;
        if (rc > 0) {
            text[rc] = 0;
            bad |= atoi (text) != i;
        }
        if (bad)
            fprintf (stderr, "%s: burst broken at message %d\n", transport, i);
    }
    CHECK (!bad);
    ts_expect_none (pull, 20);

    free (out);
    free (in);
    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (pull) == 0);
}

int main (void)
{
    test_start (60);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    run (ctx, "tcp");
    run (ctx, "ipc");
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
