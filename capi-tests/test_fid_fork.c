/* A forked child lets go of what it inherited without touching the
 * parent's threads (libzmq's test_fork): the parent binds a PULL, forks;
 * the child closes the inherited socket, terminates the inherited context
 * (which must neither hang nor abort, nor disturb the parent; libzmq
 * answers -1/EINTR), then makes its own context and sends to the parent,
 * which receives everything. */
#include "testsock.h"

#include <sys/types.h>
#include <sys/wait.h>

#define COUNT 5

static int child (const char *ep, void *ctx, void *pull)
{
    /* Bounded: a hang here fails the child, and with it the test. */
    alarm (20);
    if (zmq_close (pull) != 0) {
        fprintf (stderr, "child: zmq_close: %s\n", zmq_strerror (zmq_errno ()));
        return 10;
    }
    /* libzmq reports -1/EINTR here: its wait for the parent's threads is
     * cut short by the pid check. */
    int rc = zmq_ctx_term (ctx);
    if (rc != -1 || zmq_errno () != EINTR) {
        fprintf (stderr, "child: zmq_ctx_term returned %d (errno %d)\n", rc,
                 zmq_errno ());
        return 17;
    }
    void *own = zmq_ctx_new ();
    if (!own)
        return 11;
    void *push = zmq_socket (own, ZMQ_PUSH);
    if (!push)
        return 12;
    if (zmq_connect (push, ep) != 0)
        return 13;
    for (int i = 0; i < COUNT; i++)
        if (zmq_send (push, "Hello", 5, 0) != 5)
            return 14;
    if (zmq_close (push) != 0)
        return 15;
    if (zmq_ctx_term (own) != 0)
        return 16;
    return 0;
}

int main (void)
{
    test_start (40);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *pull = ts_socket (ctx, ZMQ_PULL);
    char ep[256];
    ts_bind_any (pull, "tcp://127.0.0.1:*", ep, sizeof ep);

    fflush (stderr);
    pid_t pid = fork ();
    REQUIRE (pid >= 0);
    if (pid == 0)
        _exit (child (ep, ctx, pull));

    for (int i = 0; i < COUNT; i++)
        ts_expect (pull, "Hello", 0);
    int status = 0;
    pid_t waited;
    do
        waited = waitpid (pid, &status, 0);
    while (waited == -1 && errno == EINTR);
    CHECK (waited == pid);
    if (!WIFEXITED (status) || WEXITSTATUS (status) != 0) {
        fprintf (stderr, "child: %s %d\n",
                 WIFEXITED (status) ? "exit" : "signal",
                 WIFEXITED (status) ? WEXITSTATUS (status) : WTERMSIG (status));
        testutil_failures++;
    }

    /* The parent's context is untouched: its socket still works. */
    void *push = ts_socket (ctx, ZMQ_PUSH);
    REQUIRE (zmq_connect (push, ep) == 0);
    ts_send (push, "parent", 0);
    ts_expect (pull, "parent", 0);
    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (pull) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
