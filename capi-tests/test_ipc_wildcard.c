/* Binding to the ipc wildcard ("ipc://" then "*") gives a fresh path (reported by ZMQ_LAST_ENDPOINT); each bind
 * gets its own; clients connect to the reported endpoint. */
#include "nettest.h"

int main (void)
{
    test_start (20);
    void *ctx = zmq_ctx_new ();
    REQUIRE (ctx);
    void *a = ts_socket (ctx, ZMQ_PULL);
    void *b = ts_socket (ctx, ZMQ_PULL);
    char ep_a[256], ep_b[256];
    ts_bind_any (a, "ipc://*", ep_a, sizeof ep_a);
    ts_bind_any (b, "ipc://*", ep_b, sizeof ep_b);
    CHECK (strncmp (ep_a, "ipc://", 6) == 0 && strlen (ep_a) > 6);
    CHECK (strcmp (ep_a, ep_b) != 0);
    CHECK (strcmp (ep_a, "ipc://*") != 0);
    /* The path exists as a socket file. */
    CHECK (access (ep_a + 6, F_OK) == 0);

    void *push = ts_socket (ctx, ZMQ_PUSH);
    REQUIRE (zmq_connect (push, ep_a) == 0);
    REQUIRE (zmq_connect (push, ep_b) == 0);
    ts_send (push, "one", 0);
    ts_send (push, "two", 0);
    char buf[16];
    int got_a = ts_recv (a, buf, sizeof buf) == 3;
    int got_b = ts_recv (b, buf, sizeof buf) == 3;
    CHECK (got_a && got_b);

    /* An explicit path works the same way. */
    char ep_c[256];
    void *c = ts_socket (ctx, ZMQ_PULL);
    nt_free_endpoint (ctx, "ipc", ep_c, sizeof ep_c);
    REQUIRE (zmq_bind (c, ep_c) == 0);
    char last[256];
    size_t size = sizeof last;
    CHECK (zmq_getsockopt (c, ZMQ_LAST_ENDPOINT, last, &size) == 0);
    CHECK (strcmp (last, ep_c) == 0);
    void *push2 = ts_socket (ctx, ZMQ_PUSH);
    REQUIRE (zmq_connect (push2, ep_c) == 0);
    ts_send (push2, "explicit", 0);
    ts_expect (c, "explicit", 0);

    CHECK (zmq_close (push2) == 0);
    CHECK (zmq_close (c) == 0);
    unlink (ep_c + 6);
    CHECK (zmq_close (push) == 0);
    CHECK (zmq_close (a) == 0);
    CHECK (zmq_close (b) == 0);
    CHECK (zmq_ctx_term (ctx) == 0);
    return test_end ();
}
