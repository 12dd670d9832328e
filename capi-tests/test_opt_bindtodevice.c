/* ZMQ_BINDTODEVICE: the socket's tcp connections (connecting and listening
 * side) are bound to the named interface. Needs CAP_NET_RAW (root). */
#include "rawpeer.h"

#include <net/if.h>

static int device_of (int fd, char *name, socklen_t size)
{
    memset (name, 0, size);
    return getsockopt (fd, SOL_SOCKET, SO_BINDTODEVICE, name, &size);
}

int main (void)
{
    test_start (30);
    if (geteuid () != 0) {
        fprintf (stderr, "SO_BINDTODEVICE needs root\n");
        return 77;
    }
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    char ep[64];

    /* Listening side: the zmq listener is the only socket in the process
     * bound to the port, found by its address. */
    void *pull = ts_socket (ctx, ZMQ_PULL);
    ts_set_str (pull, ZMQ_BINDTODEVICE, "lo");
    char dev[IFNAMSIZ];
    size_t size = sizeof dev;
    CHECK (zmq_getsockopt (pull, ZMQ_BINDTODEVICE, dev, &size) == 0);
    CHECK (strcmp (dev, "lo") == 0);
    ts_bind_any (pull, "tcp://127.0.0.1:*", ep, sizeof ep);
    int port = atoi (strrchr (ep, ':') + 1);
    int found = 0;
    for (int fd = 3; fd < 1024; fd++) {
        struct sockaddr_in a;
        socklen_t len = sizeof a;
        int listening = 0;
        socklen_t llen = sizeof listening;
        if (getsockname (fd, (struct sockaddr *) &a, &len) != 0
            || a.sin_family != AF_INET || ntohs (a.sin_port) != port
            || getsockopt (fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &llen)
                 != 0
            || !listening)
            continue;
        char name[IFNAMSIZ];
        CHECK (device_of (fd, name, sizeof name) == 0);
        CHECK (strcmp (name, "lo") == 0);
        found = 1;
    }
    CHECK (found);

    /* Traffic still flows over lo. */
    void *push = ts_socket (ctx, ZMQ_PUSH);
    ts_set_str (push, ZMQ_BINDTODEVICE, "lo");
    REQUIRE (zmq_connect (push, ep) == 0);
    ts_send (push, "over lo", 0);
    ts_expect (pull, "over lo", 0);
    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (pull) == 0);

    /* An interface that does not exist: the bind fails. */
    pull = ts_socket (ctx, ZMQ_PULL);
    ts_set_str (pull, ZMQ_BINDTODEVICE, "nosuchdev0");
    CHECK (zmq_bind (pull, "tcp://127.0.0.1:*") == -1);
    CHECK (zmq_close (pull) == 0);

    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
