/* A panic in one connection's handler on an I/O thread costs that
 * connection only: the process survives, the connection is dropped with
 * ZMQ_EVENT_DISCONNECTED and one line on stderr, an established connection
 * on the same bound socket keeps working, the peer whose connection was
 * dropped reconnects, a new connection works, and zmq_ctx_term returns.
 * The panic is injected through the test-only ZMQ_RS_TEST_PANIC hook (point
 * engine_input: the next accepted connection panics at its first input),
 * armed when the second context is created; skipped on the reference. */
#include "monitorutil.h"
#include "panicutil.h"

/* Receives three messages on pull and checks they are want[0..2] in any
 * order (the pull socket queues fairly between its peers). */
static void expect_set (void *pull, const char *const *want)
{
    int seen[3] = {0, 0, 0};
    for (int n = 0; n < 3; n++) {
        char buf[64];
        int rc = ts_recv (pull, buf, sizeof buf);
        if (rc < 0) {
            fprintf (stderr, "message %d of 3 did not arrive\n", n + 1);
            testutil_failures++;
            return;
        }
        int found = 0;
        for (int i = 0; i < 3; i++)
            if (!seen[i] && strcmp (buf, want[i]) == 0)
                seen[i] = found = 1;
        if (!found) {
            fprintf (stderr, "unexpected message '%s'\n", buf);
            testutil_failures++;
        }
    }
}

int main (void)
{
    test_start (30);
    unsetenv ("ZMQ_RS_TEST_PANIC");
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);

    char ep[256];
    void *pull = ts_socket (ctx, ZMQ_PULL);
    ts_bind_any (pull, "tcp://127.0.0.1:*", ep, sizeof ep);
    void *mon = mu_monitor (ctx, pull, "inproc://panic-io-mon",
                            ZMQ_EVENT_DISCONNECTED);

    /* An established connection, before the hook is armed. */
    void *early = ts_socket (ctx, ZMQ_PUSH);
    REQUIRE (zmq_connect (early, ep) == 0);
    ts_send (early, "early-1", 0);
    ts_expect (pull, "early-1", 0);

    /* Arm the hook: the next connection the listener accepts panics. */
    pu_arm ("engine_input");
    void *ctx2 = zmq_ctx_new ();
    REQUIRE (ctx2);

    FILE *capture;
    int saved = pu_stderr_begin (&capture);
    void *victim = ts_socket (ctx, ZMQ_PUSH);
    REQUIRE (zmq_connect (victim, ep) == 0);
    ts_send (victim, "victim-1", 0);
    mu_expect (mon, ZMQ_EVENT_DISCONNECTED, ep);
    char text[4096];
    pu_stderr_end (capture, saved, text, sizeof text);
    CHECK (pu_lines (text) == 1);
    CHECK (strstr (text, "panic in I/O thread object") != NULL);
    CHECK (strstr (text, "engine_input") != NULL);
    fprintf (stderr, "stderr of the I/O thread: %s", text);

    /* The early connection still works; the victim's socket reconnected
     * (a new connection) and delivers what it queued; a new peer works. */
    void *late = ts_socket (ctx, ZMQ_PUSH);
    REQUIRE (zmq_connect (late, ep) == 0);
    ts_send (early, "early-2", 0);
    ts_send (late, "late-1", 0);
    const char *const want[3] = {"early-2", "late-1", "victim-1"};
    expect_set (pull, want);

    /* And a new pair on another transport, in the other context. */
    pu_pair_works (ctx2, "tcp");

    CHECK (zmq_close (early) == 0);
    CHECK (zmq_close (victim) == 0);
    CHECK (zmq_close (late) == 0);
    CHECK (zmq_close (mon) == 0);
    CHECK (zmq_close (pull) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    CHECK (zmq_ctx_term (ctx2) == 0);
    return test_end ();
}
