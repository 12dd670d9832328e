/* tcp over IPv6 loopback [::1] with ZMQ_IPV6 (skipped when the machine has
 * no IPv6 loopback). */
#include "nettest.h"

#include <netinet/in.h>
#include <sys/socket.h>

static int have_ipv6_loopback (void)
{
    int fd = socket (AF_INET6, SOCK_STREAM, 0);
    if (fd < 0)
        return 0;
    struct sockaddr_in6 addr;
    memset (&addr, 0, sizeof addr);
    addr.sin6_family = AF_INET6;
    addr.sin6_addr = in6addr_loopback;
    int ok = bind (fd, (struct sockaddr *) &addr, sizeof addr) == 0;
    close (fd);
    return ok;
}

int main (void)
{
    test_start (20);
    if (!have_ipv6_loopback ()) {
        fprintf (stderr, "no IPv6 loopback on this machine\n");
        return 77;
    }
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *server = ts_socket (ctx, ZMQ_REP);
    void *client = ts_socket (ctx, ZMQ_REQ);
    CHECK (ts_get_int (server, ZMQ_IPV6) == 0);
    ts_set_int (server, ZMQ_IPV6, 1);
    ts_set_int (client, ZMQ_IPV6, 1);
    CHECK (ts_get_int (server, ZMQ_IPV6) == 1);

    char ep[256];
    ts_bind_any (server, "tcp://[::1]:*", ep, sizeof ep);
    CHECK (strncmp (ep, "tcp://[::1]:", 12) == 0);
    CHECK (atoi (ep + 12) > 0);
    REQUIRE (zmq_connect (client, ep) == 0);
    for (int i = 0; i < NT_MSGS; i++) {
        nt_send_msg (client, i);
        nt_expect_msg (server, i);
        nt_send_msg (server, i);
        nt_expect_msg (client, i);
    }

    /* The context option sets the default for new sockets. */
    CHECK (zmq_ctx_set (ctx, ZMQ_IPV6, 1) == 0);
    void *s = ts_socket (ctx, ZMQ_PAIR);
    CHECK (ts_get_int (s, ZMQ_IPV6) == 1);
    CHECK (zmq_close (s) == 0);

    CHECK (zmq_close (client) == 0);
    CHECK (zmq_close (server) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
