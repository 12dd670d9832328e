/* ZMQ_IPC_FILTER_UID / _GID / _PID (deprecated, still honoured): a bound ipc
 * socket with filters accepts only peers whose credentials match. */
#include "nettest.h"

/* Does a PUSH from this process get a message through to pull? */
static int accepted (void *ctx, void *pull, const char *ep)
{
    void *push = ts_socket (ctx, ZMQ_PUSH);
    REQUIRE (zmq_connect (push, ep) == 0);
    zmq_send (push, "hi", 2, ZMQ_DONTWAIT);
    int ok = ts_wait_in (pull, 1000);
    if (ok) {
        char buf[8];
        CHECK (zmq_recv (pull, buf, sizeof buf, 0) == 2);
    }
    CHECK (zmq_close (push) == 0);
    return ok;
}

static void run (void *ctx, int option, int match, int other)
{
    char ep[256];
    void *pull = ts_socket (ctx, ZMQ_PULL);
    ts_set_int (pull, option, other);
    nt_bind (pull, "ipc", ep, sizeof ep);
    CHECK (!accepted (ctx, pull, ep));
    CHECK (zmq_close (pull) == 0);

    pull = ts_socket (ctx, ZMQ_PULL);
    ts_set_int (pull, option, other);
    ts_set_int (pull, option, match);
    nt_bind (pull, "ipc", ep, sizeof ep);
    CHECK (accepted (ctx, pull, ep));
    CHECK (zmq_close (pull) == 0);

    /* An empty value clears the list. */
    pull = ts_socket (ctx, ZMQ_PULL);
    ts_set_int (pull, option, other);
    REQUIRE (zmq_setsockopt (pull, option, NULL, 0) == 0);
    nt_bind (pull, "ipc", ep, sizeof ep);
    CHECK (accepted (ctx, pull, ep));
    CHECK (zmq_close (pull) == 0);
}

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    run (ctx, ZMQ_IPC_FILTER_UID, (int) getuid (), (int) getuid () + 4242);
    run (ctx, ZMQ_IPC_FILTER_GID, (int) getgid (), (int) getgid () + 4242);
    run (ctx, ZMQ_IPC_FILTER_PID, (int) getpid (), (int) getpid () + 1);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
