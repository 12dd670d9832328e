/* ZMQ_USE_FD: a bound socket takes over a listening fd created by the
 * application instead of opening its own (tcp and ipc). */
#include "nettest.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

static void exchange (void *ctx, void *pull, const char *ep)
{
    void *push = ts_socket (ctx, ZMQ_PUSH);
    REQUIRE (zmq_connect (push, ep) == 0);
    for (int i = 0; i < NT_MSGS; i++)
        nt_send_msg (push, i);
    for (int i = 0; i < NT_MSGS; i++)
        nt_expect_msg (pull, i);
    CHECK (zmq_close (push) == 0);
    (void) pull;
}

int main (void)
{
    test_start (30);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);

    /* tcp */
    int lfd = socket (AF_INET, SOCK_STREAM, 0);
    REQUIRE (lfd >= 0);
    struct sockaddr_in addr;
    memset (&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    REQUIRE (bind (lfd, (struct sockaddr *) &addr, sizeof addr) == 0);
    REQUIRE (listen (lfd, 16) == 0);
    socklen_t len = sizeof addr;
    REQUIRE (getsockname (lfd, (struct sockaddr *) &addr, &len) == 0);
    char ep[256];
    snprintf (ep, sizeof ep, "tcp://127.0.0.1:%d", ntohs (addr.sin_port));
    void *pull = ts_socket (ctx, ZMQ_PULL);
    ts_set_int (pull, ZMQ_USE_FD, lfd);
    CHECK (ts_get_int (pull, ZMQ_USE_FD) == lfd);
    REQUIRE (zmq_bind (pull, ep) == 0);
    char last[256];
    size_t size = sizeof last;
    CHECK (zmq_getsockopt (pull, ZMQ_LAST_ENDPOINT, last, &size) == 0);
    CHECK (strcmp (last, ep) == 0);
    exchange (ctx, pull, ep);
    CHECK (zmq_close (pull) == 0);

    /* ipc */
    char path[108];
    snprintf (path, sizeof path, "/tmp/capi-usefd-%d.ipc", (int) getpid ());
    unlink (path);
    int ufd = socket (AF_UNIX, SOCK_STREAM, 0);
    REQUIRE (ufd >= 0);
    struct sockaddr_un un;
    memset (&un, 0, sizeof un);
    un.sun_family = AF_UNIX;
    strcpy (un.sun_path, path);
    REQUIRE (bind (ufd, (struct sockaddr *) &un, sizeof un) == 0);
    REQUIRE (listen (ufd, 16) == 0);
    snprintf (ep, sizeof ep, "ipc://%s", path);
    pull = ts_socket (ctx, ZMQ_PULL);
    ts_set_int (pull, ZMQ_USE_FD, ufd);
    REQUIRE (zmq_bind (pull, ep) == 0);
    exchange (ctx, pull, ep);
    CHECK (zmq_close (pull) == 0);

    CHECK (zmq_ctx_term (ctx) == 0);
    unlink (path);
    return test_end ();
}
