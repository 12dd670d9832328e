/* ZMQ_CONNECT_TIMEOUT: a tcp connect that does not complete is given up
 * after the timeout and retried; without the option the connect just
 * waits. Loopback connects
 * normally complete at once, so the test makes one hang: a plain listener
 * with a full accept queue drops further SYNs. Each attempt is a new tcp
 * socket, so the attempts are counted by the local ports the zmq socket
 * used. */
#include "rawpeer.h"

#include <fcntl.h>

/* How many different local ports the zmq socket's pending connects used
 * within ms: each retry is a new socket, so a new port. Ours are the
 * AF_INET sockets in this process other than the listener and the fillers,
 * which all have fds below first_zmq_fd. */
static int attempts (int first_zmq_fd, int ms)
{
    int ports[64];
    int n = 0;
    int64_t deadline = ts_now_ms () + ms;
    while (ts_now_ms () < deadline) {
        for (int fd = first_zmq_fd; fd < 1024; fd++) {
            struct sockaddr_in a;
            socklen_t len = sizeof a;
            if (getsockname (fd, (struct sockaddr *) &a, &len) != 0
                || a.sin_family != AF_INET || a.sin_port == 0)
                continue;
            int known = 0;
            for (int i = 0; i < n; i++)
                known |= ports[i] == a.sin_port;
            if (!known && n < 64)
                ports[n++] = a.sin_port;
        }
        zmq_poll (NULL, 0, 5);
    }
    return n;
}

static int run (void *ctx, const char *ep, int timeout, int first_zmq_fd)
{
    void *push = ts_socket (ctx, ZMQ_PUSH);
    if (timeout) {
        ts_set_int (push, ZMQ_CONNECT_TIMEOUT, timeout);
        CHECK (ts_get_int (push, ZMQ_CONNECT_TIMEOUT) == timeout);
    }
    ts_set_int (push, ZMQ_RECONNECT_IVL, 100);
    REQUIRE (zmq_connect (push, ep) == 0);
    int n = attempts (first_zmq_fd, 900);
    CHECK (zmq_close (push) == 0);
    return n;
}

int main (void)
{
    test_start (30);
    int lfd = socket (AF_INET, SOCK_STREAM, 0);
    REQUIRE (lfd >= 0);
    struct sockaddr_in addr;
    memset (&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    REQUIRE (bind (lfd, (struct sockaddr *) &addr, sizeof addr) == 0);
    REQUIRE (listen (lfd, 0) == 0);
    socklen_t len = sizeof addr;
    REQUIRE (getsockname (lfd, (struct sockaddr *) &addr, &len) == 0);
    /* Fill the accept queue; nobody accepts. */
    int fill[4];
    for (int i = 0; i < 4; i++) {
        fill[i] = socket (AF_INET, SOCK_STREAM, 0);
        REQUIRE (fill[i] >= 0);
        fcntl (fill[i], F_SETFL, O_NONBLOCK);
        connect (fill[i], (struct sockaddr *) &addr, sizeof addr);
    }
    /* Is a connect now hanging? If the kernel does not behave so, the
     * timeout cannot be observed here. */
    int probe = socket (AF_INET, SOCK_STREAM, 0);
    fcntl (probe, F_SETFL, O_NONBLOCK);
    connect (probe, (struct sockaddr *) &addr, sizeof addr);
    struct pollfd pfd = {probe, POLLOUT, 0};
    if (poll (&pfd, 1, 300) != 0) {
        fprintf (stderr, "loopback connects to a full listener do not hang "
                         "here: connect timeout not observable\n");
        return 77;
    }
    close (probe);

    char ep[64];
    snprintf (ep, sizeof ep, "tcp://127.0.0.1:%d", ntohs (addr.sin_port));
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    /* Fds the context takes come after this one. */
    int first_zmq_fd = probe;
    /* Without first: the fds of a closed socket go away asynchronously. */
    int without = run (ctx, ep, 0, first_zmq_fd);
    int with = run (ctx, ep, 100, first_zmq_fd);
    fprintf (stderr,
             "connect attempts in 900 ms: %d with a 100 ms timeout, %d "
             "without\n",
             with, without);
    CHECK (with >= 2);
    CHECK (without == 1);
    CHECK (zmq_ctx_term (ctx) == 0);
    for (int i = 0; i < 4; i++)
        close (fill[i]);
    close (lfd);
    return test_end ();
}
